"""Reading a penalty case: its state, its history, and its "no step omitted" checklist."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from cases.api.deps import READ, CasesDep
from cases.api.schemas import HistoryEntryResponse
from cases.api.views import CaseResponse, ChecklistResponse, case_view, checklist_view
from shared.history import history
from shared.web.authz import ZerenRoute

router = APIRouter(tags=["cases"], route_class=ZerenRoute)


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
