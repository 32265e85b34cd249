"""Recording what was done about a decision: the admonishment talk held, the transfer decided."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from assessment.application.base import AssessmentsBase
from assessment.domain.decisions import AdmonishmentTalk, DecisionNotFoundError, PostTransfer, TransferOutcome
from assessment.domain.timing import recorded_time
from shared.domain import get_clock
from shared.domain.calendar import BUREAU_TIMEZONE


class DecisionCommands(AssessmentsBase):
    def hold_talk(
        self,
        decision_id: UUID,
        *,
        held_by: str,
        minutes_ref: str,
        note: str,
        held_at: datetime,
        expected_version: int | None = None,
    ) -> AdmonishmentTalk:
        talk = self.load(decision_id, AdmonishmentTalk, DecisionNotFoundError, expected_version)
        held_at = recorded_time(held_at, now=get_clock().now(), field="held_at")
        talk.hold(
            held_by=held_by,
            minutes_ref=minutes_ref,
            note=note,
            held_at=held_at,
            held_on=held_at.astimezone(BUREAU_TIMEZONE).date(),
        )
        self.save(talk)
        return talk

    def decide_transfer(
        self,
        decision_id: UUID,
        *,
        outcome: TransferOutcome,
        officer_id: str | None,
        from_post: str,
        to_post: str,
        note: str,
        decided_at: datetime,
        to_enforcement_post: bool = False,
        expected_version: int | None = None,
    ) -> PostTransfer:
        transfer = self.load(decision_id, PostTransfer, DecisionNotFoundError, expected_version)
        decided_at = recorded_time(decided_at, now=get_clock().now(), field="decided_at")
        transfer.decide(
            outcome=outcome,
            officer_id=officer_id,
            from_post=from_post,
            to_post=to_post,
            note=note,
            decided_at=decided_at,
            to_enforcement_post=to_enforcement_post,
        )
        self.save(transfer)
        return transfer

    def get_decision(self, decision_id: UUID) -> AdmonishmentTalk | PostTransfer:
        found: object
        try:
            found = self.repository.get(decision_id)
        except AggregateNotFoundError:
            found = None
        if not isinstance(found, AdmonishmentTalk | PostTransfer):
            raise DecisionNotFoundError(f"no decision with id {decision_id}", id=str(decision_id))
        return found
