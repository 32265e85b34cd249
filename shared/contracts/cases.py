"""Public events published by `cases`.

Consumers: assessment (timeliness, procedure compliance, case quality, errors found, deadline
breaches, the officers and units involved; accountability triggers).

Every event names the unit the lead or case belongs to, so it can be scored without reading cases;
business times end in `_at` (when it happened) and limits in `_due_on` (the last day allowed, in the
bureau's time zone); `on_time` compares the two. The envelope carries the recorded time and actor.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.base import IntegrationEvent


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class DocumentRef(_Part):
    kind: str  # the template's document kind, e.g. "inquiry_record"
    doc_no: str


class PenaltyItem(_Part):
    kind: str  # warning | fine | confiscate_gains | confiscate_property | confiscate_buildings | ...
    amount_yuan: int | None = None
    area_m2: float | None = None


class ResponsibleOfficer(_Part):
    officer_id: UUID
    role: str  # handler | reviewer | approver | leader


# --- procedure: leads, penalty cases, case-file reviews ---


class LeadRegisteredV1(IntegrationEvent):
    """A violation lead was registered (DOMAIN §1.2 step 0). Consumed by: assessment (patrol, discovery)."""

    subject: ClassVar[str] = "cases.lead.registered.v1"
    lead_id: UUID
    register_no: str
    unit_id: str
    source: (
        str  # patrol | satellite_patch | public_report | hotline_12336 | dept_referral | superior_assignment | media
    )
    received_at: datetime
    township_code: str | None = None
    satellite_patch_id: str | None = None
    verification_due_on: date
    template_id: str
    template_version: str
    rule_version: int


class LeadVerifiedV1(IntegrationEvent):
    """A lead was verified on site by an enforcement team (step 1). Consumed by: assessment (timeliness)."""

    subject: ClassVar[str] = "cases.lead.verified.v1"
    lead_id: UUID
    unit_id: str
    outcome: str  # violation_confirmed | no_violation | not_our_jurisdiction | duplicate
    verified_at: datetime
    officer_ids: list[UUID]
    certificate_nos: list[str]
    area_mu: float
    cultivated_mu: float
    basic_farmland_mu: float
    violation_ongoing: bool
    major_criteria: list[str]
    due_on: date
    on_time: bool
    filing_due_on: date | None = None
    report_due_on: date | None = None


class LeadReferredV1(IntegrationEvent):
    """A lead outside the bureau's jurisdiction was referred to another agency. Consumed by: assessment."""

    subject: ClassVar[str] = "cases.lead.referred.v1"
    lead_id: UUID
    unit_id: str
    to_agency: str
    reason: str
    referred_at: datetime


class LeadStopOrderIssuedV1(IntegrationEvent):
    """An ongoing violation was ordered to stop (step 1a). Consumed by: assessment (stopping early)."""

    subject: ClassVar[str] = "cases.lead.stop_order_issued.v1"
    lead_id: UUID
    unit_id: str
    doc_no: str
    issued_at: datetime
    officer_ids: list[UUID]
    certificate_nos: list[str]


class LeadStopOrderIneffectiveReportedV1(IntegrationEvent):
    """A stop order that did not work was reported upward, which discharges the duty (执法监督规定 art. 31).

    Consumed by: assessment (exemption ground `duty_discharged_report`).
    """

    subject: ClassVar[str] = "cases.lead.stop_order_ineffective_reported.v1"
    lead_id: UUID
    unit_id: str
    stop_order_no: str
    reported_to: list[str]
    reported_at: datetime


class LeadMajorViolationReportedV1(IntegrationEvent):
    """A major violation was reported to the county government and the higher bureau (step 1b).

    Consumed by: assessment (timeliness, inaction).
    """

    subject: ClassVar[str] = "cases.lead.major_violation_reported.v1"
    lead_id: UUID
    unit_id: str
    criteria_met: list[str]
    reported_to: list[str]
    reported_at: datetime
    due_on: date
    on_time: bool


class LeadNotFiledV1(IntegrationEvent):
    """A confirmed violation was, with approval, not filed as a case (minor and corrected, …).

    Consumed by: assessment (timeliness of the filing decision).
    """

    subject: ClassVar[str] = "cases.lead.not_filed.v1"
    lead_id: UUID
    unit_id: str
    reason: str  # minor_corrected | condition_unmet | limitation_expired
    unmet_conditions: list[str]
    approved_by: UUID
    decided_at: datetime
    filing_due_on: date | None = None
    on_time: bool


class LeadDeadlineBreachedV1(IntegrationEvent):
    """A lead missed a deadline (verification, major-violation report, filing); recorded once per kind.

    Consumed by: assessment (deductions, inaction triggers).
    """

    subject: ClassVar[str] = "cases.lead.deadline_breached.v1"
    lead_id: UUID
    unit_id: str
    deadline_kind: str  # verification | major_violation_report | filing
    due_on: date
    detected_at: datetime
    officer_ids: list[UUID]


class CaseFiledV1(IntegrationEvent):
    """A penalty case was filed (立案, step 2). Consumed by: assessment (timeliness, officers, units)."""

    subject: ClassVar[str] = "cases.case.filed.v1"
    case_id: UUID
    case_no: str
    lead_id: UUID
    unit_id: str
    filed_at: datetime
    approved_by: UUID
    handling_officer_ids: list[UUID]
    violation_type: str
    party_type: str  # person | organisation
    template_id: str
    template_version: str
    rule_version: int
    filing_due_on: date | None = None
    on_time: bool
    decision_due_on: date


class CaseStepCompletedV1(IntegrationEvent):
    """A record of a step of a penalty case: who took part, with which certificates, which documents.

    `step` is the template's step code (investigation, case_review, legal_review, penalty_notice,
    hearing, decision_publication, service, enforcement, …); `record` names what was recorded.
    Consumed by: assessment (procedure compliance, certificate-shown rate, timeliness).
    """

    subject: ClassVar[str] = "cases.case.step_completed.v1"
    case_id: UUID
    case_no: str
    unit_id: str
    step: str
    record: str
    completed_at: datetime
    officer_ids: list[UUID] = Field(default_factory=list)
    certificate_nos: list[str] = Field(default_factory=list)
    documents: list[DocumentRef] = Field(default_factory=list)
    outcome: str | None = None
    due_on: date | None = None
    on_time: bool | None = None


class CaseDecidedV1(IntegrationEvent):
    """A case was decided: a penalty, no penalty, or a transfer (step 7). Consumed by: assessment."""

    subject: ClassVar[str] = "cases.case.decided.v1"
    case_id: UUID
    case_no: str
    unit_id: str
    outcome: str  # penalty | no_penalty | transferred
    decision_no: str
    decided_at: datetime
    approved_by: UUID
    penalties: list[PenaltyItem] = Field(default_factory=list)
    reason: str | None = None  # no-penalty reason, or why transferred
    transferred_to: str | None = None
    hearing: str | None = None  # held | waived | not_requested | not_eligible
    decision_due_on: date | None = None
    on_time: bool


class CaseDeadlineExtendedV1(IntegrationEvent):
    """A decision deadline was extended with approval. Consumed by: assessment (timeliness)."""

    subject: ClassVar[str] = "cases.case.deadline_extended.v1"
    case_id: UUID
    case_no: str
    unit_id: str
    deadline_kind: str
    extension_kind: str  # standard | special
    days: int
    approved_by: UUID
    previous_due_on: date
    new_due_on: date
    extended_at: datetime


class CaseDeadlineBreachedV1(IntegrationEvent):
    """A case missed a deadline (decision, publication, service, enforcement application, archiving);
    recorded once per kind, with the officers handling the case. Consumed by: assessment."""

    subject: ClassVar[str] = "cases.case.deadline_breached.v1"
    case_id: UUID
    case_no: str
    unit_id: str
    deadline_kind: str
    due_on: date
    detected_at: datetime
    officer_ids: list[UUID]


class CaseClosedV1(IntegrationEvent):
    """A case was closed with every mandatory document of its path on file (step 10).

    Consumed by: assessment (procedure compliance: the checklist was complete).
    """

    subject: ClassVar[str] = "cases.case.closed.v1"
    case_id: UUID
    case_no: str
    unit_id: str
    reason: str  # transferred | no_penalty | executed | court_accepted | enforcement_terminated
    closed_at: datetime
    approved_by: UUID
    archive_due_on: date


class CaseArchivedV1(IntegrationEvent):
    """A closed case's file was bound and archived (step 11). Consumed by: assessment (timeliness)."""

    subject: ClassVar[str] = "cases.case.archived.v1"
    case_id: UUID
    case_no: str
    unit_id: str
    archive_no: str
    archived_at: datetime
    volumes: int
    pages: int
    due_on: date
    on_time: bool


class CaseChallengeDecidedV1(IntegrationEvent):
    """A reconsideration or lawsuit against a decision was decided. Consumed by: assessment (deductions
    for decisions revoked or changed)."""

    subject: ClassVar[str] = "cases.case.challenge_decided.v1"
    case_id: UUID
    case_no: str
    unit_id: str
    proceeding: str  # reconsideration | litigation
    reference: str
    outcome: str  # upheld | revoked | changed | confirmed_illegal | dismissed
    decided_at: datetime


class CaseErrorFoundV1(IntegrationEvent):
    """An error found in a case: a defect of its file (case-file review) or a wrongful case (a decision
    revoked or changed on reconsideration or litigation), with the officers responsible and their role.

    Consumed by: assessment (case quality, wrongful-case deductions, accountability matters).
    """

    subject: ClassVar[str] = "cases.case.error_found.v1"
    error_id: UUID
    case_id: UUID
    case_no: str
    unit_id: str
    kind: str  # defect | wrongful_case
    category: str  # authority | facts_evidence | legal_basis | procedure | documents | discretion
    severity: str  # minor | major
    code: str | None = None
    description: str
    points: int | None = None
    responsible: list[ResponsibleOfficer]
    source: str  # file_review | reconsideration | litigation
    review_id: UUID | None = None
    found_at: datetime


class CaseFileReviewCompletedV1(IntegrationEvent):
    """A case file was scored (案卷评查). Consumed by: assessment (case quality)."""

    subject: ClassVar[str] = "cases.file_review.completed.v1"
    review_id: UUID
    case_id: UUID
    case_no: str
    unit_id: str
    reviewer_ids: list[UUID]
    occasion: str  # monthly_sample | annual | superior_check | other
    score: int
    grade: str  # excellent | pass | fail
    category_scores: dict[str, int]
    defect_count: int
    major_defect_count: int
    rule_version: int
    reviewed_at: datetime


# --- land: normative documents, satellite patches, expropriation ---
