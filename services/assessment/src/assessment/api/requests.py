"""Request bodies of the assessment API (strict: unknown fields are rejected, sizes bounded)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from assessment.domain.accountability.terms import (
    AggravationGround,
    AppealResult,
    Category,
    ExemptionEffect,
    ExemptionGround,
    ResponsibleRole,
    Share,
    Tier,
    Trigger,
)
from assessment.domain.complaints import ComplaintChannel
from assessment.domain.decisions import TransferOutcome
from assessment.domain.entries import EvaluationMethod
from assessment.domain.periods import SubjectType
from assessment.domain.rewards import RewardKind
from shared.web.requests import Request

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Code = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")
]
Points = Annotated[Decimal, Field(ge=0, le=100, max_digits=6, decimal_places=2)]


class SubjectEntry(Request):
    subject_type: SubjectType
    subject_id: Code = Field(description="the unit code, or the officer's id", examples=["STN03"])
    unit_id: Code = Field(description="the unit (the officer's unit for an officer)", examples=["STN03"])
    counts_for: date = Field(description="the day the entry counts for; it decides the period")
    evidence_ref: Text = Field(description="where the evidence is filed", examples=["考核档案 2018-03 第12号"])
    note: Note = ""

    @model_validator(mode="after")
    def _officers_are_ids(self) -> SubjectEntry:
        if self.subject_type is SubjectType.OFFICER:
            UUID(self.subject_id)  # ValueError -> 422
        return self


class PublicEvaluationRequest(SubjectEntry):
    method: EvaluationMethod
    score: Points
    sample_size: Annotated[int, Field(ge=1, le=1_000_000)]


class ScoreItemRequest(SubjectEntry):
    item_code: Code = Field(examples=["patrol_and_stopping"])
    points: Points


class DeductionRequest(SubjectEntry):
    deduction_code: Code = Field(examples=["enforcement_petition"])
    occurrences: Annotated[int, Field(ge=1, le=1000)] = 1


class BonusRequest(SubjectEntry):
    bonus_code: Code = Field(examples=["superior_commendation"])
    points: Points


class WithdrawEntryRequest(Request):
    reason: LongText


class PublishSchemeRequest(Request):
    effective_from: date
    values: dict[str, Any] = Field(description="the whole scheme, in the form GET /scheme returns")
    note: Note = ""


class PublishAccountabilityRulesRequest(Request):
    effective_from: date
    values: dict[Code, int]
    note: Note = ""


class HoldTalkRequest(Request):
    held_at: AwareDatetime = Field(description="when the talk was held (may be before it is recorded)")
    held_by: Text = Field(description="who held it (the director or a deputy)")
    minutes_ref: Text = Field(description="where the minutes are filed")
    note: Note = ""


class GrantRewardRequest(Request):
    subject_id: Text = Field(description="the unit code or officer id, as on the ranking")
    kind: RewardKind = Field(description="commendation (通报表扬) | advanced (评为先进) | bonus (奖金)")
    granted_by: Text = Field(description="who decided it", examples=["局长办公会 2018-04-09"])
    granted_at: AwareDatetime = Field(description="when it was decided (may be before it is recorded)")
    note: Note = ""


class DecideTransferRequest(Request):
    outcome: TransferOutcome
    officer_id: UUID | None = Field(default=None, description="the officer transferred (a unit's head)")
    from_post: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    to_post: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    to_enforcement_post: bool = Field(
        default=False,
        description="whether the new post is an enforcement post; if not, personnel withdraws the officer's"
        " enforcement certificate (收回) at the transfer",
    )
    note: Note = ""
    decided_at: AwareDatetime


class RaiseMatterRequest(Request):
    category: Category
    trigger: Trigger
    unit_id: Code
    suspected_officer_ids: Annotated[list[UUID], Field(max_length=50)] = Field(default=[])
    related: Annotated[dict[Code, Text], Field(max_length=20)] = Field(
        default_factory=dict, examples=[{"case_id": "1b2c…", "deadline_kind": "filing"}]
    )
    summary: LongText
    trigger_event_id: Code | None = Field(
        default=None, description="the event that triggered the matter: the same trigger raises one matter only"
    )


class OpenInvestigationRequest(Request):
    investigator_ids: Annotated[list[Text], Field(min_length=1, max_length=20)]


class DetermineResponsibilityRequest(Request):
    officer_id: UUID
    role: ResponsibleRole
    share: Share
    basis: LongText


class GrantExemptionRequest(Request):
    officer_id: UUID
    ground: ExemptionGround | None = Field(default=None, description="required: an exemption needs a ground")
    effect: ExemptionEffect
    note: Note = ""


class ApplyAggravationRequest(Request):
    officer_id: UUID
    ground: AggravationGround
    note: Note = ""


class ImposeSanctionRequest(Request):
    officer_id: UUID | None = None
    unit_id: Code | None = Field(default=None, description="for a unit-level sanction (tier unit)")
    officer_unit_id: Code | None = Field(default=None, description="the officer's unit, if not the matter's")
    sanction_type: Code = Field(examples=["certificate_suspension"])
    tier: Tier
    effective_at: AwareDatetime
    ends_at: AwareDatetime | None = None


class AppealRequest(Request):
    grounds: LongText
    appealed_at: AwareDatetime = Field(description="when the written appeal was lodged")


class DecideAppealRequest(Request):
    result: AppealResult
    note: Note = ""
    replacement_type: Code | None = None
    replacement_tier: Tier | None = None
    replacement_ends_at: AwareDatetime | None = None


class CloseMatterRequest(Request):
    summary: LongText


class ReceiveComplaintRequest(Request):
    channel: ComplaintChannel
    subject_type: SubjectType
    subject_id: Code = Field(description="the unit code, or the officer's id", examples=["STN03"])
    unit_id: Code = Field(description="the unit (the officer's unit for an officer)", examples=["STN03"])
    summary: LongText = Field(description="what the complainant says happened; kept in assessment only")
    related: Annotated[dict[Code, Text], Field(max_length=20)] = Field(
        default_factory=dict, examples=[{"case_id": "1b2c…"}]
    )
    evidence_ref: Text = Field(description="where the complaint is filed", examples=["信访登记 2018-04 第7号"])
    received_at: AwareDatetime | None = Field(
        default=None, description="when the complaint was received (default: now; may be before it is recorded)"
    )

    @model_validator(mode="after")
    def _officers_are_ids(self) -> ReceiveComplaintRequest:
        if self.subject_type is SubjectType.OFFICER:
            UUID(self.subject_id)  # ValueError -> 422
        return self


class DecideComplaintRequest(Request):
    upheld: bool
    finding: LongText = Field(description="what the investigation of the complaint found")
    evidence_ref: Text = Field(description="where the finding is filed", examples=["投诉处理意见书 2018-04 第3号"])
    officer_ids: Annotated[list[UUID], Field(max_length=50)] = Field(
        default_factory=list,
        description="officers found at fault (upheld only); the complained-about officer when empty",
    )
    fault_category: Category | None = Field(
        default=None,
        description="the category of the accountability matter an upheld complaint raises (default: other);"
        " upheld only",
    )
    decided_at: AwareDatetime | None = Field(
        default=None, description="when the complaint was decided (default: now; may be before it is recorded)"
    )
