"""The relay: follows one service's notification log in order and publishes it to JetStream.

The event store is the outbox. The relay reads notifications after the last position it recorded,
publishes the public ones with `Nats-Msg-Id = event_id`, and only then records the new position.
A crash in between re-publishes the same ids, which JetStream drops as duplicates. One relay per
service holds a PostgreSQL advisory lock, so publication order is the notification order.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg
import nats.errors
from eventsourcing.persistence import ApplicationRecorder, Mapper, Notification
from nats.aio.client import Client

from shared.contracts import IntegrationEvent
from shared.db.errors import DATABASE_UNAVAILABLE
from shared.db.log_follower import LogFollower
from shared.messaging.envelope import Actor, Envelope, event_id_for
from shared.messaging.faults import maybe_crash
from shared.messaging.publishing import BatchPublisher, Outgoing
from shared.messaging.streams import ensure_stream, stream_for
from shared.observability.metrics import RELAY_DUPLICATES, RELAY_LAG, RELAY_PUBLISHED

log = logging.getLogger(__name__)

Translate = Callable[[Any], IntegrationEvent | None]

# Errors after which the relay backs off and starts again from its recorded position.
RETRYABLE = (
    *DATABASE_UNAVAILABLE,
    OSError,
    asyncpg.PostgresError,
    nats.errors.Error,
)


@dataclass
class RelayPosition:
    notification_id: int = 0
    published_position: int = 0


def build_envelope(
    producer: str, notification: Notification, previous_position: int, domain_event: Any, event: IntegrationEvent
) -> Envelope:
    recorded_at = domain_event.timestamp
    return Envelope(
        event_id=event_id_for(producer, domain_event.originator_id, domain_event.originator_version),
        event_type=event.subject,
        schema_version=event.schema_version,
        producer=producer,
        aggregate_id=domain_event.originator_id,
        aggregate_version=domain_event.originator_version,
        position=notification.id,
        previous_position=previous_position,
        occurred_at=getattr(domain_event, "occurred_at", recorded_at),
        recorded_at=recorded_at,
        actor=Actor(id=getattr(domain_event, "actor_id", "system"), role=getattr(domain_event, "actor_role", "system")),
        correlation_id=getattr(domain_event, "correlation_id", ""),
        causation_id=getattr(domain_event, "causation_id", ""),
        payload=event.model_dump(mode="json"),
    )


class Relay:
    def __init__(
        self,
        *,
        producer: str,
        recorder: ApplicationRecorder,
        mapper: Mapper[Any],
        translate: Translate,
        nc: Client,
        pool: asyncpg.Pool,
        channel: str,
        batch_size: int = 500,
        idle_seconds: float = 1.0,
        publish_timeout: float = 10.0,
        stream_replicas: int = 1,
    ) -> None:
        self.producer = producer
        RELAY_PUBLISHED.labels(producer)  # exported at 0 from the start: an alert compares its increase
        self._recorder = recorder
        self._mapper = mapper
        self._translate = translate
        self._js = nc.jetstream()
        self._publisher = BatchPublisher(nc)
        self._batch_size = batch_size
        self._publish_timeout = publish_timeout
        self._stream_replicas = stream_replicas
        self.position = RelayPosition()
        self._follower = LogFollower(
            lock_name=f"zeren-relay:{producer}",
            pool=pool,
            channel=channel,
            retryable=RETRYABLE,
            idle_seconds=idle_seconds,
        )

    @property
    def holds_lock(self) -> bool:
        return self._follower.holds_lock

    async def run(self, stop: asyncio.Event) -> None:
        await self._follower.run(stop, prepare=self._prepare, resume=self._resume, step=self.pump)

    async def _prepare(self) -> None:
        await ensure_stream(self._js, stream_for(self.producer), replicas=self._stream_replicas)

    async def _resume(self, conn: asyncpg.Connection) -> None:
        self.position = await load_position(conn, self.producer)

    async def pump(self, conn: asyncpg.Connection) -> int:
        """Publish the next batch and record the position; return how many notifications were read."""
        start = self.position.notification_id + 1
        notifications: Sequence[Notification] = await asyncio.to_thread(
            self._recorder.select_notifications, start, self._batch_size
        )
        # The backlog is measured before publishing too: busy, the relay never reaches the idle branch,
        # and a publish that keeps failing (NATS away) must show its backlog growing, not the last idle 0.
        await self._update_lag()
        if not notifications:
            return 0
        envelopes = self._envelopes(notifications)
        await self._publish(envelopes)
        maybe_crash("relay_after_publish")
        next_position = RelayPosition(
            notification_id=notifications[-1].id,
            published_position=envelopes[-1].position if envelopes else self.position.published_position,
        )
        await save_position(conn, self.producer, next_position)
        self.position = next_position
        RELAY_PUBLISHED.labels(self.producer).inc(len(envelopes))
        return len(notifications)

    def _envelopes(self, notifications: Sequence[Notification]) -> list[Envelope]:
        envelopes: list[Envelope] = []
        previous = self.position.published_position
        for notification in notifications:
            domain_event = self._mapper.to_domain_event(notification)
            event = self._translate(domain_event)
            if event is None:
                continue  # private to the service
            envelopes.append(build_envelope(self.producer, notification, previous, domain_event, event))
            previous = notification.id
        return envelopes

    async def _publish(self, envelopes: list[Envelope]) -> None:
        if not envelopes:
            return
        outgoing = [Outgoing(e.event_type, e.to_bytes(), str(e.event_id)) for e in envelopes]
        acks = await self._publisher.publish(stream_for(self.producer).name, outgoing, ack_within=self._publish_timeout)
        duplicates = sum(1 for ack in acks if ack.duplicate)
        if duplicates:
            RELAY_DUPLICATES.labels(self.producer).inc(duplicates)

    async def _update_lag(self) -> None:
        latest = await asyncio.to_thread(self._recorder.max_notification_id) or 0
        RELAY_LAG.labels(self.producer).set(max(0, latest - self.position.notification_id))


async def load_position(conn: asyncpg.Connection, producer: str) -> RelayPosition:
    row = await conn.fetchrow(
        "SELECT notification_id, published_position FROM relay_position WHERE producer = $1", producer
    )
    if row is None:
        return RelayPosition()
    return RelayPosition(notification_id=row["notification_id"], published_position=row["published_position"])


async def save_position(conn: asyncpg.Connection, producer: str, position: RelayPosition) -> None:
    await conn.execute(
        "INSERT INTO relay_position (producer, notification_id, published_position) VALUES ($1, $2, $3)"
        " ON CONFLICT (producer) DO UPDATE"
        " SET notification_id = EXCLUDED.notification_id, published_position = EXCLUDED.published_position",
        producer,
        position.notification_id,
        position.published_position,
    )
