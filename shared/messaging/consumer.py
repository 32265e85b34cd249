"""The consumer loop: a durable pull consumer per (projection, producer), applied in batches.

For each batch, ONE PostgreSQL transaction applies the events and records the positions applied;
messages are settled only after it commits. The order of a producer's events is kept with the
`previous_position` chain of the envelope: a position already applied is a duplicate (ack); an
event whose predecessor is not applied yet waits (nak with delay). A poison message is
dead-lettered with its reason and terminated, and the chain moves past it.

The ack wait is short (5 s), so that what a killed worker had fetched goes back to the others within
seconds; a live worker whose batch takes longer reports it in progress every third of the ack wait,
so a slow batch is not redelivered while it is being applied.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg
import nats.errors
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError
from pydantic import ValidationError

from shared.aio import sleep_unless
from shared.contracts import IntegrationEvent, UnknownEventError, UnsupportedVersionError, decode
from shared.db.errors import DATABASE_UNAVAILABLE
from shared.messaging.envelope import Envelope
from shared.messaging.faults import maybe_crash
from shared.messaging.projection import Projection
from shared.messaging.streams import stream_for
from shared.observability.metrics import (
    CONSUMER_APPLIED,
    CONSUMER_DEAD_LETTERS,
    CONSUMER_EVENT_AGE,
    CONSUMER_LAG,
    CONSUMER_SUBSCRIBED,
)

log = logging.getLogger(__name__)

# Errors that say "the database or the broker is unavailable", not "this message is bad".
TRANSIENT = (
    *DATABASE_UNAVAILABLE,
    OSError,
    asyncpg.SerializationError,
    asyncpg.DeadlockDetectedError,
)


@dataclass
class Decoded:
    msg: Msg
    stream_seq: int
    envelope: Envelope | None = None
    event: IntegrationEvent | None = None
    poison: str | None = None  # reason, when the message can never be applied
    detail: str = ""


class _HandlerFailedError(Exception):
    """A handler raised on the fast path; the batch is replayed carefully."""


@dataclass
class Cursor:
    position: int
    stream_seq: int


@dataclass
class Settlement:
    acks: list[Msg] = field(default_factory=list)
    naks: list[Msg] = field(default_factory=list)
    terms: list[Msg] = field(default_factory=list)


def durable_name(projection: str, producer: str) -> str:
    return f"{projection}--{producer}"


def decode_message(msg: Msg) -> Decoded:
    item = Decoded(msg=msg, stream_seq=msg.metadata.sequence.stream)
    try:
        item.envelope = Envelope.from_bytes(msg.data)
    except (ValidationError, ValueError) as exc:
        item.poison, item.detail = "undecodable_envelope", str(exc)[:2000]
        return item
    if item.envelope.event_type != msg.subject:
        item.poison, item.detail = "subject_mismatch", f"{item.envelope.event_type} on {msg.subject}"
        return item
    try:
        item.event = decode(item.envelope.event_type, item.envelope.payload)
    except UnknownEventError:
        pass  # a newer event type this reader does not use: skipped in order
    except UnsupportedVersionError as exc:
        item.poison, item.detail = "unsupported_major_version", str(exc)
    except (ValidationError, ValueError) as exc:
        item.poison, item.detail = "invalid_payload", str(exc)[:2000]
    return item


class ProjectionRunner:
    """Feeds one projection from one producer's stream."""

    def __init__(
        self,
        projection: Projection,
        producer: str,
        *,
        js: JetStreamContext,
        pool: asyncpg.Pool,
        batch_size: int = 256,
        fetch_timeout: float = 1.0,
        retry_delay: float = 0.5,
        max_handler_attempts: int = 5,
        ack_wait: float = 5.0,
    ) -> None:
        self.projection = projection
        self.producer = producer
        self.stream = stream_for(producer).name
        self.durable = durable_name(projection.name, producer)
        self._js = js
        self._pool = pool
        self._batch_size = batch_size
        self._fetch_timeout = fetch_timeout
        self._retry_delay = retry_delay
        self._max_handler_attempts = max_handler_attempts
        self.ack_wait = ack_wait  # seconds before JetStream redelivers an unacknowledged message
        # Since when (monotonic clock) the runner has had no bound consumer; None while it has one.
        self.unsubscribed_since: float | None = time.monotonic()
        self._subscribed = CONSUMER_SUBSCRIBED.labels(projection.name, producer)
        self._subscribed.set(0)
        # Exported at 0 from the start: the ZerenProjectionStuck alert compares its increase.
        CONSUMER_APPLIED.labels(projection.name, producer)

    async def run(self, stop: asyncio.Event) -> None:
        subscription: Any = None
        backoff = self._retry_delay
        while not stop.is_set():
            try:
                if subscription is None:
                    subscription = await self._subscribe()
                    self.unsubscribed_since = None
                    self._subscribed.set(1)
                msgs = await subscription.fetch(self._batch_size, timeout=self._fetch_timeout)
            except (TimeoutError, nats.errors.TimeoutError):
                await self._report_lag(subscription)
                continue
            except (NotFoundError, nats.errors.Error, OSError) as exc:
                # The stream or the durable consumer is missing (not created yet, or deleted by a
                # rebuild), or NATS is reconnecting: subscribe again after a pause.
                log.info("consumer not subscribed yet", extra={"durable": self.durable, "error": repr(exc)})
                subscription = None
                if self.unsubscribed_since is None:
                    self.unsubscribed_since = time.monotonic()
                self._subscribed.set(0)
                await sleep_unless(stop, backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            backoff = self._retry_delay
            await self.process(msgs)

    async def _subscribe(self) -> Any:
        config = ConsumerConfig(
            name=self.durable,
            durable_name=self.durable,
            filter_subject=f"{self.producer}.>",
            ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            ack_wait=self.ack_wait,
            max_deliver=-1,
            max_ack_pending=self._batch_size * 4,
        )
        # Create or update: a durable made by an earlier version keeps its stream position and
        # takes this version's ack wait (binding alone would keep the old one).
        await self._js.add_consumer(self.stream, config=config)
        return await self._js.pull_subscribe_bind(durable=self.durable, stream=self.stream)

    async def process(self, msgs: list[Msg]) -> None:
        items = sorted((decode_message(m) for m in msgs), key=lambda item: item.stream_seq)
        try:
            async with self._in_progress(msgs):
                try:
                    settlement = await self._apply(items, careful=False)
                except _HandlerFailedError:
                    # Replay the batch one savepoint per event, to apply everything but the failing event.
                    settlement = await self._apply(items, careful=True)
        except TRANSIENT as exc:
            log.warning("batch not applied; will be redelivered", extra={"durable": self.durable, "error": repr(exc)})
            settlement = Settlement(naks=[item.msg for item in items])
        for msg in settlement.acks:
            await msg.ack()
        for msg in settlement.terms:
            await msg.term()
        for msg in settlement.naks:
            await msg.nak(delay=self._retry_delay)

    @contextlib.asynccontextmanager
    async def _in_progress(self, msgs: list[Msg]) -> AsyncIterator[None]:
        """While the block runs, tell JetStream every third of the ack wait that `msgs` are being
        worked on. A paused or killed process stops telling, and its batch is redelivered."""
        heartbeat = asyncio.create_task(self._report_progress(msgs))
        try:
            yield
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat

    async def _report_progress(self, msgs: list[Msg]) -> None:
        while True:
            await asyncio.sleep(self.ack_wait / 3)
            try:
                for msg in msgs:
                    await msg.in_progress()
            except (nats.errors.Error, OSError) as exc:
                # Reconnecting: the batch may be redelivered, which the cursor makes harmless.
                log.info("progress not reported", extra={"durable": self.durable, "error": repr(exc)})

    async def _apply(self, items: list[Decoded], *, careful: bool) -> Settlement:
        """Apply `items` in one transaction. The fast path runs handlers without savepoints and lets
        the first failing handler abort the batch; the careful path isolates each handler."""
        settlement = Settlement()
        name, producer = self.projection.name, self.producer
        applied: list[Envelope] = []
        async with self._pool.acquire() as conn, conn.transaction():
            cursor = await lock_cursor(conn, name, producer)
            waiting = False
            for item in items:
                if waiting:
                    settlement.naks.append(item.msg)
                    continue
                envelope = item.envelope
                if envelope is None:
                    await record_dead_letter(conn, name, producer, item)
                    settlement.terms.append(item.msg)
                    continue
                if envelope.position <= cursor.position:
                    settlement.acks.append(item.msg)  # already applied: a redelivery or a re-publication
                    continue
                if envelope.previous_position != cursor.position and not await gap_dead_lettered(
                    conn, name, producer, cursor.stream_seq, item.stream_seq
                ):
                    waiting = True  # the predecessor has not been applied yet
                    settlement.naks.append(item.msg)
                    continue
                if item.poison is not None:
                    await record_dead_letter(conn, name, producer, item)
                    cursor = Cursor(envelope.position, item.stream_seq)
                    settlement.terms.append(item.msg)
                    continue
                outcome = await (
                    self._apply_isolated(conn, item, envelope) if careful else self._apply_fast(conn, item, envelope)
                )
                if outcome == "retry":
                    waiting = True
                    settlement.naks.append(item.msg)
                    continue
                if outcome == "dead":
                    settlement.terms.append(item.msg)
                else:
                    applied.append(envelope)
                    settlement.acks.append(item.msg)
                cursor = Cursor(envelope.position, item.stream_seq)
            await record_applied(conn, name, producer, applied)
            await save_cursor(conn, name, producer, cursor)
            maybe_crash("consumer_before_commit")
        maybe_crash("consumer_after_commit")
        CONSUMER_APPLIED.labels(name, producer).inc(len(applied))
        committed = datetime.now(UTC)
        ages = CONSUMER_EVENT_AGE.labels(name, producer)
        for envelope in applied:
            ages.observe(max(0.0, (committed - envelope.recorded_at).total_seconds()))
        return settlement

    async def _apply_fast(self, conn: asyncpg.Connection, item: Decoded, envelope: Envelope) -> str:
        if item.event is None:
            return "applied"
        try:
            await self.projection.apply(conn, item.event, envelope)
        except TRANSIENT:
            raise
        except Exception as exc:
            raise _HandlerFailedError from exc
        return "applied"

    async def _apply_isolated(self, conn: asyncpg.Connection, item: Decoded, envelope: Envelope) -> str:
        name, producer = self.projection.name, self.producer
        try:
            async with conn.transaction():  # a savepoint: a failing handler leaves nothing behind
                if item.event is not None:
                    await self.projection.apply(conn, item.event, envelope)
        except TRANSIENT:
            raise
        except Exception as exc:  # a handler bug or a rule the data breaks: retry, then dead-letter
            attempts = item.msg.metadata.num_delivered or 1
            log.exception(
                "projection handler failed", extra={"durable": self.durable, "event_id": str(envelope.event_id)}
            )
            if attempts < self._max_handler_attempts:
                return "retry"
            item.poison, item.detail = "handler_failed", repr(exc)[:2000]
            await record_dead_letter(conn, name, producer, item)
            return "dead"
        return "applied"

    async def _report_lag(self, subscription: Any) -> None:
        if subscription is None:
            return
        try:
            # A short timeout: a request the server never answers (it died holding it) would
            # otherwise hold up the next fetch for the client's default five seconds.
            info = await self._js.consumer_info(self.stream, self.durable, timeout=self._fetch_timeout)
        except (nats.errors.Error, OSError):
            return
        CONSUMER_LAG.labels(self.projection.name, self.producer).set(info.num_pending + info.num_ack_pending)


class ConsumersNotSubscribedError(RuntimeError):
    """Projections that have had no bound consumer for longer than the grace period."""

    shown_in_readiness = True  # durable names: what an operator needs to see in /readyz


def subscriptions_check(runners: list[ProjectionRunner], grace_seconds: float) -> Callable[[], Awaitable[None]]:
    """A readiness check that fails while any runner has been unable to subscribe for longer than
    `grace_seconds`: a missing stream or a consumer NATS will not let it create (its permissions)
    would otherwise leave a projector that looks healthy and applies nothing."""

    async def check() -> None:
        now = time.monotonic()
        stuck = [
            runner.durable
            for runner in runners
            if runner.unsubscribed_since is not None and now - runner.unsubscribed_since > grace_seconds
        ]
        if stuck:
            raise ConsumersNotSubscribedError(", ".join(stuck))

    return check


async def lock_cursor(conn: asyncpg.Connection, projection: str, producer: str) -> Cursor:
    """Lock this projection's cursor row for the batch, so two workers never apply the same event."""
    while True:
        await conn.execute(
            "INSERT INTO consumer_cursor (projection, producer) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            projection,
            producer,
        )
        row = await conn.fetchrow(
            "SELECT position, stream_seq FROM consumer_cursor WHERE projection = $1 AND producer = $2 FOR UPDATE",
            projection,
            producer,
        )
        if row is not None:
            return Cursor(position=row["position"], stream_seq=row["stream_seq"])
        # A rebuild deleted the row while this batch waited for its lock: start again from position 0.


async def record_applied(conn: asyncpg.Connection, projection: str, producer: str, applied: list[Envelope]) -> None:
    """One row per applied event; the primary key rejects a second application of any of them."""
    if applied:
        await conn.execute(
            "INSERT INTO consumer_applied (projection, producer, position, event_id)"
            " SELECT $1, $2, p, e FROM unnest($3::bigint[], $4::uuid[]) AS t(p, e)",
            projection,
            producer,
            [envelope.position for envelope in applied],
            [envelope.event_id for envelope in applied],
        )


async def save_cursor(conn: asyncpg.Connection, projection: str, producer: str, cursor: Cursor) -> None:
    await conn.execute(
        "UPDATE consumer_cursor SET position = $3, stream_seq = $4 WHERE projection = $1 AND producer = $2",
        projection,
        producer,
        cursor.position,
        cursor.stream_seq,
    )


async def record_dead_letter(conn: asyncpg.Connection, projection: str, producer: str, item: Decoded) -> None:
    envelope = item.envelope
    await conn.execute(
        "INSERT INTO consumer_dead_letter"
        " (projection, producer, stream_seq, subject, event_id, position, reason, detail, raw)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        " ON CONFLICT (projection, producer, stream_seq) DO NOTHING",
        projection,
        producer,
        item.stream_seq,
        item.msg.subject,
        envelope.event_id if envelope else None,
        envelope.position if envelope else None,
        item.poison or "undecodable_envelope",
        item.detail,
        bytes(item.msg.data),
    )
    CONSUMER_DEAD_LETTERS.labels(projection, producer, item.poison or "undecodable_envelope").inc()
    log.error(
        "message dead-lettered",
        extra={"projection": projection, "producer": producer, "stream_seq": item.stream_seq, "reason": item.poison},
    )


async def gap_dead_lettered(conn: asyncpg.Connection, projection: str, producer: str, after: int, before: int) -> bool:
    """Whether every message between the cursor's and this one was dead-lettered as undecodable, so
    the missing predecessor is one of them (its position could not be read). One dead letter in the
    range is not enough: a message in it may still be on its way back (nak'd for a retry), and
    applying its successor first would have the cursor pass it and the retry be taken for a
    duplicate: an event lost. The stream holds only this producer's subjects, so its sequence
    numbers between the two are exactly the messages between them."""
    missing = before - after - 1
    if missing <= 0:
        return False
    dead = await conn.fetchval(
        "SELECT count(DISTINCT stream_seq) FROM consumer_dead_letter WHERE projection = $1 AND producer = $2"
        " AND stream_seq > $3 AND stream_seq < $4 AND position IS NULL",
        projection,
        producer,
        after,
        before,
    )
    return bool(dead == missing)


async def rebuild(js: JetStreamContext, pool: asyncpg.Pool, projection: Projection) -> None:
    """Empty the projection and its tracking, and drop its durable consumers: the runners then
    replay every stream from its first message. Safe while projectors run: the cursor rows are
    locked first, as a batch locks them, so a batch in flight commits before the tables are emptied
    and a later one starts again from position 0."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT 1 FROM consumer_cursor WHERE projection = $1 FOR UPDATE", projection.name)
        for table in projection.tables:
            await conn.execute(f'TRUNCATE TABLE "{table}"')
        for table in ("consumer_cursor", "consumer_applied", "consumer_dead_letter"):
            await conn.execute(f"DELETE FROM {table} WHERE projection = $1", projection.name)  # noqa: S608
    for producer in projection.producers:
        with contextlib.suppress(NotFoundError):
            await js.delete_consumer(stream_for(producer).name, durable_name(projection.name, producer))
