"""What every service's `eventsourcing` Application shares: loading with the version the caller saw,
and the stored history of an aggregate."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, Transcoding

from shared.domain import NotFoundError, VersionConflictError

A = TypeVar("A", bound=Aggregate)


class DateAsISO(Transcoding):
    """Calendar dates (issue days, deadlines, holidays) stored as ISO strings."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class ServiceApplication(Application[UUID]):
    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def load(
        self, aggregate_id: UUID, kind: type[A], not_found: type[NotFoundError], expected_version: int | None = None
    ) -> A:
        """The aggregate, or `not_found`; a `VersionConflictError` if the caller's version is stale."""
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise not_found(f"no {kind.__name__.lower()} with id {aggregate_id}", id=str(aggregate_id)) from None
        if not isinstance(aggregate, kind):
            raise not_found(f"no {kind.__name__.lower()} with id {aggregate_id}", id=str(aggregate_id))
        if expected_version is not None and aggregate.version != expected_version:
            raise VersionConflictError(aggregate_id, expected_version, aggregate.version)
        return aggregate

    def stored_events(self, aggregate_id: UUID) -> list[Any]:
        return list(self.repository.event_store.get(aggregate_id))
