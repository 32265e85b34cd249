"""Violation leads (违法线索): intake from every source, verification, referral, stop orders, the
mandatory report of a major violation, and the decision to file a case or not (DOMAIN §1.2 steps 0–2).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from cases.domain.deadlines import Watched, due_breaches
from cases.domain.enforcers import CheckedTeam
from cases.domain.errors import RuleConflictError, StepAlreadyCompletedError, StepNotApplicableError, StepsMissingError
from cases.domain.recording import BodyCameraClip, checked_clips, upcast_without_clips
from cases.domain.rules import ProcedureRules
from cases.domain.template import ProcedureTemplate
from cases.domain.templates import MAJOR_VIOLATION, VIOLATION_ONGOING, template
from cases.domain.timing import due_after, local_day
from shared.domain import InvalidInputError, RecordedAggregate
from shared.domain.calendar import WorkingDayCalendar

SOURCES = (
    "patrol",
    "satellite_patch",
    "public_report",
    "hotline_12336",
    "dept_referral",
    "superior_assignment",
    "media",
)
VERIFICATION_OUTCOMES = ("violation_confirmed", "no_violation", "not_our_jurisdiction", "duplicate")
NOT_FILED_REASONS = ("minor_corrected", "condition_unmet", "limitation_expired")
# 上提管辖 (2014 Measures art. 8): should have been filed and was not; complex; a major impact.
TAKEOVER_REASONS = ("should_have_filed", "complex", "major_impact")
FILING_CONDITIONS = ("identified_party", "violation_fact", "liability", "jurisdiction", "within_limitation")
REPORT_RECIPIENTS = ("county_government", "higher_bureau", "supervision_organ")


class LeadAlreadyVerifiedError(StepAlreadyCompletedError):
    code = "lead_already_verified"


class LeadSettledError(RuleConflictError):
    """The lead was already filed, not filed, or referred elsewhere."""

    code = "lead_settled"


class ViolationNotConfirmedError(RuleConflictError):
    code = "violation_not_confirmed"


class NotReferrableError(RuleConflictError):
    code = "lead_not_referrable"


class FilingConditionsUnmetError(RuleConflictError):
    code = "filing_conditions_unmet"


class NoStopOrderError(RuleConflictError):
    code = "no_stop_order"


LEAD_NAMESPACE = UUID("3e7a9c1b-5d2f-4b8e-a6c4-1f0e9d8c7b6a")


class LeadEvent(RecordedAggregate.Event):
    """An event of a lead after its registration; it names the lead's unit at that moment."""

    unit_id: str


class ViolationLead(RecordedAggregate):
    """One lead, from registration until it becomes a case, is not filed, or is referred elsewhere."""

    class Registered(RecordedAggregate.Created):
        register_no: str
        source: str
        unit_id: str
        location: dict[str, Any]
        description: str
        reporter: dict[str, Any] | None
        satellite_patch_id: str | None
        proposed_disposal: str
        template_id: str
        template_version: str
        rule_version: int
        rules: dict[str, Any]
        verification_due_on: date

    class VerificationAssigned(LeadEvent):
        officer_ids: list[UUID]
        to_unit_id: str

        def apply(self, aggregate: Any) -> None:
            lead: ViolationLead = aggregate
            lead.assigned_officer_ids = self.officer_ids
            lead.unit_id = self.to_unit_id

    class Verified(LeadEvent):
        outcome: str
        record_no: str
        officer_ids: list[UUID]
        certificate_nos: list[str]
        land_class: str | None
        area_mu: float
        cultivated_mu: float
        basic_farmland_mu: float
        plan_conformity: str
        approvals_found: list[str]
        photo_count: int
        violation_ongoing: bool
        major_criteria: list[str]
        duplicate_of: UUID | None
        due_on: date
        on_time: bool
        filing_due_on: date | None
        report_due_on: date | None
        clips: list[dict[str, Any]]
        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_without_clips)

        def apply(self, aggregate: Any) -> None:
            lead: ViolationLead = aggregate
            lead.outcome = self.outcome
            lead.verified_on = local_day(self.occurred_at)
            lead.verification = {
                "officer_ids": self.officer_ids,
                "certificate_nos": self.certificate_nos,
                "land_class": self.land_class,
                "area_mu": self.area_mu,
                "cultivated_mu": self.cultivated_mu,
                "basic_farmland_mu": self.basic_farmland_mu,
                "plan_conformity": self.plan_conformity,
                "approvals_found": self.approvals_found,
                "photo_count": self.photo_count,
                "duplicate_of": self.duplicate_of,
                "on_time": self.on_time,
            }
            lead.violation_ongoing = self.violation_ongoing
            lead.major_criteria = self.major_criteria
            lead.filing_due_on = self.filing_due_on
            lead.report_due_on = self.report_due_on
            lead.documents.setdefault("site_check_record", []).append(self.record_no)
            lead.completed["lead_verification"] = self.occurred_at

    class ReferredElsewhere(LeadEvent):
        to_agency: str
        reason: str
        letter_no: str

        def apply(self, aggregate: Any) -> None:
            lead: ViolationLead = aggregate
            lead.settlement = "referred"
            lead.settled_on = local_day(self.occurred_at)

    class TakenOverBySuperior(LeadEvent):
        """上提管辖 (2014 Measures art. 8): the superior bureau handles the violation itself."""

        superior: str
        reason: str
        letter_no: str
        officer_ids: list[UUID]  # who verified the lead: whom a takeover for inaction concerns

        def apply(self, aggregate: Any) -> None:
            lead: ViolationLead = aggregate
            lead.settlement = "taken_over"
            lead.settled_on = local_day(self.occurred_at)

    class StopOrderIssued(LeadEvent):
        doc_no: str
        correction_order_no: str | None
        party: str
        officer_ids: list[UUID]
        certificate_nos: list[str]
        clips: list[dict[str, Any]]
        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_without_clips)

        def apply(self, aggregate: Any) -> None:
            lead: ViolationLead = aggregate
            lead.stop_orders.append(self.doc_no)
            lead.documents.setdefault("stop_order_notice", []).append(self.doc_no)
            if self.correction_order_no:
                lead.documents.setdefault("correction_order_notice", []).append(self.correction_order_no)
            lead.completed.setdefault("stop_order", self.occurred_at)

    class StopOrderIneffectiveReported(LeadEvent):
        reported_to: list[str]
        stop_order_no: str

        def apply(self, aggregate: Any) -> None:
            lead: ViolationLead = aggregate
            lead.ineffective_reports.append({"reported_to": self.reported_to, "at": self.occurred_at})

    class MajorViolationReported(LeadEvent):
        report_no: str
        criteria_met: list[str]
        reported_to: list[str]
        due_on: date
        on_time: bool

        def apply(self, aggregate: Any) -> None:
            lead: ViolationLead = aggregate
            lead.reported_on = local_day(self.occurred_at)
            lead.documents.setdefault("major_violation_report", []).append(self.report_no)
            lead.completed["major_violation_report"] = self.occurred_at

    class CaseOpened(LeadEvent):
        case_id: UUID
        case_no: str

        def apply(self, aggregate: Any) -> None:
            lead: ViolationLead = aggregate
            lead.settlement = "filed"
            lead.settled_on = local_day(self.occurred_at)
            lead.case_id = self.case_id
            lead.case_no = self.case_no
            lead.completed["case_filing"] = self.occurred_at

    class NotFiled(LeadEvent):
        reason: str
        unmet_conditions: list[str]
        approved_by: UUID
        explanation: str
        filing_due_on: date | None
        on_time: bool

        def apply(self, aggregate: Any) -> None:
            lead: ViolationLead = aggregate
            lead.settlement = "not_filed"
            lead.settled_on = local_day(self.occurred_at)

    class DeadlineBreached(LeadEvent):
        kind: str
        due_on: date
        detected_at: datetime
        officer_ids: list[UUID]

        def apply(self, aggregate: Any) -> None:
            lead: ViolationLead = aggregate
            lead.breaches[self.kind] = self.due_on

    @staticmethod
    def create_id(register_no: str) -> UUID:
        """Derived from the register number, so a lead is registered once."""
        return uuid5(LEAD_NAMESPACE, register_no.strip().upper())

    @event(Registered)
    def __init__(
        self,
        *,
        register_no: str,
        source: str,
        unit_id: str,
        location: dict[str, Any],
        description: str,
        reporter: dict[str, Any] | None,
        satellite_patch_id: str | None,
        proposed_disposal: str,
        template_id: str,
        template_version: str,
        rule_version: int,
        rules: dict[str, Any],
        verification_due_on: date,
        occurred_at: datetime,
    ) -> None:
        self.register_no = register_no
        self.source = source
        self.unit_id = unit_id
        self.location = location
        self.description = description
        self.reporter = reporter
        self.satellite_patch_id = satellite_patch_id
        self.proposed_disposal = proposed_disposal
        self.template_id = template_id
        self.template_version = template_version
        self.rule_version = rule_version
        self.rule_values = rules
        self.received_at = occurred_at
        self.verification_due_on = verification_due_on
        self.assigned_officer_ids: list[UUID] = []
        self.outcome: str | None = None
        self.verified_on: date | None = None
        self.verification: dict[str, Any] = {}
        self.violation_ongoing = False
        self.major_criteria: list[str] = []
        self.filing_due_on: date | None = None
        self.report_due_on: date | None = None
        self.reported_on: date | None = None
        self.stop_orders: list[str] = []
        self.ineffective_reports: list[dict[str, Any]] = []
        self.settlement: str | None = None  # filed | not_filed | referred | taken_over
        self.settled_on: date | None = None
        self.case_id: UUID | None = None
        self.case_no: str | None = None
        self.documents: dict[str, list[str]] = {"lead_register": [register_no]}
        self.completed: dict[str, datetime] = {"lead_intake": occurred_at}
        self.breaches: dict[str, date] = {}

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        if issubclass(event_class, LeadEvent):
            kwargs = {"unit_id": self.unit_id, **kwargs}
        super().trigger_event(event_class, **kwargs)

    # -- reading ---------------------------------------------------------------------------------

    @property
    def template(self) -> ProcedureTemplate:
        return template(self.template_id, self.template_version)

    @property
    def rules(self) -> ProcedureRules:
        return ProcedureRules.parse(self.rule_version, self.rule_values)

    def holds(self, condition: str) -> bool:
        if condition == VIOLATION_ONGOING:
            return self.violation_ongoing
        if condition == MAJOR_VIOLATION:
            return bool(self.major_criteria)
        return False

    def watched(self) -> list[Watched]:
        """The lead's deadlines: verification, the major-violation report, and filing (or not)."""
        watched = [Watched("verification", self.verification_due_on, self.verified_on)]
        if self.outcome == "violation_confirmed":
            watched.append(Watched("filing", self.filing_due_on, self.settled_on))
            if self.major_criteria:
                watched.append(Watched("major_violation_report", self.report_due_on, self.reported_on))
        return watched

    def due_breaches(self, today: date) -> list[Watched]:
        return due_breaches(self.watched(), self.breaches, today)

    @property
    def watch_finished(self) -> bool:
        """No deadline of this lead can be missed any more (a verification late or pending may still
        be followed by a filing deadline, so only a settled or dismissed lead is finished)."""
        if self.outcome is not None and self.outcome != "violation_confirmed":
            return True
        if self.settlement is None:
            return False
        return all(not w.open or w.kind in self.breaches for w in self.watched())

    # -- commands --------------------------------------------------------------------------------

    def assign_verification(self, officer_ids: Sequence[UUID], unit_id: str) -> None:
        self._ensure_not_verified()
        self.trigger_event(self.VerificationAssigned, officer_ids=list(officer_ids), to_unit_id=unit_id)

    def verify(
        self,
        *,
        outcome: str,
        record_no: str,
        team: CheckedTeam,
        land_class: str | None,
        area_mu: float,
        cultivated_mu: float,
        basic_farmland_mu: float,
        plan_conformity: str,
        approvals_found: Sequence[str],
        photo_count: int,
        violation_ongoing: bool,
        large_scale_destruction: bool,
        illegal_approval_over_threshold: bool,
        duplicate_of: UUID | None,
        at: datetime,
        calendar: WorkingDayCalendar,
        clips: Sequence[BodyCameraClip] = (),
    ) -> None:
        self._ensure_not_verified()
        self.template.ensure_not_before_predecessors("lead_verification", at, self.completed)
        rules = self.rules
        confirmed = outcome == "violation_confirmed"
        criteria: list[str] = []
        if confirmed:
            if basic_farmland_mu >= rules.major_violation_basic_farmland_mu:
                criteria.append("basic_farmland_area")
            if cultivated_mu >= rules.major_violation_cultivated_mu:
                criteria.append("cultivated_land_area")
            if large_scale_destruction:
                criteria.append("large_scale_farmland_destruction")
            if illegal_approval_over_threshold:
                criteria.append("illegal_approval_area")
        day = local_day(at)
        self.trigger_event(
            self.Verified,
            outcome=outcome,
            record_no=record_no,
            officer_ids=team.officer_ids,
            certificate_nos=team.certificate_nos,
            land_class=land_class,
            area_mu=area_mu,
            cultivated_mu=cultivated_mu,
            basic_farmland_mu=basic_farmland_mu,
            plan_conformity=plan_conformity,
            approvals_found=list(approvals_found),
            photo_count=photo_count,
            violation_ongoing=confirmed and violation_ongoing,
            major_criteria=criteria,
            duplicate_of=duplicate_of,
            due_on=self.verification_due_on,
            on_time=day <= self.verification_due_on,
            filing_due_on=due_after(day, rules.limit("filing"), calendar) if confirmed else None,
            report_due_on=due_after(day, rules.limit("major_violation_report"), calendar) if criteria else None,
            clips=checked_clips(clips, acting=team.officer_ids, at=at),
            occurred_at=at,
        )

    def refer_elsewhere(self, *, to_agency: str, reason: str, letter_no: str, at: datetime) -> None:
        self._ensure_unsettled()
        if self.outcome != "not_our_jurisdiction":
            raise NotReferrableError(
                "only a lead verified as outside the bureau's jurisdiction is referred elsewhere",
                outcome=self.outcome,
                required_outcome="not_our_jurisdiction",
            )
        self.trigger_event(
            self.ReferredElsewhere, to_agency=to_agency, reason=reason, letter_no=letter_no, occurred_at=at
        )

    def take_over_by_superior(self, *, superior: str, reason: str, letter_no: str, at: datetime) -> None:
        """Record that the superior bureau took the lead over. Only a verified violation not yet
        settled is taken over; the filing deadline ends here (late if it had passed)."""
        self._ensure_unsettled()
        if self.outcome != "violation_confirmed":
            raise ViolationNotConfirmedError(
                "only a lead verified as a violation can be taken over", outcome=self.outcome
            )
        if reason not in TAKEOVER_REASONS:
            raise InvalidInputError("unknown ground for a takeover", field="reason", allowed=list(TAKEOVER_REASONS))
        self.trigger_event(
            self.TakenOverBySuperior,
            superior=superior,
            reason=reason,
            letter_no=letter_no,
            officer_ids=list(self.verification["officer_ids"]),
            occurred_at=at,
        )

    def issue_stop_order(
        self,
        *,
        doc_no: str,
        correction_order_no: str | None,
        party: str,
        team: CheckedTeam,
        at: datetime,
        clips: Sequence[BodyCameraClip] = (),
    ) -> None:
        self._ensure_unsettled()
        self._ensure_step_allowed("stop_order", at)
        self.trigger_event(
            self.StopOrderIssued,
            doc_no=doc_no,
            correction_order_no=correction_order_no,
            party=party,
            officer_ids=team.officer_ids,
            certificate_nos=team.certificate_nos,
            clips=checked_clips(clips, acting=team.officer_ids, at=at),
            occurred_at=at,
        )

    def report_stop_order_ineffective(self, *, reported_to: Sequence[str], at: datetime) -> None:
        if not self.stop_orders:
            raise NoStopOrderError("no stop order was issued on this lead")
        self.trigger_event(
            self.StopOrderIneffectiveReported,
            reported_to=sorted(set(reported_to)),
            stop_order_no=self.stop_orders[-1],
            occurred_at=at,
        )

    def report_major_violation(self, *, report_no: str, reported_to: Sequence[str], at: datetime) -> None:
        self._ensure_step_allowed("major_violation_report", at)
        if "major_violation_report" in self.completed:
            raise StepAlreadyCompletedError("the major violation was already reported", step="major_violation_report")
        assert self.report_due_on is not None
        self.trigger_event(
            self.MajorViolationReported,
            report_no=report_no,
            criteria_met=list(self.major_criteria),
            reported_to=sorted(set(reported_to)),
            due_on=self.report_due_on,
            on_time=local_day(at) <= self.report_due_on,
            occurred_at=at,
        )

    def check_fileable(self, conditions: Mapping[str, bool], at: datetime) -> None:
        """The filing decision may be taken: verified as a violation, with every earlier step done."""
        self._ensure_settleable(at)
        unmet = [name for name in FILING_CONDITIONS if not conditions.get(name, False)]
        if unmet:
            raise FilingConditionsUnmetError(
                "a case is filed only when all five conditions hold; otherwise record that it is not filed",
                unmet_conditions=unmet,
            )

    def open_case(self, *, case_id: UUID, case_no: str, at: datetime) -> None:
        self.trigger_event(self.CaseOpened, case_id=case_id, case_no=case_no, occurred_at=at)

    def decline_filing(
        self, *, reason: str, unmet_conditions: Sequence[str], approved_by: UUID, explanation: str, at: datetime
    ) -> None:
        self._ensure_settleable(at)
        self.trigger_event(
            self.NotFiled,
            reason=reason,
            unmet_conditions=list(unmet_conditions),
            approved_by=approved_by,
            explanation=explanation,
            filing_due_on=self.filing_due_on,
            on_time=self.filing_due_on is None or local_day(at) <= self.filing_due_on,
            occurred_at=at,
        )

    def record_breach(self, kind: str, due_on: date, detected_at: datetime) -> None:
        if kind not in self.breaches:
            self.trigger_event(
                self.DeadlineBreached,
                kind=kind,
                due_on=due_on,
                detected_at=detected_at,
                officer_ids=self.responsible_officers(),
            )

    def responsible_officers(self) -> list[UUID]:
        """The officers a missed lead deadline is attributed to: those who verified it, or were assigned."""
        verified_by: list[UUID] = self.verification.get("officer_ids", [])
        return list(verified_by or self.assigned_officer_ids)

    # -- rules -----------------------------------------------------------------------------------

    def _ensure_not_verified(self) -> None:
        if self.outcome is not None:
            raise LeadAlreadyVerifiedError("the lead was already verified", outcome=self.outcome)

    def _ensure_unsettled(self) -> None:
        if self.settlement is not None:
            raise LeadSettledError(
                f"the lead was already {self.settlement.replace('_', ' ')}", settlement=self.settlement
            )

    def _ensure_settleable(self, at: datetime) -> None:
        self._ensure_unsettled()
        if self.outcome != "violation_confirmed":
            raise ViolationNotConfirmedError(
                "only a lead verified as a violation can be filed or not filed", outcome=self.outcome
            )
        missing = self.template.missing_before("case_filing", self.completed, self.holds)
        if missing:
            raise StepsMissingError(
                "steps of the procedure must be completed first", step="case_filing", missing_steps=missing
            )
        self.template.ensure_not_before_predecessors("case_filing", at, self.completed)

    def _ensure_step_allowed(self, step: str, at: datetime) -> None:
        missing = self.template.missing_before(step, self.completed, self.holds)
        if missing:
            raise StepsMissingError("steps of the procedure must be completed first", step=step, missing_steps=missing)
        condition = self.template.step(step).condition
        if condition is not None and not self.holds(condition):
            raise StepNotApplicableError(f"the step {step} does not apply to this lead", step=step, condition=condition)
        self.template.ensure_not_before_predecessors(step, at, self.completed)
