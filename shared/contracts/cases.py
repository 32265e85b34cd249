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


class BodyCameraClip(_Part):
    """A body-camera clip that recorded an act on site or before the party (执法全过程记录)."""

    clip_id: str
    device_id: str  # the asset tag of the body camera
    officer_id: UUID  # who wore it: one of the officers who acted
    started_at: datetime
    ended_at: datetime
    storage_ref: str
    sha256: str


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
    clips: list[BodyCameraClip] = Field(default_factory=list)  # the clips that recorded the verification


class LeadReferredV1(IntegrationEvent):
    """A lead outside the bureau's jurisdiction was referred to another agency. Consumed by: assessment."""

    subject: ClassVar[str] = "cases.lead.referred.v1"
    lead_id: UUID
    unit_id: str
    to_agency: str
    reason: str
    referred_at: datetime


class LeadTakenOverV1(IntegrationEvent):
    """The superior bureau took a verified lead over (上提管辖, 2014 Measures art. 8): `reason` is
    `should_have_filed` (the bureau should have filed and did not: an accountability trigger for
    the officers who verified it), `complex` or `major_impact`. Consumed by: assessment."""

    subject: ClassVar[str] = "cases.lead.taken_over.v1"
    lead_id: UUID
    unit_id: str
    superior: str
    reason: str
    letter_no: str
    officer_ids: list[UUID] = Field(default_factory=list)
    taken_over_at: datetime


class LeadStopOrderIssuedV1(IntegrationEvent):
    """An ongoing violation was ordered to stop (step 1a). Consumed by: assessment (stopping early)."""

    subject: ClassVar[str] = "cases.lead.stop_order_issued.v1"
    lead_id: UUID
    unit_id: str
    doc_no: str
    issued_at: datetime
    officer_ids: list[UUID]
    certificate_nos: list[str]
    clips: list[BodyCameraClip] = Field(default_factory=list)  # the clips that recorded the order served


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
    `clips` are the body-camera clips that recorded an act on site or before the party (an inquiry,
    a site survey, evidence, a stop order served after filing, a decision served, a demolition
    verified, a hearing). A stop order reported ineffective is the record
    `stop_order_ineffective_reported`, its `outcome` the recipients told, comma-separated.
    Consumed by: assessment (procedure compliance, certificate-shown and body-camera rates, timeliness).
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
    clips: list[BodyCameraClip] = Field(default_factory=list)


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


# --- dynamic patrols (动态巡查): a unit's monthly plan and the patrols logged against it ---


class PatrolAreaCoverage(_Part):
    """One area of a patrol plan and how far it is covered: a visit is a day the area was patrolled."""

    area_code: str
    township_code: str
    village: str
    visits_required: int
    visits: int


class PatrolPlanPublishedV1(IntegrationEvent):
    """A unit published its patrol plan for a month (`YYYY-MM`); nothing is patrolled yet.

    Consumed by: assessment (patrol coverage, one fact per planned area).
    """

    subject: ClassVar[str] = "cases.patrol_plan.published.v1"
    plan_id: UUID
    unit_id: str
    month: str
    revision: int
    published_at: datetime
    areas: list[PatrolAreaCoverage]


class PatrolPlanRevisedV1(IntegrationEvent):
    """The plan was revised within its month; `areas` is the whole plan now, with visits so far.

    `dropped_area_codes` are areas of the previous revision no longer planned (never patrolled).
    Consumed by: assessment (the revision replaces the coverage of every area).
    """

    subject: ClassVar[str] = "cases.patrol_plan.revised.v1"
    plan_id: UUID
    unit_id: str
    month: str
    revision: int
    revised_at: datetime
    areas: list[PatrolAreaCoverage]
    dropped_area_codes: list[str]


class PatrolPlanPatrolLoggedV1(IntegrationEvent):
    """A patrol of a planned area by an enforcement team; `area.visits` counts it.

    `findings` is `none` or `suspected_violation`, then with the lead (source `patrol`) registered
    from it. Consumed by: assessment (the area's coverage replaces the previous value).
    """

    subject: ClassVar[str] = "cases.patrol_plan.patrol_logged.v1"
    plan_id: UUID
    unit_id: str
    month: str
    patrol_id: str
    area: PatrolAreaCoverage
    patrolled_at: datetime
    officer_ids: list[UUID]
    certificate_nos: list[str]
    findings: str
    lead_id: UUID | None = None


# --- land: normative documents, satellite patches, expropriation ---
#
# Published by `cases`. Consumed by assessment: the review and filing rates of normative documents
# (§5.1), the satellite illegal-farmland ratio and its ranking (§6), the "three none" counters and
# the farmland balance (§7), and the accountability triggers (filing deadline missed, monthly
# clearance breached, satellite accountability).


class ContractPart(BaseModel):
    """A structured field of a land contract (not an event): frozen, and a tolerant reader too."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class NormativeDocumentPublishedV1(IntegrationEvent):
    """A normative document was published after a passed legality review; its filing is now due.

    Consumed by: assessment (review rate, filing rate denominators).
    """

    subject: ClassVar[str] = "cases.normative_document.published.v1"
    doc_id: UUID
    doc_no: str
    title: str
    drafting_unit_id: str
    published_at: datetime
    effective_on: date
    expires_on: date
    legality_review_passed_at: datetime
    filing_due_on: date
    revision_of: UUID | None = None
    rule_version: int


class NormativeDocumentFiledV1(IntegrationEvent):
    """A published document was filed (or refiled after a return) with its filing authority.

    `on_time` compares the filing day with `due_on`; for the timely-filing rate only the first filing
    counts (`refiling` false). Consumed by: assessment (filing and timely-filing rates).
    """

    subject: ClassVar[str] = "cases.normative_document.filed.v1"
    doc_id: UUID
    drafting_unit_id: str
    filed_with: str
    filed_at: datetime
    due_on: date
    on_time: bool
    refiling: bool


class NormativeDocumentFilingRegisteredV1(IntegrationEvent):
    """The filing authority registered the filing. Consumed by: assessment (compliance rate)."""

    subject: ClassVar[str] = "cases.normative_document.filing_registered.v1"
    doc_id: UUID
    drafting_unit_id: str
    registered_at: datetime
    returned_before: bool


class NormativeDocumentFilingReturnedV1(IntegrationEvent):
    """The filing authority returned the filing for completion. Consumed by: assessment (compliance rate)."""

    subject: ClassVar[str] = "cases.normative_document.filing_returned.v1"
    doc_id: UUID
    drafting_unit_id: str
    returned_at: datetime
    reason: str
    correct_by: date


class NormativeDocumentFilingReviewConcludedV1(IntegrationEvent):
    """The filing review concluded: no_issue, self_correct or revoke. Consumed by: assessment (correction rate)."""

    subject: ClassVar[str] = "cases.normative_document.filing_review_concluded.v1"
    doc_id: UUID
    drafting_unit_id: str
    outcome: str
    concluded_at: datetime


class NormativeDocumentFilingDeadlineBreachedV1(IntegrationEvent):
    """The filing deadline of a published document passed without a filing (recorded once).

    Consumed by: assessment (accountability for inaction of the drafting unit).
    """

    subject: ClassVar[str] = "cases.normative_document.filing_deadline_breached.v1"
    doc_id: UUID
    doc_no: str
    drafting_unit_id: str
    due_on: date
    detected_at: datetime


class NormativeDocumentRevisedV1(IntegrationEvent):
    """A document was superseded by its published revision. Consumed by: assessment (document register)."""

    subject: ClassVar[str] = "cases.normative_document.revised.v1"
    doc_id: UUID
    new_doc_id: UUID
    new_doc_no: str
    superseded_on: date


class NormativeDocumentRepealedV1(IntegrationEvent):
    """A document was repealed (on its own or in a cleanup). Consumed by: assessment (document register)."""

    subject: ClassVar[str] = "cases.normative_document.repealed.v1"
    doc_id: UUID
    repealed_at: datetime
    reason: str
    cleanup_id: UUID | None = None


class NormativeRates(ContractPart):
    """Counts and rates of §5.1 (a part of `NormativeRatesReportedV1`, not an event of its own)."""

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


class NormativeRatesReportedV1(IntegrationEvent):
    """The review and filing rates of a period as reported, bureau-wide and by drafting unit.

    Consumed by: assessment (the organisation item "review and filing rates 100%").
    """

    subject: ClassVar[str] = "cases.normative_rates.reported.v1"
    report_id: UUID
    period_from: date
    period_to: date
    as_of: date
    bureau: NormativeRates
    by_unit: dict[str, NormativeRates]


class SatelliteBatchReceivedV1(IntegrationEvent):
    """A batch of monitoring patches arrived; `verification_due_on` is its clearance day (月清).

    Consumed by: assessment (verification-on-time denominators).
    """

    subject: ClassVar[str] = "cases.satellite_batch.received.v1"
    batch_id: UUID
    region_code: str
    period: str
    source: str
    patch_count: int
    received_at: datetime
    verification_due_on: date
    rule_version: int


class SatelliteBatchClearedV1(IntegrationEvent):
    """Every patch of the batch was verified and reported by its clearance day. Consumed by: assessment."""

    subject: ClassVar[str] = "cases.satellite_batch.cleared.v1"
    batch_id: UUID
    region_code: str
    period: str
    due_on: date
    patch_count: int


class SatelliteBatchClearanceBreachedV1(IntegrationEvent):
    """The clearance day passed with patches unreported (recorded once).

    Consumed by: assessment (accountability for inaction; "% verified on time").
    """

    subject: ClassVar[str] = "cases.satellite_batch.clearance_breached.v1"
    batch_id: UUID
    region_code: str
    period: str
    due_on: date
    detected_at: datetime
    unreported_patch_ids: list[UUID]
    missing_registrations: int


class SatellitePatchClassifiedV1(IntegrationEvent):
    """A patch verified on the ground was classified (§6.2). Consumed by: assessment (ratio sub-metrics)."""

    subject: ClassVar[str] = "cases.satellite_patch.classified.v1"
    patch_id: UUID
    batch_id: UUID
    patch_no: str
    region_code: str
    township_code: str
    year: int
    unit_id: str | None
    patch_class: str
    illegal_kind: str | None
    measured_mu: float
    cultivated_mu: float
    basic_farmland_mu: float


class SatellitePatchLinkedToLeadV1(IntegrationEvent):
    """An illegal patch became a lead (and later a case) of the penalty procedure.

    `discovered_before_monitoring`: the lead was registered before the patch's batch was received,
    from a source other than satellite monitoring (the unit's patrol or a report found the violation
    first). Events published before these fields existed lack them (None, None, False).
    Consumed by: assessment ("% of illegal patches filed as cases"; a patch judged illegal late).
    """

    subject: ClassVar[str] = "cases.satellite_patch.linked_to_lead.v1"
    patch_id: UUID
    region_code: str
    year: int
    lead_id: UUID
    case_id: UUID | None
    lead_source: str | None = None
    lead_received_at: datetime | None = None
    discovered_before_monitoring: bool = False


class SatellitePatchRectifiedV1(IntegrationEvent):
    """An illegal patch was rectified. Consumed by: assessment ("% rectified")."""

    subject: ClassVar[str] = "cases.satellite_patch.rectified.v1"
    patch_id: UUID
    region_code: str
    year: int
    method: str
    rectified_at: datetime


class SatellitePatchReportedV1(IntegrationEvent):
    """A patch was reported to the supervision platform, its truth attested. Consumed by: assessment."""

    subject: ClassVar[str] = "cases.satellite_patch.reported.v1"
    patch_id: UUID
    batch_id: UUID
    region_code: str
    unit_id: str | None
    reported_at: datetime
    due_on: date
    on_time: bool


class SatelliteInspectionRatioComputedV1(IntegrationEvent):
    """The illegal-farmland ratio of a region and year, with its sub-metrics and the rules used.

    Consumed by: assessment (satellite KPI, ranking).
    """

    subject: ClassVar[str] = "cases.satellite_inspection.ratio_computed.v1"
    region_code: str
    year: int
    computed_at: datetime
    patches: int
    unclassified_patches: int
    illegal_patches: int
    illegal_area_mu: float
    illegal_cultivated_mu: float
    illegal_basic_farmland_mu: float
    counted_illegal_cultivated_mu: float
    new_construction_cultivated_mu: float
    ratio: float
    threshold: float
    bad_impact: bool
    triggered: bool
    interview_required: bool
    count_rectified_in_ratio: bool
    filed_as_case_share: float | None
    rectified_share: float | None
    verified_on_time_share: float | None
    rule_version: int


class SatelliteInspectionAccountabilityTriggeredV1(IntegrationEvent):
    """15号令 art. 3: the ratio reached the threshold (or a bad impact occurred); recorded once a year.

    Consumed by: assessment (opens an accountability matter for the named leaders).
    """

    subject: ClassVar[str] = "cases.satellite_inspection.accountability_triggered.v1"
    region_code: str
    year: int
    ratio: float
    threshold: float
    bad_impact: bool
    leader_ids: list[str]
    proposed_sanction: str
    triggered_at: datetime
    rule_version: int


class SatelliteInspectionWarningInterviewHeldV1(IntegrationEvent):
    """A warning interview (警示约谈) about satellite results was held. Consumed by: assessment."""

    subject: ClassVar[str] = "cases.satellite_inspection.warning_interview_held.v1"
    region_code: str
    year: int
    level: str
    township_code: str | None
    held_at: datetime
    held_by: str
    interviewees: list[str]
    reason: str


class SatelliteRank(ContractPart):
    """One region's place in a ranking (a part of `SatelliteRankingPublishedV1`)."""

    region_code: str
    ratio: float
    rank: int


class SatelliteRankingPublishedV1(IntegrationEvent):
    """The prefecture's ranking of counties by ratio, lowest first. Consumed by: assessment."""

    subject: ClassVar[str] = "cases.satellite_ranking.published.v1"
    prefecture_code: str
    year: int
    own_region_code: str
    own_rank: int
    ranks: list[SatelliteRank]


class ExpropriationProjectRegisteredV1(IntegrationEvent):
    """An expropriation project was registered. Consumed by: assessment (three-none per project)."""

    subject: ClassVar[str] = "cases.expropriation_project.registered.v1"
    project_id: UUID
    name: str
    county_code: str
    handling_unit_id: str
    year: int
    area_mu: float
    cultivated_mu: float
    basic_farmland_mu: float
    households_total: int


class ExpropriationProjectSubmittedToHigherGovernmentV1(IntegrationEvent):
    """The plan-conformity gate (不上报) passed and the project went upward. Consumed by: assessment."""

    subject: ClassVar[str] = "cases.expropriation_project.submitted_to_higher_government.v1"
    project_id: UUID
    submitted_at: datetime
    passed_checks: list[str]


class ExpropriationProjectApprovalAppliedV1(IntegrationEvent):
    """The grievance-resolved gate (不报批) passed and approval was applied for. Consumed by: assessment."""

    subject: ClassVar[str] = "cases.expropriation_project.approval_applied.v1"
    project_id: UUID
    applied_at: datetime
    passed_checks: list[str]
    agreement_share: float
    rule_version: int


class ExpropriationProjectLandSuppliedV1(IntegrationEvent):
    """The compensation-fulfilled gate (不供地) passed and a parcel was supplied. Consumed by: assessment."""

    subject: ClassVar[str] = "cases.expropriation_project.land_supplied.v1"
    project_id: UUID
    parcel_id: str
    mode: str
    supplied_at: datetime
    passed_checks: list[str]


class ExpropriationProjectGrievanceRegisteredV1(IntegrationEvent):
    """A petition, objection, reconsideration or lawsuit about a project, with its cause.

    `counts_for_three_none` is true for petitions, reconsiderations and lawsuits caused by
    compensation, counted in the year of `filed_at`. Consumed by: assessment (three-none counters).
    """

    subject: ClassVar[str] = "cases.expropriation_project.grievance_registered.v1"
    grievance_id: UUID
    project_id: UUID
    handling_unit_id: str
    type: str
    cause: str
    filed_at: datetime
    year: int
    counts_for_three_none: bool


class ExpropriationProjectGrievanceResolvedV1(IntegrationEvent):
    """A grievance was resolved. Consumed by: assessment."""

    subject: ClassVar[str] = "cases.expropriation_project.grievance_resolved.v1"
    grievance_id: UUID
    project_id: UUID
    resolved_at: datetime
    resolution: str


class FarmlandBalanceYearClosedV1(IntegrationEvent):
    """The county's farmland balance of a year (占补平衡). Consumed by: assessment ("dynamic balance")."""

    subject: ClassVar[str] = "cases.farmland_balance.year_closed.v1"
    county_code: str
    year: int
    occupied_cultivated_mu: float
    supplemented_cultivated_mu: float
    basic_farmland_mu_start: float
    basic_farmland_mu_end: float
    balanced: bool
