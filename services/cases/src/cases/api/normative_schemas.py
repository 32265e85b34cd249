"""Request and response bodies of the normative-document routes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from cases.api.land_common import Body, Code, LongText, Text, Texts
from cases.commands.normative_documents import rates_record
from cases.domain.normative_document import NormativeDocument
from cases.domain.normative_rates import FilingRates
from cases.domain.normative_terms import (
    FilingAuthority,
    FilingMaterial,
    FilingReviewOutcome,
    PublicationChannel,
    ReviewResult,
)


class DraftRequest(Body):
    title: Text = Field(examples=["关于进一步规范国土资源行政执法工作的通知"])
    drafting_unit_id: Code = Field(examples=["SEC04"])
    bases: Annotated[list[Text], Field(min_length=1, max_length=50)] = Field(examples=[["中华人民共和国土地管理法"]])
    revision_of: UUID | None = Field(default=None, description="the document in force this draft revises")
    drafted_at: datetime | None = None


class AmendDraftRequest(Body):
    title: Text
    bases: Annotated[list[Text], Field(min_length=1, max_length=50)]


class OpenCommentRequest(Body):
    closes_on: date
    channel: Text = Field(examples=["county government website"])
    opened_at: datetime | None = None


class CloseCommentRequest(Body):
    comments_count: Annotated[int, Field(ge=0, le=1_000_000)]
    closed_at: datetime | None = None


class LegalityReviewRequest(Body):
    result: ReviewResult
    issues: Texts = Field(default_factory=list)
    completed_at: datetime | None = None


class AdoptRequest(Body):
    meeting_id: Text = Field(examples=["局务会2018-03"])
    adopted_at: datetime | None = None


class PublishRequest(Body):
    doc_no: Text = Field(examples=["孟国土资〔2018〕3号"])
    effective_on: date
    expires_on: date | None = None
    channels: Annotated[list[PublicationChannel], Field(min_length=1, max_length=3)]
    early_commencement_reason: LongText | None = None
    published_at: datetime | None = None


class FileRequest(Body):
    filed_with: FilingAuthority = FilingAuthority.COUNTY_GOV_LEGAL_OFFICE
    materials: Annotated[list[FilingMaterial], Field(max_length=10)]
    filed_at: datetime | None = None


class RegisterFilingRequest(Body):
    registered_at: datetime | None = None


class ReturnFilingRequest(Body):
    reason: LongText
    correct_by: date
    returned_at: datetime | None = None


class ConcludeReviewRequest(Body):
    outcome: FilingReviewOutcome
    issues: Texts = Field(default_factory=list)
    concluded_at: datetime | None = None


class RepealRequest(Body):
    reason: LongText
    repealed_at: datetime | None = None


class CleanupRequest(Body):
    kept: Annotated[list[UUID], Field(max_length=500)] = Field(default_factory=list)
    to_revise: Annotated[list[UUID], Field(max_length=500)] = Field(default_factory=list)
    repealed: Annotated[list[UUID], Field(max_length=500)] = Field(default_factory=list)
    note: Annotated[str, Field(max_length=2000)] = ""
    completed_at: datetime | None = None


class RatesReportRequest(Body):
    period_from: date
    period_to: date
    as_of: date


class FilingResponse(BaseModel):
    state: str
    filed_with: str | None
    due_on: date | None
    first_filed_at: datetime | None
    filed_on_time: bool | None
    deadline_breached: bool
    registered_at: datetime | None
    returns: int
    review_outcome: str | None
    review_concluded_at: datetime | None


class NormativeDocumentResponse(BaseModel):
    id: UUID
    version: int
    title: str
    drafting_unit_id: str
    bases: list[str]
    version_no: int
    revision_of: UUID | None
    stage: str
    legality_review_passed_at: datetime | None
    adopted_at: datetime | None
    doc_no: str | None
    published_at: datetime | None
    effective_on: date | None
    expires_on: date | None
    channels: list[str]
    rule_version: int | None
    filing: FilingResponse
    revised_by: UUID | None
    superseded_on: date | None
    repealed_at: datetime | None


class NormativeDocumentPage(BaseModel):
    documents: list[NormativeDocumentResponse]
    next_cursor: str | None


class ApplicabilityResponse(BaseModel):
    doc_id: UUID
    on: date
    applicable: bool
    reason: str


class RatesResponse(BaseModel):
    published: int
    reviewed_before_publication: int
    required_to_file: int
    filed: int
    filed_on_time: int
    answered: int
    registered_without_return: int
    corrected_or_revoked: int
    review_rate: float | None
    filing_rate: float | None
    timely_filing_rate: float | None
    compliance_rate: float | None
    correction_rate: float | None

    @classmethod
    def of(cls, rates: FilingRates) -> RatesResponse:
        return cls.model_validate(rates_record(rates))


class PeriodRatesResponse(BaseModel):
    period_from: date
    period_to: date
    as_of: date
    bureau: RatesResponse
    by_unit: dict[str, RatesResponse]


def document_response(document: NormativeDocument) -> NormativeDocumentResponse:
    return NormativeDocumentResponse(
        id=document.id,
        version=document.version,
        title=document.title,
        drafting_unit_id=document.drafting_unit_id,
        bases=document.bases,
        version_no=document.version_no,
        revision_of=document.revision_of,
        stage=document.stage,
        legality_review_passed_at=document.review_passed_at,
        adopted_at=document.adopted_at,
        doc_no=document.doc_no,
        published_at=document.published_at,
        effective_on=document.effective_on,
        expires_on=document.expires_on,
        channels=document.channels,
        rule_version=document.rule_version,
        filing=FilingResponse(
            state=document.filing_state.value,
            filed_with=document.filed_with,
            due_on=document.filing_due_on,
            first_filed_at=document.first_filed_at,
            filed_on_time=document.filed_on_time,
            deadline_breached=document.filing_deadline_breached,
            registered_at=document.registered_at,
            returns=len(document.returns),
            review_outcome=document.review_outcome,
            review_concluded_at=document.review_concluded_at,
        ),
        revised_by=document.revised_by,
        superseded_on=document.superseded_on,
        repealed_at=document.repealed_at,
    )
