"""Step 7 and 8: the decision (a penalty, no penalty, or a transfer), its publication (执法公示)
and its service (送达). A penalty decision is taken only when everything before it is done
(DOMAIN §1.4 invariant 3) and never exceeds what the party was notified of (invariant 4)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from cases.domain.enforcers import CheckedTeam
from cases.domain.errors import RuleConflictError, StepsMissingError
from cases.domain.penalties import Penalty, as_dicts, excess_over_notice, leaves_obligations
from cases.domain.penalty_case.base import CaseEvent, CaseState, StepRecord
from cases.domain.recording import BodyCameraClip, checked_clips, upcast_without_clips
from cases.domain.timing import add_months, court_window_ends, due_after, local_day
from shared.domain.calendar import WorkingDayCalendar

TRANSFER_TARGETS = ("police", "procuratorate", "supervision_commission", "discipline_commission", "other_bureau")
IN_PERSON_SERVICE = ("direct", "left")


class StatementPeriodOpenError(RuleConflictError):
    code = "statement_period_open"


class StatementNotReviewedError(RuleConflictError):
    code = "statement_not_reviewed"


class HearingRequestPeriodOpenError(RuleConflictError):
    code = "hearing_request_period_open"


class PenaltyExceedsNoticeError(RuleConflictError):
    code = "penalty_exceeds_notice"


class NoPenaltyReasonNotAllowedError(RuleConflictError):
    code = "no_penalty_reason_not_allowed"


class InPersonServiceNeedsTeamError(RuleConflictError):
    code = "in_person_service_needs_team"


class ServiceReceiptRequiredError(RuleConflictError):
    code = "service_receipt_required"


class NotServedError(RuleConflictError):
    code = "decision_not_served"


def _decision_state(event: DecisionEvent, outcome: str, penalties: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "outcome": outcome,
        "decision_no": event.decision_no,
        "penalties": penalties,
        "decided_on": local_day(event.occurred_at),
        "approved_by": event.approved_by,
        "publication_due_on": event.publication_due_on,
        "service_due_on": event.service_due_on,
    }


class DecisionEvent(CaseEvent):
    decision_no: str
    approved_by: UUID
    decision_due_on: date | None
    on_time: bool
    publication_due_on: date | None
    service_due_on: date | None


class Decision(CaseState):
    class PenaltyDecided(DecisionEvent):
        penalties: list[dict[str, Any]]
        correction_order: str | None
        notice_no: str
        statement_window_elapsed: bool
        hearing: str

        def apply_to(self, case: CaseState) -> None:
            case._file("penalty_decision", self.decision_no)
            if self.statement_window_elapsed:
                case._complete("statement_and_defence", self.occurred_at)
            case.decision = _decision_state(self, "penalty", self.penalties)
            case.approvers.add(self.approved_by)
            case.decision_due_on = self.decision_due_on
            case.suspended_since = None
            case._complete("penalty_decision", self.occurred_at)

    class NoPenaltyDecided(DecisionEvent):
        reason: str

        def apply_to(self, case: CaseState) -> None:
            case._file("no_penalty_decision", self.decision_no)
            case.decision = _decision_state(self, "no_penalty", [])
            case.approvers.add(self.approved_by)
            case.decision_due_on = self.decision_due_on
            case.suspended_since = None
            case._complete("no_penalty_decision", self.occurred_at)

    class CaseTransferred(DecisionEvent):
        to: str
        reason: str

        def apply_to(self, case: CaseState) -> None:
            case._file("case_transfer", self.decision_no)
            case.decision = _decision_state(self, "transferred", [])
            case.approvers.add(self.approved_by)
            case.decision_due_on = self.decision_due_on
            case.suspended_since = None
            case._complete("case_transfer", self.occurred_at)

    class DecisionPublished(CaseEvent):
        channel: str
        reference: str
        due_on: date
        on_time: bool

        def apply_to(self, case: CaseState) -> None:
            case.published_on = local_day(self.occurred_at)
            case._complete("decision_publication", self.occurred_at)

        def step_record(self) -> StepRecord:
            return StepRecord("decision_publication", "decision_published", due_on=self.due_on, on_time=self.on_time)

    class DecisionServed(CaseEvent):
        receipt_no: str | None
        method: str
        recipient: str
        officer_ids: list[UUID]
        certificate_nos: list[str]
        due_on: date
        on_time: bool
        challenge_period_ends_on: date
        enforcement_application_due_on: date | None
        clips: list[dict[str, Any]]
        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_without_clips)

        def apply_to(self, case: CaseState) -> None:
            case._file("service_receipt", self.receipt_no)
            case.served_on = local_day(self.occurred_at)
            case.enforcement["challenge_period_ends_on"] = self.challenge_period_ends_on
            case.enforcement["application_due_on"] = self.enforcement_application_due_on
            case._complete("service", self.occurred_at)

        def step_record(self) -> StepRecord:
            return StepRecord(
                "service",
                "decision_served",
                self.officer_ids,
                self.certificate_nos,
                (("service_receipt", self.receipt_no),) if self.receipt_no else (),
                outcome=self.method,
                due_on=self.due_on,
                on_time=self.on_time,
                clips=self.clips,
            )

    class ServiceReceiptFiled(CaseEvent):
        """The receipt (送达回证) of a decision served by post, by another body or by public notice,
        filed when it comes back."""

        receipt_no: str

        def apply_to(self, case: CaseState) -> None:
            case._file("service_receipt", self.receipt_no)

        def step_record(self) -> StepRecord:
            return StepRecord("service", "service_receipt_filed", documents=(("service_receipt", self.receipt_no),))

    def decide_penalty(
        self,
        *,
        decision_no: str,
        penalties: Sequence[Penalty],
        correction_order: str | None,
        approved_by: UUID,
        at: datetime,
        calendar: WorkingDayCalendar,
    ) -> None:
        self._ensure_undecided()
        day = local_day(at)
        completed = dict(self.completed)
        elapsed = bool(
            "statement_and_defence" not in completed
            and self.notice is not None
            and not self.statement_pending_review
            and day > self.notice["statement_due_on"]
        )
        if elapsed:
            completed["statement_and_defence"] = at
        if self.legal_review_outdated():
            # 行政处罚法 2021 art. 58: no decision without a legal review; one passed before the hearing
            # that made the decision a major one, or before a heavier penalty was noticed, did not review it.
            completed.pop("legal_review")
        try:
            self._ensure_step("penalty_decision", at, assume=("penalty_path", "penalty_decided"), completed=completed)
        except StepsMissingError as missing:
            if missing.details["missing_steps"] == ["statement_and_defence"] and self.notice is not None:
                if self.statement_pending_review:
                    raise StatementNotReviewedError(
                        "the party's statement must be re-examined before the decision"
                    ) from None
                raise StatementPeriodOpenError(
                    "the party may still state and defend",
                    statement_due_on=self.notice["statement_due_on"].isoformat(),
                ) from None
            raise
        if self.statement_pending_review:
            # A statement received after the first was re-examined (the party may state again within
            # the period) is re-examined too before the decision.
            raise StatementNotReviewedError("the party's statement must be re-examined before the decision")
        hearing = self._hearing_outcome(day)
        assert self.notice is not None
        excess = excess_over_notice(self.noticed_penalties(), penalties)
        if excess:
            raise PenaltyExceedsNoticeError(
                "the decision may not exceed the penalty the party was notified of; serve a new notice first",
                notice_no=self.notice["doc_no"],
                excess=excess,
            )
        self.trigger_event(
            self.PenaltyDecided,
            decision_no=decision_no,
            approved_by=approved_by,
            penalties=as_dicts(penalties),
            correction_order=correction_order,
            notice_no=self.notice["doc_no"],
            statement_window_elapsed=elapsed,
            hearing=hearing,
            **self._due_fields(day, calendar, publish=True, serve=True),
            occurred_at=at,
        )

    def decide_no_penalty(
        self, *, decision_no: str, reason: str, approved_by: UUID, at: datetime, calendar: WorkingDayCalendar
    ) -> None:
        self._ensure_undecided()
        self._ensure_step("no_penalty_decision", at, assume=("no_penalty_decided",))
        if reason not in self.template.no_penalty_reasons:
            raise NoPenaltyReasonNotAllowedError(
                "this reason for not imposing a penalty is not in the case's procedure",
                reason=reason,
                allowed=list(self.template.no_penalty_reasons),
                template_version=self.template_version,
            )
        self.trigger_event(
            self.NoPenaltyDecided,
            decision_no=decision_no,
            approved_by=approved_by,
            reason=reason,
            **self._due_fields(local_day(at), calendar, publish=False, serve=True),
            occurred_at=at,
        )

    def transfer(
        self, *, transfer_no: str, to: str, reason: str, approved_by: UUID, at: datetime, calendar: WorkingDayCalendar
    ) -> None:
        self._ensure_undecided()
        self._ensure_step("case_transfer", at, assume=("transferred",))
        self.trigger_event(
            self.CaseTransferred,
            decision_no=transfer_no,
            approved_by=approved_by,
            to=to,
            reason=reason,
            **self._due_fields(local_day(at), calendar, publish=False, serve=False),
            occurred_at=at,
        )

    def publish_decision(self, *, channel: str, reference: str, at: datetime) -> None:
        self._ensure_open()
        self._ensure_step("decision_publication", at)
        assert self.decision is not None
        due = self.decision["publication_due_on"]
        self.trigger_event(
            self.DecisionPublished,
            channel=channel,
            reference=reference,
            due_on=due,
            on_time=local_day(at) <= due,
            occurred_at=at,
        )

    def serve_decision(
        self,
        *,
        receipt_no: str | None,
        method: str,
        recipient: str,
        team: CheckedTeam | None,
        at: datetime,
        calendar: WorkingDayCalendar,
        clips: Sequence[BodyCameraClip] = (),
    ) -> None:
        self._ensure_open()
        self._ensure_step("service", at)
        if method in IN_PERSON_SERVICE and team is None:
            raise InPersonServiceNeedsTeamError(
                "a decision served in person is served by an enforcement team", method=method
            )
        if method in IN_PERSON_SERVICE and not receipt_no:
            # Served in person, the receipt is signed (or the refusal witnessed) on the spot.
            raise ServiceReceiptRequiredError("a decision served in person has its receipt at once", method=method)
        assert self.decision is not None
        day = local_day(at)
        rules = self.rules
        # The party's periods, and the bureau's window to apply to the court after them, are court
        # periods: one that ends on a day off runs to the next working day.
        challenge_ends = calendar.working_day_on_or_after(add_months(day, rules.litigation_period_months))
        window_ends = court_window_ends(challenge_ends, rules.enforcement_application_window_months, calendar)
        obligations = self.outcome == "penalty" and leaves_obligations(self.decided_penalties())
        due = self.decision["service_due_on"]
        self.trigger_event(
            self.DecisionServed,
            receipt_no=receipt_no,
            method=method,
            recipient=recipient,
            officer_ids=team.officer_ids if team else [],
            certificate_nos=team.certificate_nos if team else [],
            due_on=due,
            on_time=day <= due,
            challenge_period_ends_on=challenge_ends,
            enforcement_application_due_on=window_ends if obligations else None,
            clips=checked_clips(clips, acting=team.officer_ids if team else (), at=at),
            occurred_at=at,
        )

    def file_service_receipt(self, *, receipt_no: str, at: datetime) -> None:
        if "service" not in self.completed:
            raise NotServedError("the decision has not been served")
        self._ensure_after_filing(at)
        self.trigger_event(self.ServiceReceiptFiled, receipt_no=receipt_no, occurred_at=at)

    def _hearing_outcome(self, day: date) -> str:
        if not self.holds("hearing_eligible"):
            return "not_eligible"
        if "hearing" in self.completed:
            return "held"
        if self.hearing_waived:
            return "waived"
        assert self.hearing_notice is not None
        if day <= self.hearing_notice["request_due_on"]:
            raise HearingRequestPeriodOpenError(
                "the party may still ask for a hearing",
                request_due_on=self.hearing_notice["request_due_on"].isoformat(),
            )
        return "not_requested"

    def _due_fields(self, day: date, calendar: WorkingDayCalendar, *, publish: bool, serve: bool) -> dict[str, Any]:
        rules = self.rules
        # Decided while the clock stood still: the days it stood still do not count.
        due = self.decision_due_on_day(day, calendar)
        return {
            "decision_due_on": due,
            "on_time": due is None or day <= due,
            "publication_due_on": due_after(day, rules.limit("publication"), calendar) if publish else None,
            "service_due_on": due_after(day, rules.limit("service"), calendar) if serve else None,
        }
