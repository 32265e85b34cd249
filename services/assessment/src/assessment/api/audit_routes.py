"""Assessment's full audit history: every stored event in order, with actor and both times."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from assessment.api.common import AUDIT_READERS
from assessment.api.deps import AssessmentsDep
from assessment.api.responses import AuditEntry, AuditEventsResponse
from shared.history import history_entry
from shared.web.authz import ZerenRoute
from shared.web.pagination import CursorCodec, PageDep

router = APIRouter(tags=["audit"], route_class=ZerenRoute)


class AuditKey(BaseModel):
    position: int


AUDIT_EVENTS_CURSOR = CursorCodec("assessment.audit_events", AuditKey)


@router.get(
    "/audit/events",
    summary="Every event assessment recorded (scheme versions, entries, rankings, decisions, matters), in order",
    dependencies=AUDIT_READERS,
)
def audit_events(assessments: AssessmentsDep, page: PageDep) -> AuditEventsResponse:
    after = AUDIT_EVENTS_CURSOR.decode(page.cursor)
    # Notification ids only grow in the order events commit, so the next page starts after the last
    # position sent; an event recorded meanwhile comes on a later page, never before it.
    notifications = assessments.recorder.select_notifications(
        start=after.position + 1 if after is not None else 1, limit=page.limit + 1
    )
    shown, next_cursor = AUDIT_EVENTS_CURSOR.page(notifications, page.limit, key=lambda n: AuditKey(position=n.id))
    events = [
        AuditEntry.model_validate({**history_entry(assessments.mapper.to_domain_event(n)), "position": n.id})
        for n in shown
    ]
    return AuditEventsResponse(events=events, next_cursor=next_cursor)
