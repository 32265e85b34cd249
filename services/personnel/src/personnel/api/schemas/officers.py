"""Bodies of the officer, training and exam routes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from personnel.api.schemas.common import Code, Decision, Ids, Instant, LongText, Text, Texts
from personnel.domain import DepartureReason, ExamKind, PostRank, RemovalReason, StaffKind, TrainingKind
from shared.web.requests import Request


class EnrollOfficerRequest(Request):
    name: Text = Field(examples=["王建国"])
    unit_id: Code = Field(examples=["STN03"])
    staff_kind: StaffKind = Field(examples=["permanent"])


class AssignUnitRequest(Decision):
    unit_id: Code


class PostRequest(Decision):
    title: Text = Field(examples=["执法监察员"])
    rank: PostRank = PostRank.STAFF
    enforcement: bool


class TransferRequest(PostRequest):
    unit_id: Code | None = Field(default=None, description="the new unit, if the transfer changes unit")


class RemovalRequest(Request):
    reason: Literal[RemovalReason.ACCOUNTABILITY, RemovalReason.ASSESSMENT]
    note: LongText = ""
    decided_by: Text
    at: Instant | None = None
    accountability_id: UUID | None = None


class RestorationRequest(Decision):
    pass


class DepartureRequest(Request):
    reason: DepartureReason = Field(description="retired (退休) | resigned (辞职) | transferred_out (调出)")
    note: LongText = ""
    decided_by: Text = Field(examples=["县人力资源和社会保障局"])
    at: Instant | None = Field(default=None, description="when the officer left (default: now)")


class DutyRequest(Request):
    power_ids: Annotated[Ids, Field(min_length=1)]
    standards: LongText
    scope: LongText
    responsibility: LongText


class TrainingSessionRequest(Request):
    kind: TrainingKind
    held_at: Instant
    topics: Texts = Field(default_factory=list)
    trainer: Text
    attendee_ids: Annotated[Ids, Field(min_length=1)]


class ExamRequest(Request):
    exam_round: Code = Field(examples=["2018Q3"], description="the exam's round; a retake names the same round")
    kind: ExamKind
    attempt_no: Literal[1, 2]
    score: Annotated[float, Field(ge=0, le=100)]
    closed_book: bool = True
    taken_at: Instant


class ApplicationRequest(Request):
    training_session_ids: Ids = Field(default_factory=list)


class PostResponse(BaseModel):
    title: str
    rank: PostRank
    enforcement: bool


class RemovalResponse(BaseModel):
    started_at: datetime
    ended_at: datetime | None
    reason: str
    decided_by: str
    accountability_id: UUID | None
    exam_id: UUID | None


class DepartureResponse(BaseModel):
    reason: DepartureReason
    note: str
    decided_by: str
    at: datetime


class ScheduledSanctionResponse(BaseModel):
    """A sanction decided to take effect later; `applied_at` or `cancelled_at` once settled."""

    accountability_id: UUID
    sanction_type: str
    takes_effect_at: datetime
    until: date | None
    certificate_no: str | None
    decided_by: str
    scheduled_at: datetime
    applied_at: datetime | None
    cancelled_at: datetime | None
    cancellation: str | None = Field(
        description="why it will not take effect: `sanction <id> revoked: <reason>`, `officer_departed` (the "
        "officer left first), or `refused:<code>` (the rules refused it when due)"
    )


class ExamAttemptResponse(BaseModel):
    exam_id: UUID
    exam_round: str
    kind: ExamKind
    attempt_no: int
    score: float
    pass_mark: int
    passed: bool
    closed_book: bool
    taken_at: datetime
    rules_version: int


class OfficerResponse(BaseModel):
    id: UUID
    version: int
    name: str
    unit_id: str
    staff_kind: StaffKind
    post: PostResponse | None
    on_enforcement_post: bool
    departure: DepartureResponse | None = Field(description="set once the officer has left the bureau")
    removals: list[RemovalResponse]
    scheduled_sanctions: list[ScheduledSanctionResponse]
    pre_post_training_session_id: UUID | None
    exams: list[ExamAttemptResponse]
    open_application_id: UUID | None
    certificate_nos: list[str]
    duties: list[dict[str, Any]]


class StandingResponse(BaseModel):
    officer_id: UUID
    at: datetime
    can_enforce: bool
    certificate_no: str | None
    reason: str | None = Field(
        description="no_certificate | out_of_scope | removed_from_post | not_yet_valid | expired | suspended | "
        "revoked | cancelled | replaced | not_reviewed | review_failed"
    )


class OfficerListItem(BaseModel):
    officer_id: UUID
    name: str
    unit_id: str
    staff_kind: str
    post_title: str | None
    post_rank: str | None
    enforcement_post: bool
    removed_from_enforcement_post: bool
    departed_at: datetime | None
    departure_reason: str | None


class OfficerPage(BaseModel):
    officers: list[OfficerListItem]
    next_cursor: UUID | None


class TrainingSessionResponse(BaseModel):
    id: UUID
    version: int
    kind: TrainingKind
    held_at: datetime
    topics: list[str]
    trainer: str
    attendee_ids: list[UUID]
