"""What every part of a penalty case shares: its state, its conditions, the step guard, the event base.

`PenaltyCase` is composed of one mixin per stage of the procedure (investigation, review, notice
and hearing, decision, enforcement, closure, time, challenges). Each mixin keeps its own events,
nested in it; every event only assigns state in `apply_to`, so replaying a case never re-runs a rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from cases.domain import templates as t
from cases.domain.errors import (
    CaseClosedError,
    CaseDecidedError,
    OccurredBeforeError,
    OfficerRecusedError,
    StepAlreadyCompletedError,
    StepNotApplicableError,
    StepsMissingError,
)
from cases.domain.penalties import (
    Penalty,
    excess_over_notice,
    fines_due,
    hearing_grounds,
    leaves_obligations,
    legal_review_grounds,
    orders_demolition,
)
from cases.domain.rules import WORKING, Limit, ProcedureRules
from cases.domain.template import ProcedureTemplate
from cases.domain.timing import days_after, due_after, local_day
from shared.domain import RecordedAggregate
from shared.domain.calendar import WorkingDayCalendar


@dataclass(frozen=True)
class StepRecord:
    """What a stored event tells the rest of the bureau about a step: who, which documents, on time or not."""

    step: str
    record: str
    officer_ids: Sequence[UUID] = ()
    certificate_nos: Sequence[str] = ()
    documents: Sequence[tuple[str, str]] = ()  # (kind, document number)
    outcome: str | None = None
    due_on: date | None = None
    on_time: bool | None = None
    clips: Sequence[Mapping[str, Any]] = ()  # the body-camera clips that recorded the act


class CaseEvent(RecordedAggregate.Event):
    """An event of a penalty case after its filing; it names the case and its unit, so every public
    event derived from it can be attributed without reading the case."""

    case_no: str
    unit_id: str

    def apply(self, aggregate: Any) -> None:
        self.apply_to(aggregate)

    def apply_to(self, case: CaseState) -> None:
        """Assign the state this event records (no rule, no clock)."""

    def step_record(self) -> StepRecord | None:
        """The public account of this event, or None if it stays inside the service."""
        return None


class CaseState:
    """The state of a penalty case and the reading and guarding helpers every stage uses."""

    if TYPE_CHECKING:
        id: UUID
        version: int

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...

    case_no: str
    lead_id: UUID
    unit_id: str
    party: dict[str, Any]
    violation_type: str
    handling_officer_ids: list[UUID]
    approvers: set[UUID]
    template_id: str
    template_version: str
    rule_version: int
    rule_values: dict[str, Any]
    lead_facts: dict[str, Any]
    filed_at: datetime
    completed: dict[str, datetime]
    documents: dict[str, list[str]]
    investigators: set[UUID]
    recused: set[UUID]
    awaiting_supplement: bool
    report: dict[str, Any] | None
    case_reviewers: set[UUID]
    legal_reviewers: set[UUID]
    legal_review_result: str | None
    legal_reviewed_penalties: list[Penalty]
    notice: dict[str, Any] | None
    defended_notice: dict[str, Any] | None
    statements: list[dict[str, Any]]
    statement_pending_review: bool
    hearing_notice: dict[str, Any] | None
    hearing_requested: bool
    hearing_waived: bool
    hearing: dict[str, Any]
    decision: dict[str, Any] | None
    decision_due_on: date | None
    suspended_since: date | None
    suspensions: list[dict[str, Any]]
    standard_extension_days: int
    published_on: date | None
    served_on: date | None
    enforcement: dict[str, Any]
    closure: dict[str, Any] | None
    archive: dict[str, Any] | None
    breaches: dict[str, date]
    challenges: list[dict[str, Any]]
    errors: list[dict[str, Any]]

    def _init_state(self) -> None:
        self.completed = {}
        self.documents = {}
        self.investigators = set()
        self.recused = set()
        self.awaiting_supplement = False
        self.report = None
        self.case_reviewers = set()
        self.legal_reviewers = set()
        self.legal_review_result = None
        self.legal_reviewed_penalties = []
        self.notice = None
        self.defended_notice = None
        self.statements = []
        self.statement_pending_review = False
        self.hearing_notice = None
        self.hearing_requested = False
        self.hearing_waived = False
        self.hearing = {}
        self.decision = None
        self.suspended_since = None
        self.suspensions = []
        self.standard_extension_days = 0
        self.published_on = None
        self.served_on = None
        self.enforcement = {
            "paid_yuan": 0,
            "payments": [],
            "demolition_verified": False,
            "demand": None,
            "court": None,
        }
        self.closure = None
        self.archive = None
        self.breaches = {}
        self.challenges = []
        self.errors = []

    # -- reading ---------------------------------------------------------------------------------

    @property
    def template(self) -> ProcedureTemplate:
        return t.template(self.template_id, self.template_version)

    @property
    def rules(self) -> ProcedureRules:
        return ProcedureRules.parse(self.rule_version, self.rule_values)

    @property
    def party_type(self) -> str:
        return str(self.party["type"])

    @property
    def outcome(self) -> str | None:
        return None if self.decision is None else str(self.decision["outcome"])

    def decided_penalties(self) -> list[Penalty]:
        """The penalties of the decision as they stand: as a reconsideration or court changed them,
        if one did, else as decided. Enforcement follows these."""
        decision = self.decision or {}
        return [Penalty.of(p) for p in decision.get("changed_penalties") or decision.get("penalties", [])]

    def noticed_penalties(self) -> list[Penalty]:
        return [Penalty.of(p) for p in (self.notice or {}).get("penalties", [])]

    def proposed_penalties(self) -> list[Penalty]:
        return [Penalty.of(p) for p in (self.report or {}).get("proposed_penalties", [])]

    def hearing_grounds(self) -> list[str]:
        return hearing_grounds(self.noticed_penalties(), self.party_type, self.rules) if self.notice else []

    def legal_review_grounds(self) -> list[str]:
        grounds = []
        if self.report and self.report["is_major"]:
            grounds.append("flagged_major")
        grounds += legal_review_grounds(self.noticed_penalties() or self.proposed_penalties(), self.rules)
        if "hearing" in self.completed:
            grounds.append("decided_after_hearing")
        return grounds

    def legal_review_outdated(self) -> bool:
        """A passed legal review that no longer covers the penalty decision (行政处罚法 2021 art. 58):
        it was passed before the hearing, which makes the decision after it a major one (art. 58(2)),
        or before a notice served since proposes a penalty heavier than the one it reviewed."""
        reviewed = self.completed.get("legal_review")
        if reviewed is None:
            return False
        heard, noticed = self.completed.get("hearing"), self.completed.get("penalty_notice")
        if heard is not None and reviewed < heard:
            return True
        return (
            noticed is not None
            and reviewed < noticed
            and bool(excess_over_notice(self.legal_reviewed_penalties, self.noticed_penalties()))
        )

    def performed(self) -> bool:
        """Every obligation of the decision met: fines paid in full and any demolition verified."""
        penalties = self.decided_penalties()
        paid = self.enforcement["paid_yuan"] >= fines_due(penalties)
        demolished = self.enforcement["demolition_verified"] or not orders_demolition(penalties)
        return paid and demolished

    def settle_if_performed(self, at: datetime) -> None:
        """Enforcement ends the moment every obligation is met (`performed`)."""
        if self.performed():
            self.enforcement["performed_on"] = local_day(at)
            self._complete("enforcement", at)

    def holds(self, condition: str) -> bool:
        return _CONDITIONS[condition](self)

    def decision_due_on_day(self, day: date, calendar: WorkingDayCalendar) -> date | None:
        """The decision deadline as it stands on `day`: while the clock is stopped, the days it has
        stood still so far do not count."""
        due = self.decision_due_on
        if due is None or self.suspended_since is None:
            return due
        stood_still = self.stood_still_days(self.suspended_since, day, calendar)
        return due_after(due, Limit(stood_still, self.rules.limit("decision").unit), calendar)

    def stood_still_days(self, since: date, until: date, calendar: WorkingDayCalendar) -> int:
        """Days of the decision limit's unit after `since` up to and including `until` that no earlier
        suspension already stopped: each day stands still once (DOMAIN §1.4 invariant 5)."""
        stopped: set[date] = set()
        for suspension in self.suspensions:
            if suspension["until"] is not None:
                stopped.update(days_after(suspension["from"], suspension["until"]))
        working = self.rules.limit("decision").unit == WORKING
        return sum(
            1
            for day in days_after(since, until)
            if day not in stopped and (not working or calendar.is_working_day(day))
        )

    def officer_roles(self) -> dict[str, set[UUID]]:
        """Who took part in the case in each role that may bear responsibility for an error (§3.1 C)."""
        return {
            "handler": set(self.handling_officer_ids) | self.investigators,
            "reviewer": self.case_reviewers | self.legal_reviewers,
            "approver": set(self.approvers),
        }

    # -- guarding --------------------------------------------------------------------------------

    def _ensure_open(self) -> None:
        if self.closure is not None:
            raise CaseClosedError("the case is closed", closed_on=self.closure["closed_on"].isoformat())

    def _ensure_undecided(self) -> None:
        self._ensure_open()
        if self.decision is not None:
            raise CaseDecidedError("the case was already decided", outcome=self.outcome)

    def _ensure_not_recused(self, officer_ids: Iterable[UUID]) -> None:
        recused = sorted(str(o) for o in officer_ids if o in self.recused)
        if recused:
            raise OfficerRecusedError("a recused officer cannot act in the case", officer_ids=recused)

    def _ensure_after_filing(self, at: datetime) -> None:
        if at < self.filed_at:
            raise OccurredBeforeError(
                "a step of the case cannot precede its filing", at=at.isoformat(), filed_at=self.filed_at.isoformat()
            )

    def _ensure_step(
        self,
        step: str,
        at: datetime,
        *,
        repeatable: bool = False,
        assume: Iterable[str] = (),
        completed: Mapping[str, datetime] | None = None,
    ) -> None:
        """The generic guard: time after filing, predecessors done and not dated later, condition holds."""
        self._ensure_after_filing(at)
        assumed = set(assume)
        holds: Callable[[str], bool] = lambda name: name in assumed or self.holds(name)  # noqa: E731
        done = self.completed if completed is None else completed
        missing = self.template.missing_before(step, done, holds)
        if missing:
            raise StepsMissingError(
                "steps of the procedure must be completed first (程序不漏项)", step=step, missing_steps=missing
            )
        condition = self.template.step(step).condition
        if condition is not None and not holds(condition):
            raise StepNotApplicableError(f"the step {step} does not apply to this case", step=step, condition=condition)
        if not repeatable and step in self.completed:
            raise StepAlreadyCompletedError(f"the step {step} was already completed", step=step)
        self.template.ensure_not_before_predecessors(step, at, done)

    # -- assigning (used by events only) ---------------------------------------------------------

    def _file(self, kind: str, number: str | None) -> None:
        if number:
            self.documents.setdefault(kind, []).append(number)

    def _complete(self, step: str, at: datetime) -> None:
        self.completed[step] = at

    def _reopen(self, *steps: str) -> None:
        for step in steps:
            self.completed.pop(step, None)


def _decided(outcome: str) -> Callable[[CaseState], bool]:
    return lambda case: case.outcome == outcome


def _on_penalty_path(case: CaseState) -> bool:
    """Until the decision, a proposed or noticed penalty puts the case on the penalty path; after it,
    only a penalty decision does (a case transferred or not punished needs no notice)."""
    if case.outcome is not None:
        return case.outcome == "penalty"
    return bool(case.proposed_penalties() or case.notice)


_CONDITIONS: dict[str, Callable[[CaseState], bool]] = {
    t.VIOLATION_ONGOING: lambda c: bool(c.lead_facts.get("violation_ongoing")),
    t.MAJOR_VIOLATION: lambda c: bool(c.lead_facts.get("major_criteria")),
    t.COMPLEX_OR_SERIOUS: lambda c: bool(
        c.report and (c.report["is_complex"] or c.report["discretion_level"] == "serious")
    ),
    # The legal review is due before a decision on the merits (a penalty or none); a transfer hands
    # the matter to the competent organ and decides nothing of it (see the template).
    t.MAJOR_DECISION: lambda c: c.outcome != "transferred" and bool(c.legal_review_grounds()),
    t.PENALTY_PATH: _on_penalty_path,
    t.ORAL_STATEMENT: lambda c: any(s["form"] == "oral" for s in c.statements),
    # The hearing steps lie on the path to a penalty decision only: a case not punished or transferred
    # after a hearing-eligible notice owes no hearing notice, and no hearing it was asked for.
    t.HEARING_ELIGIBLE: lambda c: _on_penalty_path(c) and bool(c.hearing_grounds()),
    t.HEARING_REQUESTED: lambda c: _on_penalty_path(c) and c.hearing_requested,
    t.PENALTY_DECIDED: _decided("penalty"),
    t.NO_PENALTY_DECIDED: _decided("no_penalty"),
    t.TRANSFERRED: _decided("transferred"),
    t.DECISION_TO_SERVE: lambda c: c.outcome in ("penalty", "no_penalty"),
    t.OBLIGATIONS_REMAIN: lambda c: c.outcome == "penalty" and leaves_obligations(c.decided_penalties()),
    t.PAYMENT_DEMANDED: lambda c: c.enforcement["demand"] is not None,
    t.COURT_APPLIED: lambda c: c.enforcement["court"] is not None,
}


def as_case(aggregate: Any) -> CaseState:
    assert isinstance(aggregate, CaseState)
    return aggregate


def officers(ids: Iterable[UUID]) -> list[UUID]:
    return list(dict.fromkeys(ids))
