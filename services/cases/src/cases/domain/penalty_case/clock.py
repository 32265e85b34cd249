"""The decision clock: suspensions for the reasons the template allows (appraisal, hearing, …),
approved extensions, and the breaches the scheduler records (DOMAIN §1.4 invariant 5)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from cases.domain.deadlines import Watched, due_breaches
from cases.domain.errors import OccurredBeforeError, RuleConflictError
from cases.domain.penalty_case.base import CaseEvent, CaseState
from cases.domain.penalty_case.challenges import application_watch
from cases.domain.rules import Limit
from cases.domain.timing import due_after, local_day
from shared.domain.calendar import WorkingDayCalendar

STANDARD = "standard"
SPECIAL = "special"


class ClockAlreadySuspendedError(RuleConflictError):
    code = "clock_already_suspended"


class ClockNotSuspendedError(RuleConflictError):
    code = "clock_not_suspended"


class SuspensionReasonNotAllowedError(RuleConflictError):
    code = "suspension_reason_not_allowed"


class ExtensionNotAllowedError(RuleConflictError):
    code = "extension_not_allowed"


class ExtensionExceedsLimitError(RuleConflictError):
    code = "extension_exceeds_limit"


class ExtensionAfterDeadlineError(RuleConflictError):
    code = "extension_after_deadline"


class Clock(CaseState):
    class ClockSuspended(CaseEvent):
        reason: str

        def apply_to(self, case: CaseState) -> None:
            case.suspended_since = local_day(self.occurred_at)
            case.suspensions.append({"reason": self.reason, "from": case.suspended_since, "until": None})

    class ClockResumed(CaseEvent):
        suspended_days: int
        new_due_on: date

        def apply_to(self, case: CaseState) -> None:
            case.suspended_since = None
            case.suspensions[-1]["until"] = local_day(self.occurred_at)
            case.suspensions[-1]["days"] = self.suspended_days
            case.decision_due_on = self.new_due_on

    class DeadlineExtended(CaseEvent):
        deadline: str
        kind: str
        days: int
        approved_by: UUID
        reason: str
        previous_due_on: date
        new_due_on: date

        def apply_to(self, case: CaseState) -> None:
            if self.kind == STANDARD:
                case.standard_extension_days += self.days
            case.approvers.add(self.approved_by)
            case.decision_due_on = self.new_due_on

    class DeadlineBreached(CaseEvent):
        kind: str
        due_on: date
        detected_at: datetime
        officer_ids: list[UUID]

        def apply_to(self, case: CaseState) -> None:
            case.breaches[self.kind] = self.due_on

    def suspend_clock(self, *, reason: str, at: datetime) -> None:
        self._ensure_undecided()
        self._ensure_after_filing(at)
        if reason not in self.template.suspension_reasons:
            raise SuspensionReasonNotAllowedError(
                "the decision clock stops only for the reasons the procedure names",
                reason=reason,
                allowed=list(self.template.suspension_reasons),
            )
        if self.suspended_since is not None:
            raise ClockAlreadySuspendedError(
                "the decision clock is already stopped", since=self.suspended_since.isoformat()
            )
        self.trigger_event(self.ClockSuspended, reason=reason, occurred_at=at)

    def resume_clock(self, *, at: datetime, calendar: WorkingDayCalendar) -> None:
        self._ensure_undecided()
        if self.suspended_since is None:
            raise ClockNotSuspendedError("the decision clock is running")
        day = local_day(at)
        if day < self.suspended_since:
            raise OccurredBeforeError(
                "the clock cannot resume before it stopped",
                at=at.isoformat(),
                suspended_since=self.suspended_since.isoformat(),
            )
        limit = self.rules.limit("decision")
        # A suspension dated inside an earlier one adds only the days that one did not already stop.
        stood_still = self.stood_still_days(self.suspended_since, day, calendar)
        assert self.decision_due_on is not None
        self.trigger_event(
            self.ClockResumed,
            suspended_days=stood_still,
            new_due_on=due_after(self.decision_due_on, Limit(stood_still, limit.unit), calendar),
            occurred_at=at,
        )

    def extend_decision_deadline(
        self,
        *,
        kind: str,
        days: int,
        approved_by: UUID,
        reason: str,
        at: datetime,
        calendar: WorkingDayCalendar,
    ) -> None:
        self._ensure_undecided()
        self._ensure_after_filing(at)
        policy = self.template.extension("decision")
        if policy is None or (kind == SPECIAL and not policy.special_allowed):
            raise ExtensionNotAllowedError(
                f"the case's procedure allows no {kind} extension of the decision deadline",
                kind=kind,
                template_version=self.template_version,
            )
        if kind == SPECIAL and policy.special_requires and policy.special_requires not in self.completed:
            raise ExtensionNotAllowedError(
                "a case is declared particularly complex only after it was discussed collectively",
                kind=kind,
                missing_steps=[policy.special_requires],
            )
        assert self.decision_due_on is not None
        # While the clock is stopped the deadline moves on with it: compare with the deadline as it stands.
        due_on = self.decision_due_on_day(local_day(at), calendar)
        assert due_on is not None
        if local_day(at) > due_on:
            raise ExtensionAfterDeadlineError(
                "an extension must be approved before the deadline passes", due_on=due_on.isoformat()
            )
        maximum = self.rules.decision_extension_max_days
        if kind == STANDARD and self.standard_extension_days + days > maximum:
            raise ExtensionExceedsLimitError(
                f"the decision deadline may be extended by at most {maximum} days in all",
                maximum_days=maximum,
                already_extended_days=self.standard_extension_days,
                requested_days=days,
            )
        unit = self.rules.limit("decision").unit
        self.trigger_event(
            self.DeadlineExtended,
            deadline="decision",
            kind=kind,
            days=days,
            approved_by=approved_by,
            reason=reason,
            previous_due_on=self.decision_due_on,
            new_due_on=due_after(self.decision_due_on, Limit(days, unit), calendar),
            occurred_at=at,
        )

    def watched(self) -> list[Watched]:
        """The case's deadlines (the filing deadline is the lead's)."""
        decision = self.decision or {}
        decided_on = decision.get("decided_on")
        enforcement = self.enforcement
        court = enforcement["court"]
        ended_without_court = "enforcement" in self.completed and court is None
        stopped, lapsed = (
            application_watch(self.challenges, enforcement.get("judgment")) if not court else (False, False)
        )
        return [
            Watched("decision", None if self.suspended_since else self.decision_due_on, decided_on),
            Watched(
                "publication",
                decision.get("publication_due_on"),
                self.published_on,
                applies=self.outcome == "penalty",
            ),
            Watched("service", decision.get("service_due_on"), self.served_on, applies=self.holds("decision_to_serve")),
            Watched(
                "enforcement_application",
                None if stopped else enforcement.get("application_due_on"),
                court["applied_on"] if court else None,
                applies=self.holds("obligations_remain") and not ended_without_court and not lapsed,
            ),
            Watched("archiving", (self.closure or {}).get("archive_due_on"), (self.archive or {}).get("archived_on")),
        ]

    def due_breaches(self, today: date) -> list[Watched]:
        return due_breaches(self.watched(), self.breaches, today)

    @property
    def watch_finished(self) -> bool:
        return all(not w.open or w.kind in self.breaches for w in self.watched())

    def record_breach(self, kind: str, due_on: date, detected_at: datetime) -> None:
        if kind not in self.breaches:
            self.trigger_event(
                self.DeadlineBreached,
                kind=kind,
                due_on=due_on,
                detected_at=detected_at,
                officer_ids=list(self.handling_officer_ids),
            )
