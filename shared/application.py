"""What every service's `eventsourcing` Application shares: dates in events, loading with the
version the caller saw, the stored history of an aggregate, and idempotent commands."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoding

from shared.domain import DomainError, NotFoundError, VersionConflictError, current_context
from shared.domain.context import command_context, scheduler_context
from shared.domain.idempotency import IdempotencyKeyReusedError, IdempotencyRecord

A = TypeVar("A", bound=Aggregate)


class DateAsISO(Transcoding):
    """Calendar dates (issue days, deadlines, holidays) stored as ISO strings."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


@dataclass
class IdempotentAttempt:
    key: str
    fingerprint: str
    recorded: bool = False  # a save carrying the key's record has committed


@dataclass(frozen=True)
class CommandOutcome:
    """What a command route answers: the aggregate it changed, and whether this is a replay."""

    aggregate_id: UUID
    version: int
    replayed: bool = False


class FirstAttemptCommitted(Exception):
    """An idempotent attempt's save conflicted with a concurrent attempt that committed the same key.

    Deliberately not an `IntegrityError` (nor a `DomainError`): a command's own handler for those
    must not turn the retry into a conflict; `run_command` answers the first result instead."""

    def __init__(self, key: str) -> None:
        super().__init__(f"an attempt with Idempotency-Key {key!r} committed first")
        self.key = key


_attempt: ContextVar[IdempotentAttempt | None] = ContextVar("zeren_idempotent_attempt", default=None)


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

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        attempt = _attempt.get()
        if attempt is None or attempt.recorded:
            return super().save(*objs, **kwargs)
        # The first save of an idempotent command also records its key, atomically with its events: of
        # attempts with one key, only one ever commits an effect. Until one save has committed, every
        # save carries the record (a command that falls back to another save after a refused one).
        aggregates = [obj for obj in objs if isinstance(obj, Aggregate)]
        record = IdempotencyRecord(
            actor_id=current_context().actor_id,
            key=attempt.key,
            fingerprint=attempt.fingerprint,
            results=[{"id": str(a.id), "version": a.version} for a in aggregates],
        )
        try:
            recordings = super().save(*objs, record, **kwargs)
        except IntegrityError:
            # A concurrent attempt with this key committed first (its record, or the same new
            # aggregate): this attempt is its retry. Raised past the command's own IntegrityError
            # handler, which would answer "already registered" instead of the first result.
            if self._idempotency_record(attempt.key) is not None:
                raise FirstAttemptCommitted(attempt.key) from None
            raise
        attempt.recorded = True
        return recordings

    def run_command(
        self, command: Callable[[], Aggregate], *, idempotency_key: str | None, fingerprint: str
    ) -> CommandOutcome:
        """Run `command` (which saves once and returns the aggregate it changed) at most once per key."""
        if idempotency_key is None:
            changed = command()
            return CommandOutcome(changed.id, changed.version)
        replay = self._replay(idempotency_key, fingerprint)
        if replay is not None:
            return replay
        attempt = IdempotentAttempt(idempotency_key, fingerprint)
        try:
            with _idempotent(attempt):
                changed = command()
        except (FirstAttemptCommitted, DomainError, IntegrityError):
            # Refused, or refused because a concurrent attempt with this key made the change meanwhile
            # (a stale If-Match, "already closed"): if that attempt committed, its result is the answer.
            if attempt.recorded:
                raise
            replay = self._replay(idempotency_key, fingerprint)
            if replay is None:
                raise
            return replay
        return CommandOutcome(changed.id, changed.version)

    def _idempotency_record(self, key: str) -> IdempotencyRecord | None:
        record_id = IdempotencyRecord.create_id(current_context().actor_id, key)
        try:
            record: IdempotencyRecord = self.repository.get(record_id)
        except AggregateNotFoundError:
            return None
        return record

    def _replay(self, key: str, fingerprint: str) -> CommandOutcome | None:
        record = self._idempotency_record(key)
        if record is None:
            return None
        if record.fingerprint != fingerprint:
            raise IdempotencyKeyReusedError("this Idempotency-Key was used for a different request", key=key)
        first = record.results[0]
        return CommandOutcome(UUID(first["id"]), int(first["version"]), replayed=True)


@contextmanager
def _idempotent(attempt: IdempotentAttempt) -> Iterator[None]:
    token = _attempt.set(attempt)
    try:
        yield
    finally:
        _attempt.reset(token)


@contextmanager
def as_the_scheduler_first(job: str) -> Iterator[None]:
    """Inside a command, settle what a scheduled job owed and had not yet done (an effect already
    due, which the command must not overtake), as that job would have: under its identity, within
    the caller's correlation; each save commits on its own and outside the command's
    Idempotency-Key, whose record stays with the command's own effect. Settled effects are not
    repeated, so a retry of the command finds them done."""
    token = _attempt.set(None)
    try:
        with command_context(scheduler_context(job, current_context().correlation_id)):
            yield
    finally:
        _attempt.reset(token)
