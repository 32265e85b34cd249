"""A projection dropped and rebuilt from position 0 gives byte-identical rows, also when the rebuild
starts while a batch is being applied."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg

from assessment.projections import RosterProjection
from cases.projections import EnforcersProjection
from shared.messaging.consumer import rebuild
from tests.support.backbone import Backbone, count, table_dump
from tests.support.wait import eventually


async def test_a_rebuilt_projection_has_byte_identical_rows(backbone: Backbone) -> None:
    await backbone.enroll_and_certify(30)
    relay = backbone.start(backbone.relay())
    roster_projection, enforcers_projection = RosterProjection(), EnforcersProjection()
    roster = backbone.start(backbone.runner(roster_projection, backbone.assessment_pool))
    enforcers = backbone.start(backbone.runner(enforcers_projection, backbone.cases_pool))
    applied = "SELECT count(*) FROM consumer_applied WHERE projection = $1"
    await eventually(lambda: _reaches(backbone.assessment_pool, applied, "assessment-roster", 60))
    await eventually(lambda: _reaches(backbone.cases_pool, applied, "cases-enforcers", 60))

    before = {table: await table_dump(backbone.assessment_pool, table) for table in roster_projection.tables}
    before_cases = await table_dump(backbone.cases_pool, "enforcer_certificates")
    assert len(before["officer_history"]) == 60

    # Rebuild while the runners keep running, as an operator would.
    await rebuild(backbone.nc.jetstream(), backbone.assessment_pool, roster_projection)
    await rebuild(backbone.nc.jetstream(), backbone.cases_pool, enforcers_projection)
    assert await count(backbone.assessment_pool, "SELECT count(*) FROM roster_officers") == 0
    await eventually(lambda: _reaches(backbone.assessment_pool, applied, "assessment-roster", 60))
    await eventually(lambda: _reaches(backbone.cases_pool, applied, "cases-enforcers", 60))

    after = {table: await table_dump(backbone.assessment_pool, table) for table in roster_projection.tables}
    assert after == before
    assert await table_dump(backbone.cases_pool, "enforcer_certificates") == before_cases
    for job in (relay, roster, enforcers):
        await job.halt()


class HeldRoster(RosterProjection):
    """The roster, whose `hold_at`-th application waits until released: a batch caught in flight,
    its cursor row locked and nothing of it written yet."""

    def __init__(self, hold_at: int) -> None:
        self.hold_at, self.calls = hold_at, 0
        self.reached, self.release = asyncio.Event(), asyncio.Event()

    async def apply(self, conn: asyncpg.Connection, event: Any, envelope: Any) -> None:
        self.calls += 1
        if self.calls == self.hold_at:
            self.reached.set()
            await self.release.wait()
        await super().apply(conn, event, envelope)


async def test_a_rebuild_waits_for_the_batch_in_flight_and_the_replay_gives_the_same_rows(
    backbone: Backbone,
) -> None:
    await backbone.enroll_and_certify(10)
    relay = backbone.start(backbone.relay())
    held = HeldRoster(hold_at=21)  # the first application after the first 20 events
    roster = backbone.start(backbone.runner(held, backbone.assessment_pool, ack_wait=30))
    applied = "SELECT count(*) FROM consumer_applied WHERE projection = $1"
    await eventually(lambda: _reaches(backbone.assessment_pool, applied, "assessment-roster", 20))
    await backbone.enroll_and_certify(10, prefix="HB")
    await asyncio.wait_for(held.reached.wait(), timeout=30)

    deadlocks = await _deadlocks(backbone.assessment_pool)
    rebuilding = asyncio.create_task(rebuild(backbone.nc.jetstream(), backbone.assessment_pool, held))
    await asyncio.sleep(1.5)  # beyond PostgreSQL's deadlock timeout (1 s): a lock cycle would be broken by now
    assert not rebuilding.done()  # it waits for the batch's cursor lock, before emptying anything
    held.release.set()
    await asyncio.wait_for(rebuilding, timeout=30)

    await eventually(lambda: _reaches(backbone.assessment_pool, applied, "assessment-roster", 40))
    replayed = {table: await table_dump(backbone.assessment_pool, table) for table in held.tables}
    # The reference: a rebuild with nothing in flight, known to give the same rows as the first run.
    await rebuild(backbone.nc.jetstream(), backbone.assessment_pool, held)
    await eventually(lambda: _reaches(backbone.assessment_pool, applied, "assessment-roster", 40))
    assert {table: await table_dump(backbone.assessment_pool, table) for table in held.tables} == replayed
    assert len(replayed["officer_history"]) == 40
    # Neither the rebuild nor the batch it waited for was broken off as a deadlock's victim.
    assert await _deadlocks(backbone.assessment_pool) == deadlocks
    for job in (relay, roster):
        await job.halt()


async def _deadlocks(pool: asyncpg.Pool) -> int:
    async with pool.acquire() as conn:
        await conn.execute("SELECT pg_stat_clear_snapshot()")
        return int(await conn.fetchval("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"))


async def _reaches(pool, sql: str, projection: str, expected: int) -> bool:
    return bool(await pool.fetchval(sql, projection) == expected)
