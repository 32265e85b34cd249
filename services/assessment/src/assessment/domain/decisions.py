"""The decisions a closed period makes, and what was then done about them.

`AdmonishmentTalk` (诫勉谈话): required for a subject in the bottom N, held within the scheme's
number of working days. `PostTransfer` (调离工作岗位): proposed after a run of bottom places (or of
failing grades), then decided by the leadership. Each decision's id derives from the period and the
subject, so one period can decide each of them once only.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import event

from shared.domain import DomainError, InvalidInputError, NotFoundError, RecordedAggregate

DECISION_NAMESPACE = UUID("b8d14e62-7a35-4c09-8f1e-2d6c9a4b7e51")


class DecisionNotFoundError(NotFoundError):
    code = "decision_not_found"


class TalkAlreadyHeldError(DomainError):
    code = "talk_already_held"


class TransferAlreadyDecidedError(DomainError):
    code = "transfer_already_decided"


class TransferOutcome(StrEnum):
    TRANSFERRED = "transferred"
    NOT_TRANSFERRED = "not_transferred"


class AdmonishmentTalk(RecordedAggregate):
    class Required(RecordedAggregate.Created):
        period_id: UUID
        period_key: str
        subject_type: str
        subject_id: str
        unit_id: str
        score: str
        rank: int
        rank_from_bottom: int
        scheme_version: int
        due_on: date

    class Held(RecordedAggregate.Event):
        # The subject is repeated here so that the public event (and the facts it yields) need no
        # other event to be understood.
        subject_type: str
        subject_id: str
        unit_id: str
        period_key: str
        due_on: date
        held_by: str
        minutes_ref: str
        note: str
        late: bool

    @staticmethod
    def create_id(period_id: UUID, subject_id: str) -> UUID:
        return uuid5(DECISION_NAMESPACE, f"talk/{period_id}/{subject_id}")

    @event(Required)
    def __init__(
        self,
        *,
        period_id: UUID,
        period_key: str,
        subject_type: str,
        subject_id: str,
        unit_id: str,
        score: str,
        rank: int,
        rank_from_bottom: int,
        scheme_version: int,
        due_on: date,
    ) -> None:
        self.period_id = period_id
        self.period_key = period_key
        self.subject_type = subject_type
        self.subject_id = subject_id
        self.unit_id = unit_id
        self.score = score
        self.rank = rank
        self.scheme_version = scheme_version
        self.due_on = due_on
        self.held = False

    def status(self, today: date) -> str:
        if self.held:
            return "held"
        return "overdue" if today > self.due_on else "required"

    def hold(self, *, held_by: str, minutes_ref: str, note: str, held_at: datetime, held_on: date) -> None:
        if self.held:
            raise TalkAlreadyHeldError(
                "this admonishment talk has already been recorded as held", decision_id=str(self.id)
            )
        self._held(
            subject_type=self.subject_type,
            subject_id=self.subject_id,
            unit_id=self.unit_id,
            period_key=self.period_key,
            due_on=self.due_on,
            held_by=held_by,
            minutes_ref=minutes_ref,
            note=note,
            late=held_on > self.due_on,
            occurred_at=held_at,
        )

    @event(Held)
    def _held(
        self,
        *,
        subject_type: str,
        subject_id: str,
        unit_id: str,
        period_key: str,
        due_on: date,
        held_by: str,
        minutes_ref: str,
        note: str,
        late: bool,
        occurred_at: datetime,
    ) -> None:
        self.held = True
        self.held_by = held_by
        self.minutes_ref = minutes_ref


class PostTransfer(RecordedAggregate):
    class Proposed(RecordedAggregate.Created):
        period_id: UUID
        period_key: str
        subject_type: str
        subject_id: str
        unit_id: str
        officer_id: str | None  # the officer, or a unit's head when known at the proposal
        reasons: list[str]
        run_periods: list[str]
        scheme_version: int

    class Decided(RecordedAggregate.Event):
        subject_type: str
        subject_id: str
        unit_id: str
        period_key: str
        outcome: str
        officer_id: str | None
        from_post: str
        to_post: str
        note: str
        # Whether the new post is an enforcement post; decisions recorded before it was asked for
        # moved the officer off enforcement, as this default says.
        to_enforcement_post: bool = False

    @staticmethod
    def create_id(period_id: UUID, subject_id: str) -> UUID:
        return uuid5(DECISION_NAMESPACE, f"transfer/{period_id}/{subject_id}")

    @event(Proposed)
    def __init__(
        self,
        *,
        period_id: UUID,
        period_key: str,
        subject_type: str,
        subject_id: str,
        unit_id: str,
        officer_id: str | None,
        reasons: list[str],
        run_periods: list[str],
        scheme_version: int,
    ) -> None:
        self.period_id = period_id
        self.period_key = period_key
        self.subject_type = subject_type
        self.subject_id = subject_id
        self.unit_id = unit_id
        self.officer_id = officer_id
        self.reasons = list(reasons)
        self.run_periods = list(run_periods)
        self.scheme_version = scheme_version
        self.outcome: TransferOutcome | None = None

    @property
    def status(self) -> str:
        return self.outcome.value if self.outcome else "proposed"

    def decide(
        self,
        *,
        outcome: TransferOutcome,
        officer_id: str | None,
        from_post: str,
        to_post: str,
        note: str,
        decided_at: datetime,
        to_enforcement_post: bool = False,
    ) -> None:
        if self.outcome is not None:
            raise TransferAlreadyDecidedError(
                "this transfer proposal has already been decided", decision_id=str(self.id), outcome=self.outcome.value
            )
        officer = officer_id or self.officer_id
        if outcome is TransferOutcome.TRANSFERRED and (officer is None or not to_post.strip()):
            raise InvalidInputError(
                "a transfer names the officer transferred and the post they move to",
                missing=[name for name, value in (("officer_id", officer), ("to_post", to_post.strip())) if not value],
            )
        if outcome is TransferOutcome.NOT_TRANSFERRED and not note.strip():
            raise InvalidInputError("a decision not to transfer gives its reason in the note", missing=["note"])
        self._decided(
            subject_type=self.subject_type,
            subject_id=self.subject_id,
            unit_id=self.unit_id,
            period_key=self.period_key,
            outcome=outcome.value,
            officer_id=officer,
            from_post=from_post,
            to_post=to_post,
            note=note,
            to_enforcement_post=to_enforcement_post and outcome is TransferOutcome.TRANSFERRED,
            occurred_at=decided_at,
        )

    @event(Decided)
    def _decided(
        self,
        *,
        subject_type: str,
        subject_id: str,
        unit_id: str,
        period_key: str,
        outcome: str,
        officer_id: str | None,
        from_post: str,
        to_post: str,
        note: str,
        occurred_at: datetime,
        to_enforcement_post: bool = False,
    ) -> None:
        self.outcome = TransferOutcome(outcome)
        self.officer_id = officer_id
