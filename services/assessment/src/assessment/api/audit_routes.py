"""Assessment's full audit history: every stored event in order, with actor and both times."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assessment.api.common import AUDIT_READERS
from assessment.api.deps import AssessmentsDep
from assessment.api.responses import AuditEntry
from shared.history import history_entry
from shared.web.authz import ZerenRoute

router = APIRouter(tags=["audit"], route_class=ZerenRoute)


@router.get(
    "/audit/events",
    summary="Every event assessment recorded (scheme versions, entries, rankings, decisions, matters), in order",
    dependencies=AUDIT_READERS,
)
def audit_events(
    assessments: AssessmentsDep,
    after: Annotated[int, Query(ge=0, description="cursor: the last position of the previous page")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AuditEntry]:
    notifications = assessments.recorder.select_notifications(start=after + 1, limit=limit)
    return [
        AuditEntry.model_validate({**history_entry(assessments.mapper.to_domain_event(n)), "position": n.id})
        for n in notifications
    ]
