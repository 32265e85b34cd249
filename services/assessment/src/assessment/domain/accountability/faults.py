"""Each officer's record of confirmed faults, for the repeat-fault aggravation (§3.1 D: ≥ 2 or ≥ 3
faults in one year). A fault is confirmed when a matter first sanctions the officer, and withdrawn
when every sanction of that matter against the officer is revoked.

Dating: a fault is dated by the day its first sanction was decided (the day it became a confirmed
fault). The repeat check is made on the day a decision about the officer is taken in a later matter
(responsibility determined, sanction imposed) and counts the faults of other matters dated in the
window ending on that day. So an earlier matter sanctioned after the later one was raised still
counts, and a fault decided after that day (a backdated decision) does not."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid5

from eventsourcing.domain import event

from shared.domain import RecordedAggregate

FAULTS_NAMESPACE = UUID("5d9e3a71-2c8b-4f06-b1e4-7a0c6d2f8e93")


class OfficerFaultRecord(RecordedAggregate):
    class Started(RecordedAggregate.Created):
        officer_id: str

    class FaultConfirmed(RecordedAggregate.Event):
        matter_id: UUID
        on: date

    class FaultWithdrawn(RecordedAggregate.Event):
        matter_id: UUID

    @staticmethod
    def create_id(officer_id: str) -> UUID:
        return uuid5(FAULTS_NAMESPACE, officer_id)

    @event(Started)
    def __init__(self, officer_id: str) -> None:
        self.officer_id = officer_id
        self.faults: dict[UUID, date] = {}

    def confirm(self, matter_id: UUID, on: date) -> None:
        if matter_id not in self.faults:
            self._confirmed(matter_id=matter_id, on=on)

    def withdraw(self, matter_id: UUID) -> None:
        if matter_id in self.faults:
            self._withdrawn(matter_id=matter_id)

    def prior_faults(self, on: date, window_days: int, excluding: UUID) -> list[UUID]:
        """Confirmed faults of other matters than `excluding`, dated in the `window_days` days ending on
        `on` (both ends included: a window of 365 days is 365 days, not 366)."""
        after = on - timedelta(days=window_days)
        return sorted(
            (matter for matter, day in self.faults.items() if matter != excluding and after < day <= on), key=str
        )

    @event(FaultConfirmed)
    def _confirmed(self, matter_id: UUID, on: date) -> None:
        self.faults[matter_id] = on

    @event(FaultWithdrawn)
    def _withdrawn(self, matter_id: UUID) -> None:
        self.faults.pop(matter_id, None)
