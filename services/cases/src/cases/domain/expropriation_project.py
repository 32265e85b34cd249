"""One land-expropriation project (土地征收) from registration to land supply, behind three gates.

不上报: not in the plan, not submitted upward. 不报批: residents' problems unresolved, no approval
application. 不供地: compensation and resettlement not in place, no land supply. The preparatory
steps of the 2019 Land Administration Law art. 47 are recorded here; `expropriation_gates` judges
them. Grievances (petition, objection, reconsideration, litigation) belong to the project, because
an open one blocks the approval application.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID, uuid4

from eventsourcing.domain import event

from cases.domain.expropriation_terms import (
    AgreementAlreadySignedError,
    AnnouncementTooShortError,
    ClaimNotRegisteredError,
    GrievanceAlreadyResolvedError,
    GrievanceCause,
    GrievanceNotFoundError,
    GrievanceType,
    HearingRequestLateError,
    ParcelAlreadySuppliedError,
    PayeeWithoutAgreementError,
    PaymentItem,
    PlanZone,
    ProjectStepError,
    ResettlementKind,
    RiskLevel,
)
from cases.domain.land_time import bureau_date, not_before
from shared.domain import InvalidInputError, RecordedAggregate

MONEY_DIGITS = 2

T = TypeVar("T")


@dataclass
class Grievance:
    grievance_id: UUID
    grievance_type: str
    cause: str
    filed_at: datetime
    party: str
    resolved_at: datetime | None = None
    resolution: str | None = None

    def open_as_of(self, at: datetime) -> bool:
        """Filed by `at` and not resolved by then."""
        return self.filed_at <= at and (self.resolved_at is None or self.resolved_at > at)


@dataclass(frozen=True)
class Payment:
    payee_id: str
    item: str
    amount_yuan: float
    paid_at: datetime


class ExpropriationProject(RecordedAggregate):
    class Registered(RecordedAggregate.Created):
        name: str
        purpose: str
        county_code: str
        handling_unit_id: str
        year: int
        parcels: list[dict[str, Any]]
        requesting_party: str
        households_total: int

    class PlanConformityChecked(RecordedAggregate.Event):
        plan_zone: str
        quota_available: bool
        basic_farmland_involved: bool
        state_council_key_project: bool
        offset_secured: bool

    class PreNoticeIssued(RecordedAggregate.Event):
        scope: str
        ends_on: date
        rule_version: int

    class LandStatusSurveyed(RecordedAggregate.Event):
        survey_id: str

    class LandStatusConfirmed(RecordedAggregate.Event):
        confirmed_by: list[str]
        disputed_items: list[str]

    class StabilityRiskAssessed(RecordedAggregate.Event):
        level: str
        measures: list[str]
        passed: bool

    class HearingRightNotified(RecordedAggregate.Event):
        request_due_on: date
        rule_version: int

    class HearingRequested(RecordedAggregate.Event):
        pass

    class HearingHeld(RecordedAggregate.Event):
        report_id: str

    class CompensationPlanAnnounced(RecordedAggregate.Event):
        ends_on: date
        standards: dict[str, float]
        social_security_required_yuan: float
        rule_version: int

    class MajorityObjectionRecorded(RecordedAggregate.Event):
        objecting_members: int
        total_members: int

    class CompensationClaimRegistered(RecordedAggregate.Event):
        household_id: str
        items: list[str]

    class CompensationAgreementSigned(RecordedAggregate.Event):
        household_id: str
        amount_yuan: float

    class GrievanceRegistered(RecordedAggregate.Event):
        handling_unit_id: str
        grievance_id: UUID
        grievance_type: str
        cause: str
        party: str

    class GrievanceResolved(RecordedAggregate.Event):
        grievance_id: UUID
        resolution: str

    class SubmittedToHigherGovernment(RecordedAggregate.Event):
        checks: list[str]

    class ApprovalApplied(RecordedAggregate.Event):
        checks: list[str]
        agreement_share: float
        rule_version: int

    class Approved(RecordedAggregate.Event):
        approval_no: str
        approver_level: str

    class Announced(RecordedAggregate.Event):
        pass

    class CompensationPaid(RecordedAggregate.Event):
        payee_id: str
        item: str
        amount_yuan: float

    class ResettlementArranged(RecordedAggregate.Event):
        household_id: str
        kind: str

    class LandHandedOver(RecordedAggregate.Event):
        parcel_id: str
        disputed: bool

    class LandSupplied(RecordedAggregate.Event):
        parcel_id: str
        mode: str
        checks: list[str]

    @event(Registered)
    def __init__(
        self,
        *,
        name: str,
        purpose: str,
        county_code: str,
        handling_unit_id: str,
        year: int,
        parcels: list[dict[str, Any]],
        requesting_party: str,
        households_total: int,
    ) -> None:
        self.name = name
        self.purpose = purpose
        self.county_code = county_code
        self.handling_unit_id = handling_unit_id
        self.year = year
        self.parcels = {p["parcel_id"]: dict(p) for p in parcels}
        self.requesting_party = requesting_party
        self.households_total = households_total
        self.plan_check: dict[str, Any] | None = None
        self.pre_notice_ends_on: date | None = None
        self.survey_id: str | None = None
        self.surveyed_at: datetime | None = None
        self.survey_confirmed = False
        self.survey_confirmed_at: datetime | None = None
        self.disputed_items: list[str] = []
        self.stability_passed: bool | None = None
        self.hearing_request_due_on: date | None = None
        self.hearing_notified_at: datetime | None = None
        self.hearing_requested = False
        self.hearing_requested_at: datetime | None = None
        self.hearing_held = False
        self.hearing_held_at: datetime | None = None
        self.plan_announcement_ends_on: date | None = None
        # Each dated step as (business time, outcome), so that a gate can be judged as of a time.
        self.pre_notices: list[tuple[datetime, date]] = []
        self.stability_assessments: list[tuple[datetime, bool]] = []
        self.hearing_notices: list[tuple[datetime, date]] = []
        self.plan_announcements: list[tuple[datetime, date]] = []
        self.objections: list[tuple[datetime, bool]] = []  # (objected_at, a majority objected)
        self.claims_registered_at: dict[str, datetime] = {}
        self.agreements_signed_at: dict[str, datetime] = {}
        self.resettled_at: dict[str, datetime] = {}
        self.payments: list[Payment] = []
        self.handovers: dict[str, list[tuple[datetime, bool]]] = {}
        self.social_security_required_yuan = 0.0
        self.majority_objected = False
        self.claims: set[str] = set()
        self.agreements: dict[str, float] = {}
        self.grievances: dict[UUID, Grievance] = {}
        self.submitted_at: datetime | None = None
        self.applied_at: datetime | None = None
        self.approval_no: str | None = None
        self.approved_at: datetime | None = None
        self.announced_at: datetime | None = None
        self.paid: dict[str, float] = {}
        self.social_security_paid_yuan = 0.0
        self.resettled: dict[str, str] = {}
        self.handed_over: dict[str, bool] = {}
        self.supplied: dict[str, str] = {}

    @staticmethod
    def check_parcels(parcels: list[dict[str, Any]]) -> None:
        if not parcels:
            raise InvalidInputError("a project takes at least one parcel", field="parcels")
        ids = [p["parcel_id"] for p in parcels]
        if len(set(ids)) != len(ids):
            raise InvalidInputError("parcel ids are unique within a project", field="parcels")
        for parcel in parcels:
            if not parcel["basic_farmland_mu"] <= parcel["cultivated_mu"] <= parcel["area_mu"]:
                raise InvalidInputError(
                    "basic farmland lies within cultivated land, and cultivated land within the parcel",
                    field="parcels",
                    parcel_id=parcel["parcel_id"],
                )

    # -- preparation (before the approval application) -----------------------------------------------

    def check_plan_conformity(
        self,
        *,
        plan_zone: PlanZone,
        quota_available: bool,
        basic_farmland_involved: bool,
        state_council_key_project: bool,
        offset_secured: bool,
    ) -> None:
        self._ensure_not_submitted("the plan conformity check")
        self._plan_checked(
            plan_zone=plan_zone.value,
            quota_available=quota_available,
            basic_farmland_involved=basic_farmland_involved,
            state_council_key_project=state_council_key_project,
            offset_secured=offset_secured,
        )

    def issue_pre_notice(self, *, issued_at: datetime, scope: str, ends_on: date, rule_version: int) -> None:
        self._ensure_not_applied("the preliminary notice")
        self._pre_notice(scope=scope, ends_on=ends_on, rule_version=rule_version, occurred_at=issued_at)

    def record_survey(self, *, surveyed_at: datetime, survey_id: str) -> None:
        self._ensure_not_applied("the land-status survey")
        self._surveyed(survey_id=survey_id, occurred_at=surveyed_at)

    def confirm_survey(self, *, confirmed_at: datetime, confirmed_by: list[str], disputed_items: list[str]) -> None:
        self._ensure_not_applied("the survey confirmation")
        if self.survey_id is None:
            raise ProjectStepError("the survey is confirmed after it is made", missing="land_status_surveyed")
        if not confirmed_by:
            raise InvalidInputError("name who confirmed the survey (or witnessed a refusal)", field="confirmed_by")
        self._confirmed(confirmed_by=list(confirmed_by), disputed_items=list(disputed_items), occurred_at=confirmed_at)

    def assess_stability_risk(
        self, *, assessed_at: datetime, level: RiskLevel, measures: list[str], passed: bool
    ) -> None:
        self._ensure_not_applied("the stability-risk assessment")
        self._risk(level=level.value, measures=list(measures), passed=passed, occurred_at=assessed_at)

    def notify_hearing_right(self, *, served_at: datetime, request_due_on: date, rule_version: int) -> None:
        self._ensure_not_applied("the hearing notice")
        self._hearing_notified(request_due_on=request_due_on, rule_version=rule_version, occurred_at=served_at)

    def request_hearing(self, *, requested_at: datetime) -> None:
        if self.hearing_request_due_on is None:
            raise ProjectStepError(
                "a hearing is requested after the right was notified", missing="hearing_right_notified"
            )
        if bureau_date(requested_at) > self.hearing_request_due_on:
            raise HearingRequestLateError(
                "the hearing request came after the window closed",
                request_due_on=self.hearing_request_due_on.isoformat(),
            )
        if not self.hearing_requested:
            self._hearing_requested(occurred_at=requested_at)

    def hold_hearing(self, *, held_at: datetime, report_id: str) -> None:
        if not (self.hearing_requested or self.majority_objected):
            raise ProjectStepError(
                "a hearing is held when one was requested or a majority objected to the plan",
                missing="hearing_requested_or_majority_objection",
            )
        self._hearing_held(report_id=report_id, occurred_at=held_at)

    def announce_plan(
        self,
        *,
        announced_at: datetime,
        ends_on: date,
        standards: dict[str, float],
        social_security_required_yuan: float,
        min_days: int,
        rule_version: int,
    ) -> None:
        self._ensure_not_applied("the compensation plan announcement")
        shortest = (ends_on - bureau_date(announced_at)).days
        if shortest < min_days:
            raise AnnouncementTooShortError(
                "the compensation and resettlement plan is announced for at least the configured days",
                min_days=min_days,
                announced_days=shortest,
                rule_version=rule_version,
            )
        self._plan_announced(
            ends_on=ends_on,
            standards=dict(standards),
            social_security_required_yuan=_money(social_security_required_yuan),
            rule_version=rule_version,
            occurred_at=announced_at,
        )

    def record_majority_objection(self, *, objected_at: datetime, objecting_members: int, total_members: int) -> None:
        if self.plan_announcement_ends_on is None:
            raise ProjectStepError("objections answer the announced plan", missing="compensation_plan_announced")
        if not 0 <= objecting_members <= total_members or total_members == 0:
            raise InvalidInputError(
                "objecting members are a part of the collective's members", field="objecting_members"
            )
        self._objection(objecting_members=objecting_members, total_members=total_members, occurred_at=objected_at)

    def register_claim(self, *, registered_at: datetime, household_id: str, items: list[str]) -> None:
        self._claim(household_id=household_id, items=list(items), occurred_at=registered_at)

    def sign_agreement(self, *, signed_at: datetime, household_id: str, amount_yuan: float) -> None:
        if household_id not in self.claims:
            raise ClaimNotRegisteredError("a household signs after it registered its claim", household_id=household_id)
        if household_id in self.agreements:
            raise AgreementAlreadySignedError("this household has signed already", household_id=household_id)
        if amount_yuan <= 0:
            raise InvalidInputError("an agreement states the compensation it pays", field="amount_yuan")
        if len(self.agreements) >= self.households_total:
            raise InvalidInputError("more agreements than households in the project", field="household_id")
        self._agreement(household_id=household_id, amount_yuan=_money(amount_yuan), occurred_at=signed_at)

    # -- grievances ----------------------------------------------------------------------------------

    def register_grievance(
        self,
        *,
        filed_at: datetime,
        grievance_type: GrievanceType,
        cause: GrievanceCause,
        party: str,
    ) -> UUID:
        grievance_id = uuid4()
        self._grievance(
            handling_unit_id=self.handling_unit_id,
            grievance_id=grievance_id,
            grievance_type=grievance_type.value,
            cause=cause.value,
            party=party,
            occurred_at=filed_at,
        )
        return grievance_id

    def resolve_grievance(self, *, grievance_id: UUID, resolved_at: datetime, resolution: str) -> None:
        grievance = self.grievances.get(grievance_id)
        if grievance is None:
            raise GrievanceNotFoundError("no such grievance on this project", grievance_id=str(grievance_id))
        if grievance.resolved_at is not None:
            raise GrievanceAlreadyResolvedError("the grievance is already resolved", grievance_id=str(grievance_id))
        not_before("resolved_at", resolved_at, "filed_at", grievance.filed_at)
        self._grievance_resolved(grievance_id=grievance_id, resolution=resolution, occurred_at=resolved_at)

    def open_grievances_as_of(self, at: datetime) -> list[Grievance]:
        return [g for g in self.grievances.values() if g.open_as_of(at)]

    # -- the project as of a business time (the gates judge a step as of its own time) -----------------

    def pre_notice_ends_on_as_of(self, at: datetime) -> date | None:
        return latest_by(self.pre_notices, at)

    def stability_passed_as_of(self, at: datetime) -> bool | None:
        return latest_by(self.stability_assessments, at)

    def hearing_request_due_on_as_of(self, at: datetime) -> date | None:
        return latest_by(self.hearing_notices, at)

    def plan_announcement_ends_on_as_of(self, at: datetime) -> date | None:
        return latest_by(self.plan_announcements, at)

    @property
    def plan_first_announced_at(self) -> datetime | None:
        return min((when for when, _ in self.plan_announcements), default=None)

    def majority_objected_as_of(self, at: datetime) -> bool:
        """Whether the latest count of objections dated by `at` found a majority."""
        return latest_by(self.objections, at) is True

    @property
    def majority_objected_at(self) -> datetime | None:
        """When a majority first objected: a hearing owed to the objection is not held before."""
        return min((when for when, majority in self.objections if majority), default=None)

    def agreements_as_of(self, at: datetime) -> dict[str, float]:
        return {h: amount for h, amount in self.agreements.items() if self.agreements_signed_at[h] <= at}

    def resettled_as_of(self, at: datetime) -> set[str]:
        """The households whose resettlement was arranged by `at`."""
        return {household for household, when in self.resettled_at.items() if when <= at}

    def paid_as_of(self, at: datetime) -> tuple[dict[str, float], float]:
        """Compensation paid by `at` to each household, and social-security funds deposited by then."""
        paid: dict[str, float] = {}
        social_security = 0.0
        for payment in self.payments:
            if payment.paid_at > at:
                continue
            if payment.item == PaymentItem.SOCIAL_SECURITY:
                social_security = _money(social_security + payment.amount_yuan)
            else:
                paid[payment.payee_id] = _money(paid.get(payment.payee_id, 0.0) + payment.amount_yuan)
        return paid, social_security

    def handover_disputed_as_of(self, parcel_id: str, at: datetime) -> bool | None:
        """Whether the parcel's hand-over as of `at` was disputed; None if not handed over by then."""
        return latest_by(self.handovers.get(parcel_id, []), at)

    def last_handover_at(self, parcel_id: str) -> datetime | None:
        return max((when for when, _ in self.handovers.get(parcel_id, [])), default=None)

    # -- gated steps (the application evaluates the gate first) -----------------------------------------

    def submit_upward(self, *, submitted_at: datetime, checks: list[str]) -> None:
        self._ensure_not_submitted("submission")
        self._submitted(checks=checks, occurred_at=submitted_at)

    def apply_for_approval(
        self, *, applied_at: datetime, checks: list[str], agreement_share: float, rule_version: int
    ) -> None:
        self._ensure_not_applied("the approval application")
        self._applied(checks=checks, agreement_share=agreement_share, rule_version=rule_version, occurred_at=applied_at)

    def record_approval(self, *, approved_at: datetime, approval_no: str, approver_level: str) -> None:
        if self.applied_at is None:
            raise ProjectStepError("approval follows the approval application", missing="approval_applied")
        if self.approved_at is not None:
            raise ProjectStepError("the expropriation is already approved", approval_no=self.approval_no)
        self._approved(approval_no=approval_no, approver_level=approver_level, occurred_at=approved_at)

    def announce_expropriation(self, *, announced_at: datetime) -> None:
        if self.approved_at is None:
            raise ProjectStepError("the approved expropriation is announced after approval", missing="approved")
        self._announced(occurred_at=announced_at)

    def pay(self, *, paid_at: datetime, payee_id: str, item: PaymentItem, amount_yuan: float) -> None:
        if item is not PaymentItem.SOCIAL_SECURITY and payee_id not in self.agreements:
            raise PayeeWithoutAgreementError(
                "compensation is paid to a household that signed an agreement", payee_id=payee_id
            )
        if amount_yuan <= 0:
            raise InvalidInputError("a payment has an amount", field="amount_yuan")
        self._paid(payee_id=payee_id, item=item.value, amount_yuan=_money(amount_yuan), occurred_at=paid_at)

    def arrange_resettlement(self, *, resettled_at: datetime, household_id: str, kind: ResettlementKind) -> None:
        if household_id not in self.agreements:
            raise PayeeWithoutAgreementError("resettlement follows a signed agreement", payee_id=household_id)
        self._resettled(household_id=household_id, kind=kind.value, occurred_at=resettled_at)

    def hand_over(self, *, parcel_id: str, handed_over_at: datetime, disputed: bool) -> None:
        self._ensure_parcel(parcel_id)
        if self.approved_at is None:
            raise ProjectStepError("land is handed over after the expropriation is approved", missing="approved")
        self._handed_over(parcel_id=parcel_id, disputed=disputed, occurred_at=handed_over_at)

    def supply(self, *, parcel_id: str, supplied_at: datetime, mode: str, checks: list[str]) -> None:
        self._ensure_parcel(parcel_id)
        if parcel_id in self.supplied:
            raise ParcelAlreadySuppliedError("the parcel is already supplied", parcel_id=parcel_id)
        self._supplied(parcel_id=parcel_id, mode=mode, checks=checks, occurred_at=supplied_at)

    def _ensure_parcel(self, parcel_id: str) -> None:
        if parcel_id not in self.parcels:
            raise InvalidInputError("no such parcel in this project", field="parcel_id", parcels=sorted(self.parcels))

    def _ensure_not_submitted(self, step: str) -> None:
        if self.submitted_at is not None:
            raise ProjectStepError(f"{step} comes before submission to the higher government", stage="submitted")

    def _ensure_not_applied(self, step: str) -> None:
        if self.applied_at is not None:
            raise ProjectStepError(f"{step} comes before the approval application", stage="approval_applied")

    # -- events ------------------------------------------------------------------------------------------

    @event(PlanConformityChecked)
    def _plan_checked(
        self,
        *,
        plan_zone: str,
        quota_available: bool,
        basic_farmland_involved: bool,
        state_council_key_project: bool,
        offset_secured: bool,
    ) -> None:
        self.plan_check = {
            "plan_zone": plan_zone,
            "quota_available": quota_available,
            "basic_farmland_involved": basic_farmland_involved,
            "state_council_key_project": state_council_key_project,
            "offset_secured": offset_secured,
        }

    @event(PreNoticeIssued)
    def _pre_notice(self, *, scope: str, ends_on: date, rule_version: int, occurred_at: datetime) -> None:
        self.pre_notice_ends_on = ends_on
        self.pre_notices.append((occurred_at, ends_on))

    @event(LandStatusSurveyed)
    def _surveyed(self, *, survey_id: str, occurred_at: datetime) -> None:
        self.survey_id = survey_id
        self.surveyed_at = occurred_at

    @event(LandStatusConfirmed)
    def _confirmed(self, *, confirmed_by: list[str], disputed_items: list[str], occurred_at: datetime) -> None:
        self.survey_confirmed = True
        self.survey_confirmed_at = _earliest(self.survey_confirmed_at, occurred_at)
        self.disputed_items = list(disputed_items)

    @event(StabilityRiskAssessed)
    def _risk(self, *, level: str, measures: list[str], passed: bool, occurred_at: datetime) -> None:
        self.stability_passed = passed
        self.stability_assessments.append((occurred_at, passed))

    @event(HearingRightNotified)
    def _hearing_notified(self, *, request_due_on: date, rule_version: int, occurred_at: datetime) -> None:
        self.hearing_request_due_on = request_due_on
        self.hearing_notified_at = occurred_at
        self.hearing_notices.append((occurred_at, request_due_on))

    @event(HearingRequested)
    def _hearing_requested(self, *, occurred_at: datetime) -> None:
        self.hearing_requested = True
        self.hearing_requested_at = occurred_at

    @event(HearingHeld)
    def _hearing_held(self, *, report_id: str, occurred_at: datetime) -> None:
        self.hearing_held = True
        self.hearing_held_at = _earliest(self.hearing_held_at, occurred_at)

    @event(CompensationPlanAnnounced)
    def _plan_announced(
        self,
        *,
        ends_on: date,
        standards: dict[str, float],
        social_security_required_yuan: float,
        rule_version: int,
        occurred_at: datetime,
    ) -> None:
        self.plan_announcement_ends_on = ends_on
        self.social_security_required_yuan = social_security_required_yuan
        self.plan_announcements.append((occurred_at, ends_on))

    @event(MajorityObjectionRecorded)
    def _objection(self, *, objecting_members: int, total_members: int, occurred_at: datetime) -> None:
        self.majority_objected = objecting_members * 2 > total_members
        self.objections.append((occurred_at, self.majority_objected))

    @event(CompensationClaimRegistered)
    def _claim(self, *, household_id: str, items: list[str], occurred_at: datetime) -> None:
        self.claims.add(household_id)
        self.claims_registered_at[household_id] = _earliest(self.claims_registered_at.get(household_id), occurred_at)

    @event(CompensationAgreementSigned)
    def _agreement(self, *, household_id: str, amount_yuan: float, occurred_at: datetime) -> None:
        self.agreements[household_id] = amount_yuan
        self.agreements_signed_at[household_id] = occurred_at

    @event(GrievanceRegistered)
    def _grievance(
        self,
        *,
        handling_unit_id: str,
        grievance_id: UUID,
        grievance_type: str,
        cause: str,
        party: str,
        occurred_at: datetime,
    ) -> None:
        self.grievances[grievance_id] = Grievance(grievance_id, grievance_type, cause, occurred_at, party)

    @event(GrievanceResolved)
    def _grievance_resolved(self, *, grievance_id: UUID, resolution: str, occurred_at: datetime) -> None:
        grievance = self.grievances[grievance_id]
        grievance.resolved_at = occurred_at
        grievance.resolution = resolution

    @event(SubmittedToHigherGovernment)
    def _submitted(self, *, checks: list[str], occurred_at: datetime) -> None:
        self.submitted_at = occurred_at

    @event(ApprovalApplied)
    def _applied(self, *, checks: list[str], agreement_share: float, rule_version: int, occurred_at: datetime) -> None:
        self.applied_at = occurred_at

    @event(Approved)
    def _approved(self, *, approval_no: str, approver_level: str, occurred_at: datetime) -> None:
        self.approval_no = approval_no
        self.approved_at = occurred_at

    @event(Announced)
    def _announced(self, *, occurred_at: datetime) -> None:
        self.announced_at = occurred_at

    @event(CompensationPaid)
    def _paid(self, *, payee_id: str, item: str, amount_yuan: float, occurred_at: datetime) -> None:
        self.payments.append(Payment(payee_id, item, amount_yuan, occurred_at))
        if item == PaymentItem.SOCIAL_SECURITY:
            self.social_security_paid_yuan = _money(self.social_security_paid_yuan + amount_yuan)
        else:
            self.paid[payee_id] = _money(self.paid.get(payee_id, 0.0) + amount_yuan)

    @event(ResettlementArranged)
    def _resettled(self, *, household_id: str, kind: str, occurred_at: datetime) -> None:
        self.resettled[household_id] = kind
        self.resettled_at[household_id] = _earliest(self.resettled_at.get(household_id), occurred_at)

    @event(LandHandedOver)
    def _handed_over(self, *, parcel_id: str, disputed: bool, occurred_at: datetime) -> None:
        self.handed_over[parcel_id] = disputed
        self.handovers.setdefault(parcel_id, []).append((occurred_at, disputed))

    @event(LandSupplied)
    def _supplied(self, *, parcel_id: str, mode: str, checks: list[str], occurred_at: datetime) -> None:
        self.supplied[parcel_id] = mode


def _money(amount: float) -> float:
    return round(amount, MONEY_DIGITS)


def _earliest(current: datetime | None, moment: datetime) -> datetime:
    return moment if current is None else min(current, moment)


def latest_by(records: Sequence[tuple[datetime, T]], at: datetime) -> T | None:
    """The outcome of the latest record dated by `at`, if any."""
    latest: tuple[datetime, T] | None = None
    for record in records:  # in the order recorded: of two dated alike, the later recorded counts
        if record[0] <= at and (latest is None or record[0] >= latest[0]):
            latest = record
    return latest[1] if latest is not None else None
