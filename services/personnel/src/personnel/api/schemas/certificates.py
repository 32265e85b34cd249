"""Bodies of the certificate and sanction routes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from personnel.api.schemas.common import Code, Instant, LongText, Text
from personnel.application.sanctions import SanctionType
from personnel.domain import (
    CancellationReason,
    CertificateStatus,
    ReplacementReason,
    ReviewResult,
    RevocationReason,
    SuspensionReason,
)
from shared.web.requests import Request


class IssueCertificateRequest(Request):
    officer_id: UUID
    certificate_no: Code = Field(examples=["HN-LY-2017-0001"])
    issuer: Text = Field(default="henan_provincial_gov")
    kind: Annotated[str, StringConstraints(pattern=r"^(enforcement|supervision)$")] = "enforcement"
    scope_field: Code = Field(default="land_resources")
    scope_area: Code = Field(examples=["410322"])
    issued_on: date
    expires_on: date | None = Field(default=None, description="default: the validity in force on the issue day")


class ReviewRequest(Request):
    period: Code = Field(examples=["2018"])
    result: ReviewResult
    notes: LongText = ""
    reviewed_at: Instant | None = None


class SuspensionRequest(Request):
    reason: Literal[SuspensionReason.NOT_SHOWN, SuspensionReason.UNREVIEWED_CARD, SuspensionReason.REFUSED_SUPERVISION]
    until: date | None = Field(default=None, description="the suspension lapses at the start of this day")
    decided_by: Text
    at: Instant | None = None


class ReinstatementRequest(Request):
    note: LongText = ""
    at: Instant | None = None
    reason: SuspensionReason | None = Field(
        default=None,
        description="the reason of the suspension to end; needed when several are running. A sanction's"
        " suspension (accountability_sanction) is not ended here: it lapses at its term or ends when the"
        " sanction is revoked",
    )


class RevocationRequest(Request):
    reason: Literal[RevocationReason.ALTERED, RevocationReason.LENT, RevocationReason.CONSECUTIVE_FAIL]
    decided_by: Text
    at: Instant | None = None
    reapply_not_before: date | None = Field(
        default=None, description="for altered or lent: the bar the rules set (the default) or later"
    )


class CancellationRequest(Request):
    reason: CancellationReason
    at: Instant | None = None


class ReplacementRequest(Request):
    new_no: Code
    reason: ReplacementReason
    at: Instant | None = None


class SanctionRequest(Request):
    accountability_id: UUID
    officer_id: UUID
    sanction_type: SanctionType
    decided_by: Text
    effective_at: Instant | None = None
    until: date | None = Field(default=None, description="the end of a suspension (required for one)")
    certificate_no: Code | None = None


class BlockResponse(BaseModel):
    status: CertificateStatus
    starts_at: datetime
    ends_at: datetime | None
    reason: str
    accountability_id: UUID | None


class ReviewResponse(BaseModel):
    period: str
    result: ReviewResult
    reviewed_at: datetime
    next_review_due_on: date | None


class CertificateResponse(BaseModel):
    id: UUID
    version: int
    certificate_no: str
    officer_id: UUID
    issuer: str
    kind: str
    scope_field: str
    scope_area: str
    issued_on: date
    expires_on: date
    status: CertificateStatus = Field(description="as of now")
    review_due_on: date | None = Field(description="when the next review is due, as of now")
    rules_version: int
    replaces_no: str | None
    replaced_by: str | None
    reapply_not_before: date | None
    blocks: list[BlockResponse]
    reviews: list[ReviewResponse]
