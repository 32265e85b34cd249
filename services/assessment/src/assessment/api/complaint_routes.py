"""Complaints about enforcement: received and decided by the secretariat; units read their own."""

from __future__ import annotations

import asyncio
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status
from pydantic import BaseModel

from assessment.api.common import READ, ensure_sees, histories, unit_filter
from assessment.api.deps import AssessmentsDep, PoolDep
from assessment.api.requests import DecideComplaintRequest, ReceiveComplaintRequest
from assessment.api.responses import ComplaintListItem, ComplaintResponse, ComplaintsResponse
from assessment.readmodel import decisions as lists
from shared.web.authz import Role, ZerenRoute, allow
from shared.web.commands import CommandDep, CommandResult
from shared.web.identity import CurrentIdentity
from shared.web.pagination import CursorCodec, PageDep

router = APIRouter(tags=["complaints"], route_class=ZerenRoute)
HANDLERS = [allow(Role.ASSESSMENT_SECRETARIAT, Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]


class ComplaintKey(BaseModel):
    complaint_id: UUID


COMPLAINTS_CURSOR = CursorCodec("assessment.complaints", ComplaintKey)


@router.post("/complaints", status_code=status.HTTP_201_CREATED, summary="Receive a complaint", dependencies=HANDLERS)
def receive_complaint(body: ReceiveComplaintRequest, assessments: AssessmentsDep, command: CommandDep) -> CommandResult:
    result = command.run(
        assessments,
        lambda: assessments.receive_complaint(
            channel=body.channel,
            subject_type=body.subject_type,
            subject_id=body.subject_id,
            unit_id=body.unit_id,
            summary=body.summary,
            related=dict(body.related),
            evidence_ref=body.evidence_ref,
            received_at=body.received_at,
        ),
    )
    command.response.headers["Location"] = f"/complaints/{result.id}"
    return result


@router.post(
    "/complaints/{complaint_id}/decision",
    summary="Decide a complaint; an upheld one raises an accountability matter (trigger complaint)",
    dependencies=HANDLERS,
)
def decide_complaint(
    complaint_id: UUID, body: DecideComplaintRequest, assessments: AssessmentsDep, command: CommandDep
) -> CommandResult:
    return command.run(
        assessments,
        lambda: assessments.decide_complaint(
            complaint_id,
            upheld=body.upheld,
            finding=body.finding,
            evidence_ref=body.evidence_ref,
            officer_ids=[str(o) for o in body.officer_ids],
            fault_category=body.fault_category,
            decided_at=body.decided_at,
            expected_version=command.expected_version,
        ),
    )


@router.get("/complaints/{complaint_id}", summary="A complaint and its history", dependencies=READ)
async def get_complaint(
    complaint_id: UUID, assessments: AssessmentsDep, identity: CurrentIdentity
) -> ComplaintResponse:
    complaint = await asyncio.to_thread(assessments.get_complaint, complaint_id)
    ensure_sees(identity, complaint.unit_id)
    events = await asyncio.to_thread(assessments.stored_events, complaint_id)
    return ComplaintResponse(
        id=complaint.id,
        version=complaint.version,
        status=complaint.status,
        channel=complaint.channel.value,
        subject_type=complaint.subject_type,
        subject_id=complaint.subject_id,
        unit_id=complaint.unit_id,
        summary=complaint.summary,
        related=complaint.related,
        evidence_ref=complaint.evidence_ref,
        received_at=complaint.received_at,
        decided_at=complaint.decided_at,
        finding=complaint.finding,
        officer_ids=complaint.officer_ids,
        matter_id=complaint.matter_id,
        history=histories(events),
    )


@router.get("/complaints", summary="Complaints, filtered; units see their own", dependencies=READ)
async def list_complaints(
    *,
    pool: PoolDep,
    identity: CurrentIdentity,
    page: PageDep,
    status: Annotated[str | None, Query(pattern="^(received|upheld|not_upheld)$")] = None,
    unit_id: Annotated[str | None, Query(max_length=64)] = None,
) -> ComplaintsResponse:
    after = COMPLAINTS_CURSOR.decode(page.cursor)
    rows = await lists.complaints(
        pool,
        status=status,
        unit_id=unit_filter(identity, unit_id),
        after=after.complaint_id if after is not None else None,
        limit=page.limit + 1,
    )
    complaints, next_cursor = COMPLAINTS_CURSOR.page(
        [ComplaintListItem.model_validate(row) for row in rows],
        page.limit,
        key=lambda c: ComplaintKey(complaint_id=c.complaint_id),
    )
    return ComplaintsResponse(complaints=complaints, next_cursor=next_cursor)
