"""Reading a penalty case: its state, its history, and its "no step omitted" checklist."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from cases.api.deps import READ, CasesDep, InvalidCursorError, PoolDep, listed_unit
from cases.api.schemas import HistoryEntryResponse
from cases.api.views import CaseResponse, ChecklistResponse, case_view, checklist_view
from cases.readmodel.procedure_index import list_cases
from shared.history import history
from shared.web.authz import ZerenRoute
from shared.web.identity import CurrentIdentity

router = APIRouter(tags=["cases"], route_class=ZerenRoute)

Stage = Literal[
    "investigating", "under_review", "review_passed", "noticed", "decided", "enforcing", "closed", "archived"
]


class CaseListItem(BaseModel):
    case_id: UUID
    case_no: str
    lead_id: UUID
    unit_id: str
    violation_type: str
    party_type: str
    template_version: str
    filed_at: datetime
    stage: str
    last_step: str | None
    outcome: str | None
    decided_at: datetime | None
    closed_at: datetime | None
    archived_at: datetime | None
    breaches: list[str]


class CaseList(BaseModel):
    items: list[CaseListItem]
    next_cursor: str | None


@router.get("/cases", summary="A unit's penalty cases, newest first (a read model: it may lag)", dependencies=READ)
async def get_cases(
    *,
    pool: PoolDep,
    identity: CurrentIdentity,
    unit_id: Annotated[str | None, Query(max_length=64)] = None,
    stage: Stage | None = None,
    breached: Annotated[bool, Query(description="only cases that missed a deadline")] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> CaseList:
    try:
        page = await list_cases(
            pool,
            unit_id=listed_unit(identity, unit_id),
            stage=stage,
            breached_only=breached,
            limit=limit,
            cursor=cursor,
        )
    except ValueError:
        raise InvalidCursorError("the cursor is not one this list gave out", cursor=cursor) from None
    return CaseList(items=[CaseListItem.model_validate(row) for row in page.items], next_cursor=page.next_cursor)


@router.get("/cases/{case_id}", summary="A penalty case as of now", dependencies=READ)
def get_case(case_id: UUID, cases: CasesDep, response: Response) -> CaseResponse:
    case = cases.get_case(case_id)
    response.headers["ETag"] = f'"{case.version}"'
    return case_view(case)


@router.get("/cases/{case_id}/history", summary="Every recorded event of a case, oldest first", dependencies=READ)
def case_history(case_id: UUID, cases: CasesDep) -> list[HistoryEntryResponse]:
    return [HistoryEntryResponse.model_validate(entry) for entry in history(cases.case_history(case_id))]


@router.get(
    "/cases/{case_id}/checklist",
    summary="The case's steps and documents against its template (程序不漏项)",
    dependencies=READ,
)
def case_checklist(case_id: UUID, cases: CasesDep) -> ChecklistResponse:
    return checklist_view(cases.get_case(case_id))
