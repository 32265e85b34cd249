"""Routes of case-file review (案卷评查): start a review, record defects (errors found), complete it."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Response, status
from pydantic import Field

from cases.api.deps import READ, REVIEWERS, CasesDep
from cases.api.schemas import Code, HistoryEntryResponse, LongText, Responsible, When, responsible
from cases.api.views import FileReviewResponse, file_review_view
from shared.history import history
from shared.web.authz import ZerenRoute
from shared.web.commands import CommandDep, CommandResult
from shared.web.requests import Request

router = APIRouter(tags=["case-file reviews"], route_class=ZerenRoute)


class StartReviewRequest(Request):
    case_id: UUID
    reviewer_ids: Annotated[list[UUID], Field(min_length=1, max_length=10)]
    occasion: Literal["monthly_sample", "annual", "superior_check", "other"]
    started_at: When = None


class DefectRequest(Request):
    category: Literal["authority", "facts_evidence", "legal_basis", "procedure", "documents", "discretion"]
    code: Code = Field(examples=["single_investigator", "notice_missing_rights"])
    severity: Literal["minor", "major"]
    points: Annotated[int, Field(ge=0, le=100)]
    description: LongText
    responsible: Annotated[Responsible, Field(min_length=1)]
    found_at: When = None


class CompleteReviewRequest(Request):
    summary: LongText
    completed_at: When = None


@router.post(
    "/case-file-reviews",
    status_code=status.HTTP_201_CREATED,
    summary="Start reviewing a closed case's file",
    dependencies=REVIEWERS,
)
def start_file_review(body: StartReviewRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    result = command.run(cases, lambda: cases.start_file_review(**body.model_dump()))
    command.response.headers["Location"] = f"/case-file-reviews/{result.id}"
    return result


@router.post(
    "/case-file-reviews/{review_id}/defects",
    summary="Record a defect of the file: an error found, with the officers responsible",
    dependencies=REVIEWERS,
)
def record_defect(review_id: UUID, body: DefectRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    fields = body.model_dump(exclude={"responsible"})
    return command.run(
        cases,
        lambda: cases.record_defect(
            review_id, responsible=responsible(body.responsible), expected_version=command.expected_version, **fields
        ),
    )


@router.post("/case-file-reviews/{review_id}/completion", summary="Score the file", dependencies=REVIEWERS)
def complete_file_review(
    review_id: UUID, body: CompleteReviewRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.complete_file_review(review_id, expected_version=command.expected_version, **body.model_dump()),
    )


@router.get("/case-file-reviews/{review_id}", summary="A case-file review", dependencies=READ)
def get_file_review(review_id: UUID, cases: CasesDep, response: Response) -> FileReviewResponse:
    review = cases.file_review(review_id)
    response.headers["ETag"] = f'"{review.version}"'
    return file_review_view(review)


@router.get("/case-file-reviews/{review_id}/history", summary="Every event of a review", dependencies=READ)
def file_review_history(review_id: UUID, cases: CasesDep) -> list[HistoryEntryResponse]:
    return [HistoryEntryResponse.model_validate(entry) for entry in history(cases.file_review_history(review_id))]
