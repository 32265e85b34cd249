"""Consumer faults, short variants: consumers crashing around their commit, out-of-order delivery
to competing workers, a worker paused beyond the ack wait, and a live worker slower than it, and a
durable updated to a new ack wait. In each, the projection ends as a clean replay would leave it,
and no event is applied twice."""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import time

import pytest

from assessment.projections import RosterProjection
from personnel.integration import to_integration_event
from shared.devstack.process import free_port
from shared.messaging.consumer import ProjectionRunner
from shared.messaging.streams import ensure_stream, stream_for
from tests.support.backbone import Backbone, table_dump
from tests.support.infra import PostgresServer
from tests.support.oracle import clean_replay
from tests.support.own_loop import WorkerOnItsOwnLoop
from tests.support.relayed import relayed
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

    async def apply(self, conn, event, envelope):
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS applied_order (n bigserial PRIMARY KEY, position bigint NOT NULL)"
        )
        await conn.execute("INSERT INTO applied_order (position) VALUES ($1)", envelope.position)
        await super().apply(conn, event, envelope)


async def test_shuffled_delivery_to_competing_workers_is_applied_in_order_once(backbone: Backbone) -> None:
    await backbone.enroll_and_certify(60)  # 120 events
    envelopes = [envelope for _, envelope in relayed(backbone.personnel, "personnel", to_integration_event)]
    assert len(envelopes) == 120
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
    """A live worker whose first event takes three ack waits to apply (a slow query, say)."""

    def __init__(self) -> None:
        self.stalled = False

    async def apply(self, conn, event, envelope):
        if not self.stalled:
            self.stalled = True
            await asyncio.sleep(3.0)
        await super().apply(conn, event, envelope)


class Deliveries(ProjectionRunner):
    """A runner that notes each delivery it is handed: (stream sequence, delivery count)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seen: list[tuple[int, int]] = []

    async def process(self, msgs):
        self.seen.extend((m.metadata.sequence.stream, m.metadata.num_delivered) for m in msgs)
        await super().process(msgs)


class Paused(Deliveries):
    """A worker whose process stalls for four ack waits with its first batch fetched, as a paused
    process would: its whole event loop stops, so nothing reports the batch in progress."""

    async def process(self, msgs):
        if not self.seen:
            time.sleep(4.0)  # noqa: ASYNC251 - blocking on purpose: the process is paused
        await super().process(msgs)


def competing(projection: RosterProjection, js, pool, kind: type[Deliveries] = Deliveries) -> Deliveries:
    # A short ack wait, so a batch nobody reports in progress goes back to the other worker in a second.
    return kind(projection, "personnel", js=js, pool=pool, batch_size=10, ack_wait=1.0)


async def test_a_worker_paused_beyond_the_ack_wait_does_not_apply_twice(
    backbone: Backbone, database_url: str, nats_url: str
) -> None:
    await backbone.enroll_and_certify(20)
    relay = backbone.start(backbone.relay())
    js = backbone.nc.jetstream()
    await eventually(lambda: _stream_has(js, 40))
    paused = await WorkerOnItsOwnLoop(
        lambda js, pool: competing(RosterProjection(), js, pool, Paused),
        nats_url=nats_url,
        database_url=database_url,
        schema="assessment",
    ).start()
    await asyncio.sleep(0.3)
    other = competing(RosterProjection(), js, backbone.assessment_pool)
    fast = backbone.start(other)
    await eventually(lambda: _count(backbone, APPLIED, 40), timeout=60)
    await asyncio.sleep(4.5)  # let the paused worker wake up and try to commit its stale batch
    await paused.halt()
    for job in (fast, relay):
        await job.halt()
    assert await backbone.assessment_pool.fetchval(APPLIED) == 40
    assert await backbone.assessment_pool.fetchval("SELECT count(*) FROM officer_history") == 40
    assert await backbone.assessment_pool.fetchval("SELECT count(*) FROM roster_officers") == 20
    assert isinstance(paused.runner, Deliveries)
    held = {seq for seq, _ in paused.runner.seen}
    assert held & {seq for seq, delivered in other.seen if delivered > 1}  # the held batch went to the other


async def test_a_live_worker_slower_than_the_ack_wait_keeps_its_batch(backbone: Backbone) -> None:
    """A batch that takes three ack waits is reported in progress, so JetStream does not hand it
    to the competing worker: nothing is delivered twice."""
    await backbone.enroll_and_certify(20)
    relay = backbone.start(backbone.relay())
    js = backbone.nc.jetstream()
    await eventually(lambda: _stream_has(js, 40))
    slow_projection = Slow()
    workers = [competing(slow_projection, js, backbone.assessment_pool)]
    jobs = [backbone.start(workers[0])]
    await asyncio.sleep(0.3)
    workers.append(competing(RosterProjection(), js, backbone.assessment_pool))
    jobs.append(backbone.start(workers[1]))
    await eventually(lambda: _count(backbone, APPLIED, 40), timeout=60)
    for job in (*jobs, relay):
        await job.halt()
    assert slow_projection.stalled
    deliveries = [seq for worker in workers for seq, _ in worker.seen]
    assert sorted(deliveries) == list(range(1, 41))  # each message delivered once, to one worker
    assert await backbone.assessment_pool.fetchval("SELECT count(*) FROM roster_officers") == 20


async def test_a_durable_takes_the_ack_wait_of_the_runner_that_binds_it(backbone: Backbone) -> None:
    """A durable created with an older ack wait is updated in place, keeping its position."""
    await backbone.enroll_and_certify(5)
    relay = backbone.start(backbone.relay())
    js = backbone.nc.jetstream()
    await eventually(lambda: _stream_has(js, 10))
    old = backbone.runner(RosterProjection(), backbone.assessment_pool, ack_wait=30.0)
    running = backbone.start(old)
    await eventually(lambda: _count(backbone, APPLIED, 10), timeout=60)
    await running.halt()
    assert (await js.consumer_info("PERSONNEL", old.durable)).config.ack_wait == 30.0

    await backbone.enroll_and_certify(5, prefix="HX")
    new = backbone.runner(RosterProjection(), backbone.assessment_pool, ack_wait=2.0)
    running = backbone.start(new)
    await eventually(lambda: _count(backbone, APPLIED, 20), timeout=60)
    await running.halt()
    await relay.halt()
    info = await js.consumer_info("PERSONNEL", new.durable)
    assert info.config.ack_wait == 2.0
    assert info.delivered.stream_seq == 20  # resumed where it was, nothing delivered again


async def _count(backbone: Backbone, sql: str, expected: int) -> bool:
    return bool(await backbone.assessment_pool.fetchval(sql) == expected)


async def _stream_has(js, expected: int) -> bool:
    try:
        return bool((await js.stream_info("PERSONNEL")).state.messages == expected)
    except Exception:  # noqa: BLE001 - the stream may not exist yet
        return False
