"""Reconsideration (行政复议) and litigation (行政诉讼) of a decision, and the errors they reveal: a
decision revoked or changed is a wrongful case (错案), recorded with the officers responsible.

A challenge also moves the bureau's window to apply to the court (行政强制法 art. 53), which opens
only once the party's periods to challenge have passed: while one is pending the deadline's clock
stands still; a reconsideration decided without revoking the decision leaves the party 15 days to
sue (行政诉讼法 art. 45), after which the window runs anew; a suit decided with the decision left
standing (upheld, the claim dismissed, or the penalty changed) ends the party's challenge, and the
bureau applies to enforce the judgment within the period the Supreme People's Court sets
(`timing.judgment_enforcement_ends`, 行政诉讼法 art. 95)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from cases.domain.errors import RuleConflictError
from cases.domain.penalties import Penalty, as_dicts
from cases.domain.penalty_case.base import CaseEvent, CaseState
from cases.domain.timing import court_window_ends, judgment_enforcement_ends, local_day
from shared.domain import InvalidInputError
from shared.domain.calendar import WorkingDayCalendar

PROCEEDINGS = ("reconsideration", "litigation")
CHALLENGE_OUTCOMES = ("upheld", "revoked", "changed", "confirmed_illegal", "dismissed")
WRONGFUL_OUTCOMES = ("revoked", "changed", "confirmed_illegal")
# A judgment with these outcomes leaves a decision to enforce: the original, or as the court changed it.
ENFORCEABLE_JUDGMENTS = ("upheld", "dismissed", "changed")
RESPONSIBLE_ROLES = ("handler", "reviewer", "approver", "leader")
SUIT_AFTER_RECONSIDERATION_DAYS = 15  # 行政诉讼法 art. 45: from receiving the reconsideration decision
SEVERITIES = ("minor", "major")
ERROR_NAMESPACE = UUID("5f0d8a52-3c41-4b7e-9a16-7d2e0c8b4f91")


class NothingToChallengeError(RuleConflictError):
    code = "nothing_to_challenge"


class NoPendingChallengeError(RuleConflictError):
    code = "no_pending_challenge"


class ResponsibleOfficerNotInCaseError(RuleConflictError):
    code = "responsible_officer_not_in_case"


class ErrorDetailsRequiredError(InvalidInputError):
    code = "error_details_required"


class ChangedPenaltiesRequiredError(InvalidInputError):
    code = "changed_penalties_required"


def check_responsible(case: CaseState, responsible: Sequence[dict[str, Any]]) -> None:
    """Each officer held responsible took part in the case in the role named (a leader may be anyone)."""
    roles = case.officer_roles()
    wrong = [
        {"officer_id": str(r["officer_id"]), "role": r["role"]}
        for r in responsible
        if r["role"] != "leader" and r["officer_id"] not in roles[r["role"]]
    ]
    if wrong:
        raise ResponsibleOfficerNotInCaseError(
            "an officer held responsible did not act in the case in that role", officers=wrong
        )


class ErrorEvent(CaseEvent):
    error_id: UUID
    kind: str
    category: str
    severity: str
    description: str
    responsible: list[dict[str, Any]]
    source: str

    def apply_to(self, case: CaseState) -> None:
        case.errors.append({"error_id": self.error_id, "kind": self.kind, "source": self.source})


class Challenges(CaseState):
    class ChallengeFiled(CaseEvent):
        proceeding: str
        body: str
        reference: str

        def apply_to(self, case: CaseState) -> None:
            case.challenges.append(
                {"proceeding": self.proceeding, "body": self.body, "reference": self.reference, "outcome": None}
            )

    class ChallengeDecided(CaseEvent):
        proceeding: str
        reference: str
        outcome: str
        # The penalties as a `changed` outcome left them; None for every other outcome, and for
        # decisions recorded before the changed penalties were.
        changed_penalties: list[dict[str, Any]] | None = None

        def apply_to(self, case: CaseState) -> None:
            for challenge in case.challenges:
                if challenge["reference"] == self.reference and challenge["proceeding"] == self.proceeding:
                    challenge["outcome"] = self.outcome
            if self.changed_penalties is not None and case.decision is not None:
                case.decision["changed_penalties"] = self.changed_penalties
                case.decision["changed_by"] = {"proceeding": self.proceeding, "reference": self.reference}
                # What the party already paid or did may now be all the decision asks.
                if (
                    case.served_on is not None
                    and "enforcement" not in case.completed
                    and case.holds("obligations_remain")
                ):
                    case.settle_if_performed(self.occurred_at)

    class ChallengePeriodRestarted(CaseEvent):
        """A reconsideration decided without revoking the decision: the party's period to sue now
        ends 15 days after it, and the window to apply to the court runs from then."""

        proceeding: str
        reference: str
        challenge_period_ends_on: date
        application_due_on: date | None

        def apply_to(self, case: CaseState) -> None:
            case.enforcement["challenge_period_ends_on"] = self.challenge_period_ends_on
            if self.application_due_on is not None:
                case.enforcement["application_due_on"] = self.application_due_on

    class JudgmentEnforcementWindowOpened(CaseEvent):
        """A suit decided with the decision left standing: the party's challenge is over on the day
        the judgment took effect, and the bureau applies to the court to enforce it by
        `application_due_on`."""

        proceeding: str
        reference: str
        outcome: str
        effective_on: date
        application_due_on: date

        def apply_to(self, case: CaseState) -> None:
            case.enforcement["challenge_period_ends_on"] = self.effective_on
            case.enforcement["application_due_on"] = self.application_due_on
            case.enforcement["judgment"] = {
                "reference": self.reference,
                "outcome": self.outcome,
                "effective_on": self.effective_on,
            }

    class ErrorFound(ErrorEvent):
        """A wrongful case found by a reconsideration or court (the file-review defects are the review's)."""

    def file_challenge(self, *, proceeding: str, body: str, reference: str, at: datetime) -> None:
        if self.outcome not in ("penalty", "no_penalty"):
            raise NothingToChallengeError(
                "only a penalty or no-penalty decision can be challenged", outcome=self.outcome
            )
        self._ensure_after_filing(at)
        self.trigger_event(self.ChallengeFiled, proceeding=proceeding, body=body, reference=reference, occurred_at=at)

    def decide_challenge(
        self,
        *,
        proceeding: str,
        reference: str,
        outcome: str,
        category: str | None,
        description: str,
        responsible: Sequence[dict[str, Any]],
        at: datetime,
        calendar: WorkingDayCalendar,
        changed_penalties: Sequence[Penalty] | None = None,
    ) -> None:
        pending = [
            c
            for c in self.challenges
            if c["proceeding"] == proceeding and c["reference"] == reference and c["outcome"] is None
        ]
        if not pending:
            raise NoPendingChallengeError(
                "no such challenge awaits a decision", proceeding=proceeding, reference=reference
            )
        self._ensure_after_filing(at)
        wrongful = outcome in WRONGFUL_OUTCOMES
        if wrongful:
            if category is None or not responsible:
                raise ErrorDetailsRequiredError(
                    "a decision revoked or changed is a wrongful case: name its category and who was responsible",
                    fields=["category", "responsible"],
                )
            check_responsible(self, responsible)
        _check_changed_penalties_of(self, outcome, changed_penalties)
        self.trigger_event(
            self.ChallengeDecided,
            proceeding=proceeding,
            reference=reference,
            outcome=outcome,
            changed_penalties=as_dicts(changed_penalties) if changed_penalties else None,
            occurred_at=at,
        )
        if proceeding == "reconsideration" and outcome != "revoked" and "challenge_period_ends_on" in self.enforcement:
            # Periods of the party and the court's window: moved off a day off, as at service.
            ends = calendar.working_day_on_or_after(local_day(at) + timedelta(days=SUIT_AFTER_RECONSIDERATION_DAYS))
            window = self.enforcement.get("application_due_on")
            self.trigger_event(
                self.ChallengePeriodRestarted,
                proceeding=proceeding,
                reference=reference,
                challenge_period_ends_on=ends,
                application_due_on=None
                if window is None
                else court_window_ends(ends, self.rules.enforcement_application_window_months, calendar),
                occurred_at=at,
            )
        if (
            proceeding == "litigation"
            and outcome in ENFORCEABLE_JUDGMENTS
            and self.enforcement.get("application_due_on") is not None
        ):
            effective_on = local_day(at)
            self.trigger_event(
                self.JudgmentEnforcementWindowOpened,
                proceeding=proceeding,
                reference=reference,
                outcome=outcome,
                effective_on=effective_on,
                application_due_on=judgment_enforcement_ends(effective_on, calendar),
                occurred_at=at,
            )
        if wrongful:
            assert category is not None
            self.trigger_event(
                self.ErrorFound,
                error_id=uuid5(ERROR_NAMESPACE, f"{self.id}:{proceeding}:{reference}"),
                kind="wrongful_case",
                category=category,
                severity="major",
                description=description,
                responsible=[{"officer_id": r["officer_id"], "role": r["role"]} for r in responsible],
                source=proceeding,
                occurred_at=at,
            )


def _check_changed_penalties_of(case: CaseState, outcome: str, changed: Sequence[Penalty] | None) -> None:
    if outcome == "changed" and case.outcome == "penalty" and not changed:
        raise ChangedPenaltiesRequiredError(
            "a penalty decision changed on challenge names the penalties it now imposes", fields=["penalties"]
        )
    if changed and (outcome != "changed" or case.outcome != "penalty"):
        raise InvalidInputError(
            "penalties are given only for a penalty decision the challenge changed",
            field="penalties",
            outcome=outcome,
            decision=case.outcome,
        )


def application_watch(
    challenges: Sequence[dict[str, Any]], judgment: dict[str, Any] | None = None
) -> tuple[bool, bool]:
    """(stopped, lapsed) for the court-application deadline: its clock stands still while a challenge
    is pending; it no longer applies once the decision is revoked, or a suit about it is decided
    without a judgment to enforce (`judgment`: the one whose enforcement window is open; suits
    decided before the window was recorded have none)."""
    stopped = any(c["outcome"] is None for c in challenges)
    enforced = judgment["reference"] if judgment is not None else None
    lapsed = any(
        c["outcome"] == "revoked"
        or (c["proceeding"] == "litigation" and c["outcome"] is not None and c["reference"] != enforced)
        for c in challenges
    )
    return stopped, lapsed
