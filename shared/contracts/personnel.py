"""Public events published by `personnel`.

Consumers: assessment (roster, officer history, scores and KPIs: training attendance, exam results,
certificate status, post removals, target letters, units), cases (who may enforce), and personnel's
own directory (lists and the public endpoints).

Times: `*_at` fields are instants (business time, when it happened); `*_on` fields are calendar days
in the bureau's time zone, `BUREAU_TIMEZONE`. A certificate is valid from the first instant of its
issue day and invalid from the first instant of its expiry day. How to read the certificate lifecycle
— the one interpretation every consumer must share — is at the end of this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import ClassVar
from uuid import UUID
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from shared.contracts.base import IntegrationEvent

BUREAU_TIMEZONE = ZoneInfo("Asia/Shanghai")

# --- officers -------------------------------------------------------------------------------------


class OfficerEnrolledV1(IntegrationEvent):
    """An officer joined the bureau's staff. Consumed by: assessment (roster, history), personnel directory."""

    subject: ClassVar[str] = "personnel.officer.enrolled.v1"
    officer_id: UUID
    name: str
    unit_id: str
    staff_kind: str


class OfficerUnitAssignedV1(IntegrationEvent):
    """An officer was assigned to another unit. Consumed by: assessment (roster, history, unit KPIs)."""

    subject: ClassVar[str] = "personnel.officer.unit_assigned.v1"
    officer_id: UUID
    from_unit_id: str
    unit_id: str
    reason: str
    decided_by: str
    assigned_at: datetime


class PostV1(BaseModel):
    """A post: its title, rank, and whether it is an enforcement post."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    title: str
    rank: str  # director | deputy_director | unit_head | staff
    enforcement: bool


class OfficerPostAssignedV1(IntegrationEvent):
    """An officer took a first post. Consumed by: assessment (history), personnel directory."""

    subject: ClassVar[str] = "personnel.officer.post_assigned.v1"
    officer_id: UUID
    post: PostV1
    reason: str
    decided_by: str
    assigned_at: datetime


class OfficerPostTransferredV1(IntegrationEvent):
    """An officer was transferred to another post (PostTransferred, DOMAIN §4.4).

    Consumed by: assessment (roster, history, the outcome of a transfer proposal), personnel directory.
    """

    subject: ClassVar[str] = "personnel.officer.post_transferred.v1"
    officer_id: UUID
    from_post: PostV1
    to_post: PostV1
    from_unit_id: str
    to_unit_id: str
    reason: str
    decided_by: str
    transferred_at: datetime


class EnforcementPostRemovedV1(IntegrationEvent):
    """An officer was removed from the enforcement post (reason: exam_failed_twice | accountability |
    assessment). Until restored, the officer may not enforce, whatever the certificate says.

    Consumed by: cases (who may enforce), assessment (roster, history, scores), personnel directory.
    """

    subject: ClassVar[str] = "personnel.officer.enforcement_post_removed.v1"
    officer_id: UUID
    reason: str
    note: str
    decided_by: str
    removed_at: datetime
    accountability_id: UUID | None = None
    exam_id: UUID | None = None


class OfficerDepartedV1(IntegrationEvent):
    """An officer left the bureau's staff (reason: retired | resigned | transferred_out). Every
    enforcement card still in force is cancelled at `departed_at` by events of the same transaction,
    so who may enforce follows the certificates; the officer holds no post or unit from then on.

    Consumed by: assessment (roster, history, postings), personnel directory.
    """

    subject: ClassVar[str] = "personnel.officer.departed.v1"
    officer_id: UUID
    reason: str
    note: str
    decided_by: str
    departed_at: datetime


class EnforcementPostRestoredV1(IntegrationEvent):
    """An officer's removal from the enforcement post ended.

    Consumed by: cases (who may enforce), assessment (roster, history), personnel directory.
    """

    subject: ClassVar[str] = "personnel.officer.enforcement_post_restored.v1"
    officer_id: UUID
    reason: str
    decided_by: str
    restored_at: datetime


class DutyAssignedV1(IntegrationEvent):
    """Enforcement duties broken down to an officer: powers, standards, scope, responsibility.

    Consumed by: assessment (history, responsibility allocation).
    """

    subject: ClassVar[str] = "personnel.officer.duty_assigned.v1"
    officer_id: UUID
    power_ids: list[UUID]
    standards: str
    scope: str
    responsibility: str
    assigned_at: datetime


# --- training and exams ---------------------------------------------------------------------------


class TrainingSessionHeldV1(IntegrationEvent):
    """A training session was held (kind: pre_post | weekly_friday | pre_work_10min | quarterly_course),
    with who attended. Consumed by: assessment (training attendance, training coverage KPI, history)."""

    subject: ClassVar[str] = "personnel.training_session.held.v1"
    session_id: UUID
    kind: str
    held_at: datetime
    topics: list[str]
    trainer: str
    attendee_ids: list[UUID]


class ExamTakenV1(IntegrationEvent):
    """One exam attempt (1, or 2 for the one retake) with its score against the pass mark in force.

    kind: quarterly_course | general_law | professional_law. A failed retake is followed by an
    `EnforcementPostRemovedV1` with reason `exam_failed_twice` when the officer held an enforcement post.
    Consumed by: assessment (exam scores, pass rate KPI, history).
    """

    subject: ClassVar[str] = "personnel.exam.taken.v1"
    exam_id: UUID
    officer_id: UUID
    exam_round: str
    kind: str
    closed_book: bool
    score: float
    pass_mark: int
    passed: bool
    attempt_no: int
    taken_at: datetime
    rules_version: int


# --- certificates ---------------------------------------------------------------------------------


class CertificateAppliedV1(IntegrationEvent):
    """An officer applied for a certificate, on passed qualification exams.

    Consumed by: assessment (history, certified-ratio KPI pipeline).
    """

    subject: ClassVar[str] = "personnel.certificate.applied.v1"
    application_id: UUID
    officer_id: UUID
    unit_id: str
    applied_at: datetime
    training_session_ids: list[UUID]
    exam_ids: list[UUID]


class CertificateIssuedV1(IntegrationEvent):
    """A Henan administrative law-enforcement certificate was issued (or issued as a replacement of
    `replaces_no`). Its first review is due on `review_due_on` (none when absent).

    Consumed by: assessment (roster, history), cases (who may enforce), personnel directory.
    """

    subject: ClassVar[str] = "personnel.certificate.issued.v1"
    certificate_id: UUID
    certificate_no: str
    officer_id: UUID
    issuer: str
    kind: str
    scope_field: str
    scope_area: str
    issued_on: date
    expires_on: date
    issued_at: datetime
    review_due_on: date | None = None
    replaces_no: str | None = None

    def valid_from(self) -> datetime:
        """The first instant the card may be used: a replacement from the instant it replaced the old
        card (recording it changes no answer about an earlier instant of that day), any other card
        from the start of its issue day."""
        return self.issued_at if self.replaces_no is not None else day_start(self.issued_on)


class CertificateReviewedV1(IntegrationEvent):
    """An annual review (年审) of a certificate: passed (the next is due on `next_review_due_on`) or
    failed (the certificate may not be used until a later review passes).

    Consumed by: cases (who may enforce), assessment (roster, history), personnel directory.
    """

    subject: ClassVar[str] = "personnel.certificate.reviewed.v1"
    certificate_id: UUID
    certificate_no: str
    officer_id: UUID
    period: str
    result: str  # passed | failed
    reviewed_at: datetime
    next_review_due_on: date | None
    notes: str
    rules_version: int


class CertificateSuspendedV1(IntegrationEvent):
    """A certificate was suspended (暂扣) from `suspended_from` until the first instant of `until`, or
    until reinstated. reason: not_shown | unreviewed_card | refused_supervision | accountability_sanction.

    Consumed by: cases (who may enforce), assessment (roster, history, sanctions), personnel directory.
    """

    subject: ClassVar[str] = "personnel.certificate.suspended.v1"
    certificate_id: UUID
    certificate_no: str
    officer_id: UUID
    reason: str
    suspended_from: datetime
    until: date | None
    decided_by: str
    accountability_id: UUID | None = None


class CertificateReinstatedV1(IntegrationEvent):
    """A suspension ended early: the one running at `reinstated_at` with `suspension_reason` and
    `accountability_id` (suspensions may overlap; no two running share both). Without a
    `suspension_reason` (published before suspensions could overlap) it ended the only one running.

    Consumed by: cases, assessment (roster, history), personnel directory.
    """

    subject: ClassVar[str] = "personnel.certificate.reinstated.v1"
    certificate_id: UUID
    certificate_no: str
    officer_id: UUID
    reinstated_at: datetime
    note: str
    suspension_reason: str | None = None
    accountability_id: UUID | None = None


class CertificateRevokedV1(IntegrationEvent):
    """A certificate was revoked (吊销); no new application before `reapply_not_before` (if set).
    reason: altered | lent | serious_fault | consecutive_fail.

    Consumed by: cases (who may enforce), assessment (roster, history, sanctions), personnel directory.
    """

    subject: ClassVar[str] = "personnel.certificate.revoked.v1"
    certificate_id: UUID
    certificate_no: str
    officer_id: UUID
    reason: str
    revoked_at: datetime
    reapply_not_before: date | None
    decided_by: str
    accountability_id: UUID | None = None
    rules_version: int | None = None  # the rules version that set `reapply_not_before`, if the rules did


class CertificateCancelledV1(IntegrationEvent):
    """A certificate was withdrawn or cancelled (收回/注销): transferred | retired | resigned | lost.

    Consumed by: cases (who may enforce), assessment (roster, history), personnel directory.
    """

    subject: ClassVar[str] = "personnel.certificate.cancelled.v1"
    certificate_id: UUID
    certificate_no: str
    officer_id: UUID
    reason: str
    cancelled_at: datetime


class CertificateReplacedV1(IntegrationEvent):
    """A certificate was replaced by `new_no` (lost | damaged | details_changed | periodic_renewal);
    the new certificate's `CertificateIssuedV1` follows. Consumed by: cases, assessment, personnel directory."""

    subject: ClassVar[str] = "personnel.certificate.replaced.v1"
    certificate_id: UUID
    old_no: str
    new_no: str
    officer_id: UUID
    reason: str
    replaced_at: datetime


class CertificateExpiredV1(IntegrationEvent):
    """The scheduler recorded that a certificate reached its expiry day (it was invalid from
    `expired_at` whether or not this was recorded yet). Consumed by: assessment (roster, KPIs), directory."""

    subject: ClassVar[str] = "personnel.certificate.expired.v1"
    certificate_id: UUID
    certificate_no: str
    officer_id: UUID
    expires_on: date
    expired_at: datetime


# --- organisation ---------------------------------------------------------------------------------


class UnitRegisteredV1(IntegrationEvent):
    """A responsibility unit (kind: section | station | leadership). Consumed by: assessment (units
    ranked monthly), personnel directory."""

    subject: ClassVar[str] = "personnel.unit.registered.v1"
    unit_id: str
    name: str
    kind: str


class UnitHeadAppointedV1(IntegrationEvent):
    """A unit's head (the signatory of its target letter). Consumed by: assessment (transfer proposals
    for a unit's head, history), personnel directory."""

    subject: ClassVar[str] = "personnel.unit.head_appointed.v1"
    unit_id: str
    officer_id: UUID
    appointed_at: datetime


class LeadershipGroupEstablishedV1(IntegrationEvent):
    """The responsibility-system leadership group: the director leads, a deputy director heads its office.

    Consumed by: assessment (who may hold admonishment talks, history).
    """

    subject: ClassVar[str] = "personnel.leadership_group.established.v1"
    group_id: UUID
    leader_id: UUID
    office_head_id: UUID
    member_ids: list[UUID]
    established_at: datetime


class LeadershipOfficeMeetingHeldV1(IntegrationEvent):
    """The office's monthly meeting, with attendees and resolutions. Consumed by: assessment (history)."""

    subject: ClassVar[str] = "personnel.leadership_group.office_meeting_held.v1"
    meeting_id: UUID
    group_id: UUID
    month: str  # YYYY-MM
    held_at: datetime
    chair_id: UUID
    attendee_ids: list[UUID]
    resolutions: list[str]


class TargetItemV1(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")
    code: str
    description: str
    weight: int
    metric: str
    threshold: str


class TargetLetterSignedV1(IntegrationEvent):
    """A target-responsibility letter for a year and unit, signed by the director and the unit's head.

    Consumed by: assessment (individual score items from the letter's targets, history).
    """

    subject: ClassVar[str] = "personnel.target_letter.signed.v1"
    letter_id: UUID
    year: int
    unit_id: str
    head_officer_id: UUID
    director_id: UUID
    targets: list[TargetItemV1]
    signed_at: datetime


# --- powers and assets ----------------------------------------------------------------------------


class EnforcementSubjectQualificationConfirmedV1(IntegrationEvent):
    """The bureau's qualification as an enforcement subject, confirmed and published.

    Consumed by: personnel directory (the public power list).
    """

    subject: ClassVar[str] = "personnel.enforcement_subject.qualification_confirmed.v1"
    subject_id: UUID
    code: str
    name: str
    legal_basis: list[str]
    confirmed_at: datetime


class PowerItemPublishedV1(IntegrationEvent):
    """An entry of the power list (权责清单), published to the public.

    Consumed by: personnel directory (the public power list), assessment (duties behind score items).
    """

    subject: ClassVar[str] = "personnel.power_item.published.v1"
    power_id: UUID
    code: str
    subject_code: str
    category: str  # penalty | compulsion | inspection | licensing | levy | confirmation | other
    name: str
    legal_basis: list[str]
    responsible_unit_id: str
    procedure_template_id: str
    published_at: datetime


class BudgetRecordedV1(IntegrationEvent):
    """Money invested in enforcement. Consumed by: assessment (guarantee KPIs)."""

    subject: ClassVar[str] = "personnel.budget.recorded.v1"
    budget_id: UUID
    year: int
    amount_yuan: Decimal
    purpose: str
    recorded_at: datetime


class AssetRegisteredV1(IntegrationEvent):
    """A vehicle, computer or body camera. Consumed by: assessment (equipment KPIs), personnel directory."""

    subject: ClassVar[str] = "personnel.asset.registered.v1"
    asset_id: UUID
    asset_no: str
    kind: str
    description: str


class AssetAssignedV1(IntegrationEvent):
    """An asset assigned to a unit or to an officer (AssetAssigned, DOMAIN §8).

    Consumed by: assessment (body-camera usage, history), personnel directory.
    """

    subject: ClassVar[str] = "personnel.asset.assigned.v1"
    asset_id: UUID
    asset_no: str
    kind: str
    unit_id: str | None
    officer_id: UUID | None
    assigned_at: datetime


# --- reading the certificate lifecycle ------------------------------------------------------------
#
# Every consumer that decides whether an officer could enforce at an instant keeps, from the events
# above, the certificate's periods of unusability ("blocks") and its reviews, and the officer's
# removals from the enforcement post, then asks `enforcement_standing`. Building the periods:
#
#   CertificateSuspendedV1    block `suspended` from `suspended_from` to `suspension_ends_at(until)`
#   CertificateReinstatedV1   ends, at that instant, the suspension covering `reinstated_at` with its
#                             `suspension_reason` and `accountability_id` (every one covering it when
#                             the event has no reason; so do periods recorded without a reason)
#   CertificateRevokedV1      block `revoked` from `revoked_at`, open-ended; ends a running suspension
#   CertificateCancelledV1    block `cancelled` likewise
#   CertificateReplacedV1     block `replaced` likewise, unless the certificate has already ended
#                             (a card cancelled as lost, then replaced, stays `cancelled`)
#   CertificateReviewedV1     one review
#   EnforcementPostRemovedV1  removal from `removed_at`; EnforcementPostRestoredV1 ends it
#   CertificateExpiredV1      nothing: expiry follows from `expires_on` alone
#
# `personnel`'s own `can_enforce` gives the same answer from its aggregates (tested).

ENDINGS = ("revoked", "cancelled", "replaced")


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=BUREAU_TIMEZONE)


def bureau_day(at: datetime) -> date:
    return at.astimezone(BUREAU_TIMEZONE).date()


def suspension_ends_at(until: date | None) -> datetime | None:
    return day_start(until) if until is not None else None


@dataclass(frozen=True)
class Period:
    """`[starts_at, ends_at)`; an open period has no end."""

    status: str
    starts_at: datetime
    ends_at: datetime | None = None

    def covers(self, at: datetime) -> bool:
        return self.starts_at <= at and (self.ends_at is None or at < self.ends_at)


@dataclass(frozen=True)
class ReviewRecord:
    reviewed_at: datetime
    result: str
    next_review_due_on: date | None


@dataclass(frozen=True)
class CertificateRecord:
    certificate_no: str
    kind: str
    scope_field: str
    issued_on: date
    expires_on: date
    review_due_on: date | None
    blocks: tuple[Period, ...] = ()
    reviews: tuple[ReviewRecord, ...] = ()
    valid_from: datetime | None = None  # `CertificateIssuedV1.valid_from()`; None: the issue day's start

    @property
    def starts_at(self) -> datetime:
        return self.valid_from if self.valid_from is not None else day_start(self.issued_on)

    def unusable_reason(self, at: datetime) -> str | None:
        """None if this certificate allowed enforcement at `at`; otherwise why not."""
        if at < self.starts_at:
            return "not_yet_valid"
        return self._period_reason(at) or self._review_reason(at)

    def _period_reason(self, at: datetime) -> str | None:
        ending = next((b for b in self.blocks if b.status in ENDINGS and b.covers(at)), None)
        if ending is not None:
            return ending.status
        if at >= day_start(self.expires_on):
            return "expired"
        if any(b.status == "suspended" and b.covers(at) for b in self.blocks):
            return "suspended"
        return None

    def _review_reason(self, at: datetime) -> str | None:
        reviews = sorted((r for r in self.reviews if r.reviewed_at <= at), key=lambda r: r.reviewed_at)
        passed = [r for r in reviews if r.result == "passed"]
        due = passed[-1].next_review_due_on if passed else self.review_due_on
        if due is not None and bureau_day(at) >= due:
            return "not_reviewed"
        if reviews and reviews[-1].result != "passed":
            return "review_failed"
        return None


@dataclass(frozen=True)
class Standing:
    can_enforce: bool
    certificate_no: str | None = None
    reason: str | None = None


def enforcement_standing(
    certificates: list[CertificateRecord], removals: list[Period], at: datetime, scope_field: str = "land_resources"
) -> Standing:
    """DOMAIN §2.2 for one officer at `at`. Reasons, in the order reported: no_certificate,
    out_of_scope, removed_from_post, then the most relevant certificate's own reason."""
    held = [c for c in certificates if c.kind == "enforcement"]
    if not held:
        return Standing(False, None, "no_certificate")
    in_scope = [c for c in held if c.scope_field == scope_field]
    if not in_scope:
        return Standing(False, _latest(held).certificate_no, "out_of_scope")
    usable = sorted(
        (c for c in in_scope if c.unusable_reason(at) is None), key=lambda c: (c.starts_at, c.certificate_no)
    )
    if any(removal.covers(at) for removal in removals):
        best = usable[-1] if usable else _most_relevant(in_scope, at)
        return Standing(False, best.certificate_no, "removed_from_post")
    if usable:
        return Standing(True, usable[-1].certificate_no)
    best = _most_relevant(in_scope, at)
    return Standing(False, best.certificate_no, best.unusable_reason(at))


def _latest(certificates: list[CertificateRecord]) -> CertificateRecord:
    return max(certificates, key=lambda c: (c.starts_at, c.certificate_no))


def _most_relevant(certificates: list[CertificateRecord], at: datetime) -> CertificateRecord:
    """The latest certificate valid by `at`, or else the earliest one still to come."""
    issued = [c for c in certificates if c.starts_at <= at]
    if issued:
        return _latest(issued)
    return min(certificates, key=lambda c: (c.starts_at, c.certificate_no))


class RosterLine(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    officer_id: UUID
    unit_id: str
    certificate_no: str
    expires_on: date


class RosterPublishedV1(IntegrationEvent):
    """The roster of officers who may enforce was published to the public (执法人员名单公示),
    each confirmed on the event store at that instant. Names stay in personnel.

    Consumed by: personnel directory (the latest publication); auditors (who the public was told
    could enforce, on any day).
    """

    subject: ClassVar[str] = "personnel.roster.published.v1"
    roster_id: UUID
    as_of: date
    channel: str  # website | notice_board | gazette
    published_at: datetime
    lines: list[RosterLine]
