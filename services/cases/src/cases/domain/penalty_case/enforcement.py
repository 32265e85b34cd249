"""Step 9: enforcement (执行). Voluntary performance (fines paid, demolition verified); on default a
payment demand (催告), then an application to the court (申请法院强制执行) no sooner than the
demand's wait and the statutory challenge period allow; the court's answer is recorded, a refusal
included, since recording it discharges the bureau's duty (执法监督规定 art. 31)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from cases.domain.enforcers import CheckedTeam
from cases.domain.errors import RuleConflictError
from cases.domain.late_payment import CENT, LatePaymentSurcharge, Payment, late_payment_surcharge
from cases.domain.penalties import PERFORMANCE_KINDS, fine_amount, fines_due
from cases.domain.penalty_case.base import CaseEvent, CaseState, StepRecord
from cases.domain.penalty_case.decision import NotServedError
from cases.domain.recording import BodyCameraClip, checked_clips, upcast_without_clips
from cases.domain.timing import due_after, local_day
from shared.domain.calendar import WorkingDayCalendar

FINE_PAYMENT_DAYS = 15
TERMINATION_REASONS = (
    "party_deceased",
    "organisation_dissolved",
    "no_enforceable_property",
    "decision_revoked",
    "other",
)


class ObligationsPerformedError(RuleConflictError):
    code = "obligations_performed"


class NoDemolitionOrderedError(RuleConflictError):
    code = "no_demolition_ordered"


class PaymentDemandMissingError(RuleConflictError):
    code = "payment_demand_missing"


class PaymentDemandTooEarlyError(RuleConflictError):
    code = "payment_demand_too_early"


class CourtApplicationTooEarlyError(RuleConflictError):
    code = "court_application_too_early"


class ChallengePendingError(RuleConflictError):
    code = "challenge_pending"


class DecisionRevokedError(RuleConflictError):
    code = "decision_revoked"


class NoCourtApplicationError(RuleConflictError):
    code = "no_court_application"


class EnforcementEndedError(RuleConflictError):
    code = "enforcement_ended"


class NoFineDecidedError(RuleConflictError):
    code = "no_fine_decided"


class Enforcement(CaseState):
    class FinePaid(CaseEvent):
        amount_yuan: int
        receipt_no: str

        def apply_to(self, case: CaseState) -> None:
            case.enforcement["paid_yuan"] += self.amount_yuan
            case.enforcement["payments"].append(
                {"on": local_day(self.occurred_at), "yuan": self.amount_yuan, "receipt_no": self.receipt_no}
            )
            case.settle_if_performed(self.occurred_at)

        def step_record(self) -> StepRecord:
            return StepRecord("enforcement", "fine_paid", outcome="paid")

    class DemolitionVerified(CaseEvent):
        record_no: str
        restored_area_mu: float
        officer_ids: list[UUID]
        certificate_nos: list[str]
        clips: list[dict[str, Any]]
        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_without_clips)

        def apply_to(self, case: CaseState) -> None:
            case.enforcement["demolition_verified"] = True
            case.settle_if_performed(self.occurred_at)

        def step_record(self) -> StepRecord:
            return StepRecord(
                "enforcement",
                "demolition_verified",
                self.officer_ids,
                self.certificate_nos,
                outcome="verified",
                clips=self.clips,
            )

    class PaymentDemandServed(CaseEvent):
        doc_no: str
        court_application_from: date
        # What the demand states is owed (行政强制法 art. 35: a definite amount): the money outstanding
        # and the surcharge accrued on the fines by its day. None on a decision imposing no payment,
        # and on demands recorded before the amounts were.
        amount_due: dict[str, Any] | None = None

        def apply_to(self, case: CaseState) -> None:
            case._file("payment_demand", self.doc_no)
            case.enforcement["demand"] = {
                "doc_no": self.doc_no,
                "served_on": local_day(self.occurred_at),
                "amount_due": self.amount_due,
            }
            case.enforcement["court_application_from"] = self.court_application_from

        def step_record(self) -> StepRecord:
            return StepRecord("enforcement", "payment_demand_served", documents=(("payment_demand", self.doc_no),))

    class CourtEnforcementApplied(CaseEvent):
        doc_no: str
        court: str
        due_on: date | None
        on_time: bool

        def apply_to(self, case: CaseState) -> None:
            case._file("court_enforcement_application", self.doc_no)
            case.enforcement["court"] = {"court": self.court, "applied_on": local_day(self.occurred_at)}

        def step_record(self) -> StepRecord:
            return StepRecord(
                "enforcement",
                "court_enforcement_applied",
                documents=(("court_enforcement_application", self.doc_no),),
                due_on=self.due_on,
                on_time=self.on_time,
            )

    class CourtEnforcementDecided(CaseEvent):
        accepted: bool
        reason: str

        def apply_to(self, case: CaseState) -> None:
            case.enforcement["court"]["outcome"] = "accepted" if self.accepted else "rejected"
            case._complete("enforcement", self.occurred_at)

        def step_record(self) -> StepRecord:
            outcome = "court_accepted" if self.accepted else "court_rejected_recorded"
            return StepRecord("enforcement", "court_enforcement_decided", outcome=outcome)

    class EnforcementTerminated(CaseEvent):
        reason: str
        explanation: str

        def apply_to(self, case: CaseState) -> None:
            case.enforcement["terminated"] = self.reason
            case._complete("enforcement", self.occurred_at)

        def step_record(self) -> StepRecord:
            return StepRecord("enforcement", "enforcement_terminated", outcome=self.reason)

    def record_payment(self, *, amount_yuan: int, receipt_no: str, at: datetime) -> None:
        self._ensure_enforcing(at)
        self.trigger_event(self.FinePaid, amount_yuan=amount_yuan, receipt_no=receipt_no, occurred_at=at)

    def verify_demolition(
        self,
        *,
        record_no: str,
        restored_area_mu: float,
        team: CheckedTeam,
        at: datetime,
        clips: Sequence[BodyCameraClip] = (),
    ) -> None:
        self._ensure_enforcing(at)
        if not any(p.kind == "demolish_within" for p in self.decided_penalties()):
            raise NoDemolitionOrderedError("the decision orders no demolition")
        self.trigger_event(
            self.DemolitionVerified,
            record_no=record_no,
            restored_area_mu=restored_area_mu,
            officer_ids=team.officer_ids,
            certificate_nos=team.certificate_nos,
            clips=checked_clips(clips, acting=team.officer_ids, at=at),
            occurred_at=at,
        )

    def serve_payment_demand(self, *, doc_no: str, at: datetime, calendar: WorkingDayCalendar) -> None:
        self._ensure_enforcing(at)
        self._ensure_not_revoked("the decision was revoked: there is nothing to demand")
        paid_by = self.fine_payment_due_on(calendar)
        if paid_by is not None and local_day(at) <= paid_by:
            raise PaymentDemandTooEarlyError(
                "the party is demanded to pay only once the period to pay the fine has run",
                payment_due_on=paid_by.isoformat(),
                earliest_demand_on=(paid_by + timedelta(days=1)).isoformat(),
            )
        self.trigger_event(
            self.PaymentDemandServed,
            doc_no=doc_no,
            court_application_from=due_after(local_day(at), self.rules.limit("payment_demand_wait"), calendar),
            amount_due=self._amount_due(local_day(at), calendar),
            occurred_at=at,
        )

    def _amount_due(self, on: date, calendar: WorkingDayCalendar) -> dict[str, Any] | None:
        """The money the demand states: fines and confiscated sums still unpaid on `on`, and the
        surcharge accrued on the fines by then."""
        penalties = self.decided_penalties()
        money = fines_due(penalties)
        if money <= 0:
            return None
        paid = sum(p["yuan"] for p in self.enforcement["payments"] if p["on"] <= on)
        surcharge = self.late_payment_surcharge(on, calendar).surcharge_yuan if fine_amount(penalties) > 0 else 0
        return {
            "as_of": on.isoformat(),
            "outstanding_yuan": max(0, money - paid),
            "surcharge_yuan": str(Decimal(surcharge).quantize(CENT)),
        }

    def apply_court_enforcement(self, *, doc_no: str, court: str, at: datetime) -> None:
        self._ensure_enforcing(at)
        demand = self.enforcement["demand"]
        if demand is None:
            raise PaymentDemandMissingError("a payment demand (催告书) must be served before applying to the court")
        day = local_day(at)
        earliest = max(self.enforcement["court_application_from"], self.enforcement["challenge_period_ends_on"])
        if day <= earliest:
            raise CourtApplicationTooEarlyError(
                "the court is applied to only after the demand's wait and the challenge period have passed",
                demand_served_on=demand["served_on"].isoformat(),
                challenge_period_ends_on=self.enforcement["challenge_period_ends_on"].isoformat(),
                earliest_application_on=(earliest + timedelta(days=1)).isoformat(),
            )
        self._ensure_unchallenged()
        due = self.enforcement.get("application_due_on")
        self.trigger_event(
            self.CourtEnforcementApplied,
            doc_no=doc_no,
            court=court,
            due_on=due,
            on_time=due is None or day <= due,
            occurred_at=at,
        )

    def record_court_decision(self, *, accepted: bool, reason: str, at: datetime) -> None:
        self._ensure_enforcing(at)
        if self.enforcement["court"] is None:
            raise NoCourtApplicationError("no application to the court was made")
        self.trigger_event(self.CourtEnforcementDecided, accepted=accepted, reason=reason, occurred_at=at)

    def terminate_enforcement(self, *, reason: str, explanation: str, at: datetime) -> None:
        self._ensure_enforcing(at)
        self.trigger_event(self.EnforcementTerminated, reason=reason, explanation=explanation, occurred_at=at)

    def fine_payment_due_on(self, calendar: WorkingDayCalendar) -> date | None:
        """The last day to pay when the decision leaves the party nothing but fines to pay. None
        when the decision also orders something whose period the decision itself sets."""
        owed = [p for p in self.decided_penalties() if p.kind in PERFORMANCE_KINDS]
        if self.served_on is None or not owed or any(p.kind != "fine" for p in owed):
            return None
        return self._fine_due_on(self.served_on, calendar)

    @staticmethod
    def _fine_due_on(served_on: date, calendar: WorkingDayCalendar) -> date:
        """15 days from receiving the decision (行政处罚法 1996 art. 46, 2021 art. 67; calendar days,
        art. 85 naming only limits of 2 to 7 days), moved off a day off like the party's other periods."""
        return calendar.working_day_on_or_after(served_on + timedelta(days=FINE_PAYMENT_DAYS))

    def late_payment_surcharge(self, as_of: date, calendar: WorkingDayCalendar) -> LatePaymentSurcharge:
        """The surcharge (加处罚款) the party owes on the decided fines by the end of `as_of`; the
        fine is due 15 days from service whatever else the decision orders. Money confiscated
        carries none, and payments count against the fine first. It runs on while the party
        challenges the decision, which is not suspended meanwhile (行政复议法 1999 art. 21, 2023
        art. 42; 行政诉讼法 art. 56), and there is none on a decision revoked."""
        fine = fine_amount(self.decided_penalties())
        if self.decision is None or fine <= 0:
            raise NoFineDecidedError("the decision imposes no fine", decided="decision" in self.completed)
        if self.served_on is None:
            raise NotServedError("a fine falls due only once the decision is served")
        self._ensure_not_revoked("the decision was revoked: no fine, and no surcharge on it, is owed")
        return late_payment_surcharge(
            fine_yuan=fine,
            due_on=self._fine_due_on(self.served_on, calendar),
            payments=[Payment(p["on"], p["yuan"]) for p in self.enforcement["payments"]],
            as_of=as_of,
        )

    def _ensure_unchallenged(self) -> None:
        # The court enforces a decision the party did not challenge in time (行政强制法 art. 53,
        # 行政诉讼法 art. 97): while a reconsideration or a suit is pending, the decision stands on
        # its outcome, and a decision revoked leaves nothing to enforce (terminate enforcement instead).
        pending = [c for c in self.challenges if c["outcome"] is None]
        if pending:
            raise ChallengePendingError(
                "the court is not applied to while the party's challenge of the decision is pending",
                pending=[{"proceeding": c["proceeding"], "reference": c["reference"]} for c in pending],
            )
        self._ensure_not_revoked("the decision was revoked: there is nothing to enforce")

    def _ensure_not_revoked(self, message: str) -> None:
        revoked = [c for c in self.challenges if c["outcome"] == "revoked"]
        if revoked:
            raise DecisionRevokedError(
                message, revoked_by=[{"proceeding": c["proceeding"], "reference": c["reference"]} for c in revoked]
            )

    def _ensure_enforcing(self, at: datetime) -> None:
        self._ensure_open()
        self._ensure_step("enforcement", at, repeatable=True)
        if "enforcement" in self.completed:
            raise EnforcementEndedError("enforcement of this decision has ended", performed=self.performed())
