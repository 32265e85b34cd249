"""Faults of RELIABILITY.md, short variants: consumers crashing around their commit (F3, F4),
out-of-order delivery to competing workers (F10), and a worker paused beyond the ack wait (F13).
In each, the projection ends identical to a clean replay, and no event is applied twice."""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys

import pytest

from assessment.projections import RosterProjection
from personnel.integration import to_integration_event
from shared.devstack.process import free_port
from shared.messaging.relay import build_envelope
from shared.messaging.streams import ensure_stream, stream_for
from tests.support.backbone import Backbone, table_dump
from tests.support.infra import PostgresServer
from tests.support.oracle import clean_replay
from tests.support.wait import eventually

APPLIED = "SELECT count(*) FROM consumer_applied WHERE projection = 'assessment-roster'"


def projector(database_url: str, nats_url: str, fault: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "NATS_URL": nats_url,
        "HTTP_HOST": "127.0.0.1",
        "WORKER_HTTP_PORT": str(free_port()),
        "IDENTITY_PUBLIC_KEY": "unused",
        "CONSUMER_BATCH_SIZE": "10",
        "CONSUMER_ACK_WAIT_SECONDS": "1",
        fault: "0.15",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "assessment", "project"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


@pytest.mark.parametrize("fault", ["ZEREN_FAULT_CONSUMER_AFTER_COMMIT", "ZEREN_FAULT_CONSUMER_BEFORE_COMMIT"])
async def test_a_consumer_crashing_around_its_commit_applies_each_event_once(
    backbone: Backbone, database_url: str, nats_url: str, postgres_server: PostgresServer, fault: str
) -> None:
    await backbone.enroll_and_certify(150)  # 300 events
    relay = backbone.start(backbone.relay())
    crashes = 0
    process = projector(database_url, nats_url, fault)
    try:
        for _ in range(1800):
            if await backbone.assessment_pool.fetchval(APPLIED) == 300:
                break
            if process.poll() is not None:
                assert process.returncode == 137  # only the injected crash ends it
                crashes += 1
                process = projector(database_url, nats_url, fault)
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("the projection did not complete")
    finally:
        process.terminate()
        process.wait(timeout=30)
    await relay.halt()
    assert crashes >= 1  # the fault really happened (15% of batch transactions)

    live = {t: await table_dump(backbone.assessment_pool, t) for t in RosterProjection.tables}
    oracle_url = postgres_server.create_database()
    try:
        assert live == await clean_replay(backbone, oracle_url, RosterProjection(), 300)
    finally:
        postgres_server.drop_database(oracle_url)


class OrderRecording(RosterProjection):
    """The roster, plus the order in which positions were applied."""

    async def apply(self, conn, event, envelope):  # type: ignore[no-untyped-def]
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS applied_order (n bigserial PRIMARY KEY, position bigint NOT NULL)"
        )
        await conn.execute("INSERT INTO applied_order (position) VALUES ($1)", envelope.position)
        await super().apply(conn, event, envelope)


async def test_shuffled_delivery_to_competing_workers_is_applied_in_order_once(backbone: Backbone) -> None:
    await backbone.enroll_and_certify(60)  # 120 events
    envelopes, previous = [], 0
    for notification in backbone.personnel.recorder.select_notifications(1, 1000):
        domain_event = backbone.personnel.mapper.to_domain_event(notification)
        public = to_integration_event(domain_event)
        assert public is not None
        envelopes.append(build_envelope("personnel", notification, previous, domain_event, public))
        previous = notification.id
    rng = random.Random(7)
    shuffled = []
    for start in range(0, len(envelopes), 5):
        window = envelopes[start : start + 5]
        rng.shuffle(window)
        shuffled.extend(window)
    assert shuffled != envelopes
    js = backbone.nc.jetstream()
    await ensure_stream(js, stream_for("personnel"))
    for envelope in shuffled:
        await js.publish(envelope.event_type, envelope.to_bytes(), headers={"Nats-Msg-Id": str(envelope.event_id)})

    projection = OrderRecording()
    # A short ack wait: a message held by a worker that stops answering goes back to the others in
    # seconds, as JetStream would after the production 30 s.
    workers = [
        backbone.start(
            backbone.runner(projection, backbone.assessment_pool, batch_size=8, retry_delay=0.05, ack_wait=2.0)
        )
        for _ in range(4)
    ]

    async def all_applied() -> bool:
        for worker in workers:  # a worker that died fails the test with its own error, not a timeout
            if worker.task.done():
                worker.task.result()
                raise AssertionError("a worker stopped before the stream was applied")
        return await _count(backbone, APPLIED, 120)

    await eventually(all_applied, timeout=90)
    for worker in workers:
        await worker.halt()

    order = [
        r["position"] for r in await backbone.assessment_pool.fetch("SELECT position FROM applied_order ORDER BY n")
    ]
    assert order == sorted(order) == [e.position for e in envelopes]


class Slow(RosterProjection):
    """A worker that stalls past the ack wait on its first batch, as a paused process would."""

    def __init__(self) -> None:
        self.stalled = False

    async def apply(self, conn, event, envelope):  # type: ignore[no-untyped-def]
        if not self.stalled:
            self.stalled = True
            await asyncio.sleep(3.0)
        await super().apply(conn, event, envelope)


async def test_a_worker_paused_beyond_the_ack_wait_does_not_apply_twice(backbone: Backbone, database_url: str) -> None:
    await backbone.enroll_and_certify(20)
    relay = backbone.start(backbone.relay())
    js = backbone.nc.jetstream()
    await eventually(lambda: _stream_has(js, 40))
    slow_runner = backbone.runner(Slow(), backbone.assessment_pool, batch_size=10)
    fast_runner = backbone.runner(RosterProjection(), backbone.assessment_pool, batch_size=10)
    # A short ack wait so the stalled batch is redelivered to the other worker while it is held.
    slow_runner.ack_wait = fast_runner.ack_wait = 1.0
    slow = backbone.start(slow_runner)
    await asyncio.sleep(0.3)
    fast = backbone.start(fast_runner)
    await eventually(lambda: _count(backbone, APPLIED, 40), timeout=60)
    await asyncio.sleep(3.5)  # let the stalled worker wake up and try to commit its stale batch
    for job in (slow, fast, relay):
        await job.halt()
    assert await backbone.assessment_pool.fetchval(APPLIED) == 40
    assert await backbone.assessment_pool.fetchval("SELECT count(*) FROM officer_history") == 40
    assert await backbone.assessment_pool.fetchval("SELECT count(*) FROM roster_officers") == 20


async def _count(backbone: Backbone, sql: str, expected: int) -> bool:
    return bool(await backbone.assessment_pool.fetchval(sql) == expected)


async def _stream_has(js, expected: int) -> bool:  # type: ignore[no-untyped-def]
    try:
        return bool((await js.stream_info("PERSONNEL")).state.messages == expected)
    except Exception:  # noqa: BLE001 - the stream may not exist yet
        return False
