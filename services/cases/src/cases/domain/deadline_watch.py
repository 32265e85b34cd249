"""What a deadline job has still to look at: the open deadlines of one kind, by aggregate and due day.

A scheduler job cannot list aggregates; this small aggregate is its index. An entry is added in the
same save as the aggregate whose deadline it watches and removed in the same save as the verdict
(breach or compliance), so an entry exists exactly while a verdict is outstanding.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from eventsourcing.domain import event

from shared.domain import RecordedAggregate

WATCH_NAMESPACE = UUID("5c0d7e1a-93b2-4f6e-a8d4-1b7c2e9f0a35")


class DeadlineWatch(RecordedAggregate):
    class Opened(RecordedAggregate.Created):
        kind: str

    class Watched(RecordedAggregate.Event):
        aggregate_id: UUID
        due_on: date

    class Settled(RecordedAggregate.Event):
        aggregate_id: UUID

    @staticmethod
    def create_id(kind: str) -> UUID:
        return uuid5(WATCH_NAMESPACE, kind)

    @event(Opened)
    def __init__(self, *, kind: str) -> None:
        self.kind = kind
        self.entries: dict[UUID, date] = {}

    def watch(self, aggregate_id: UUID, due_on: date) -> None:
        if self.entries.get(aggregate_id) != due_on:
            self._watched(aggregate_id=aggregate_id, due_on=due_on)

    def settle(self, aggregate_id: UUID) -> None:
        if aggregate_id in self.entries:
            self._settled(aggregate_id=aggregate_id)

    def due_before(self, day: date) -> list[UUID]:
        """Entries whose due day is over by `day`, earliest first."""
        return [aggregate_id for aggregate_id, due in sorted(self.entries.items(), key=lambda e: e[1]) if due < day]

    @event(Watched)
    def _watched(self, *, aggregate_id: UUID, due_on: date) -> None:
        self.entries[aggregate_id] = due_on

    @event(Settled)
    def _settled(self, *, aggregate_id: UUID) -> None:
        del self.entries[aggregate_id]
