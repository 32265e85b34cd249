"""A named list of aggregate ids, for listing what the event store cannot list (documents, projects).

Volumes are small (a bureau issues a few normative documents and expropriation projects a year), so
one index aggregate per list is enough; it is saved with the aggregate it names.
"""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import event

from shared.domain import RecordedAggregate

INDEX_NAMESPACE = UUID("e8a1f0c2-6b3d-4a9e-b5c7-2d4f6a8b0c19")


class LandIndex(RecordedAggregate):
    class Opened(RecordedAggregate.Created):
        name: str

    class Added(RecordedAggregate.Event):
        aggregate_id: UUID

    @staticmethod
    def create_id(name: str) -> UUID:
        return uuid5(INDEX_NAMESPACE, name)

    @event(Opened)
    def __init__(self, *, name: str) -> None:
        self.name = name
        self.ids: list[UUID] = []

    def add(self, aggregate_id: UUID) -> None:
        if aggregate_id not in self.ids:
            self._added(aggregate_id=aggregate_id)

    @event(Added)
    def _added(self, *, aggregate_id: UUID) -> None:
        self.ids.append(aggregate_id)
