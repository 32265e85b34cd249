"""Deadline breaches on PostgreSQL: recorded once when two schedulers race, when one runs twice, and
after a restart; the scheduler role itself (advisory lock, job loop) records them as a system actor."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest

from cases.application import Cases
from cases.bootstrap import MIGRATIONS, scheduled_jobs
from cases.readmodel.connections import ReadModelConnections
from cases.readmodel.standing import ProjectedEnforcerDirectory
from shared.db.migrate import migrate_url
from shared.db.pool import create_pool
from shared.db.urls import eventsourcing_env
from shared.domain import FixedClock, set_clock
from shared.scheduler import Scheduler
from tests.support.wait import eventually
from tests.unit.cases.procedure.support import Directory, World, acting, at


@pytest.fixture
async def open_app(database_url: str) -> AsyncIterator[Callable[[], Cases]]:
    """Opens applications on one event store, as several scheduler processes would."""
    await migrate_url(database_url, "cases", MIGRATIONS)
    opened: list[Cases] = []

    def open_one() -> Cases:
        cases = Cases(
            env=eventsourcing_env(database_url, "cases", pool_size=2),
            enforcers=ProjectedEnforcerDirectory(ReadModelConnections(database_url, "cases")),
        )
        opened.append(cases)
        return cases

    clock = FixedClock(datetime(2018, 3, 2, 12, tzinfo=UTC))
    previous = set_clock(clock)
    try:
        yield open_one
    finally:
        set_clock(previous)
        for cases in opened:
            cases.close()


def unfiled_lead(cases: Cases) -> UUID:
    """A violation confirmed on Friday 2 March 2018 and never filed: filing was due by 16 March."""
    directory = Directory()
    world = World.over(cases, directory, FixedClock(datetime(2018, 3, 2, 12, tzinfo=UTC)))
    directory.certify(world.a)
    directory.certify(world.b)
    cases.enforcers = directory
    with acting():
        lead = world.lead(received_at=at("2018-03-01"))
        world.verify(lead)
    return lead


def breaches(cases: Cases, lead: UUID) -> list[tuple[str, date, str]]:
    return [(e.kind, e.due_on, e.actor_id) for e in cases.stored_events(lead) if type(e).__name__ == "DeadlineBreached"]


async def test_two_schedulers_racing_record_each_breach_once(open_app: Callable[[], Cases]) -> None:
    first, second = await asyncio.to_thread(open_app), await asyncio.to_thread(open_app)
    lead = await asyncio.to_thread(unfiled_lead, first)
    set_clock(FixedClock(datetime(2018, 3, 20, 12, tzinfo=UTC)))
    barrier = threading.Barrier(2)

    def watch(cases: Cases) -> Any:
        barrier.wait()
        return cases.watch_deadlines()

    results = await asyncio.gather(asyncio.to_thread(watch, first), asyncio.to_thread(watch, second))
    assert sorted(len(r) for r in results) == [0, 1]  # the loser of the race records nothing
    again = await asyncio.to_thread(second.watch_deadlines)
    restarted = await asyncio.to_thread(open_app)
    after_restart = await asyncio.to_thread(restarted.watch_deadlines)
    assert again == after_restart == []
    assert [(k, d) for k, d, _ in await asyncio.to_thread(breaches, restarted, lead)] == [("filing", date(2018, 3, 16))]


async def test_the_scheduler_role_records_a_breach_once_across_a_restart(
    open_app: Callable[[], Cases], database_url: str
) -> None:
    cases = await asyncio.to_thread(open_app)
    lead = await asyncio.to_thread(unfiled_lead, cases)
    set_clock(FixedClock(datetime(2018, 3, 20, 12, tzinfo=UTC)))
    pool = await create_pool(database_url, "cases", max_size=2)
    try:
        for _ in range(2):  # run, stop, start again: the second run finds the breach already recorded
            cases.deadline_watch_seconds = 0.2
            scheduler = Scheduler("cases", scheduled_jobs(cases), pool)
            stop = asyncio.Event()
            task = asyncio.create_task(scheduler.run(stop))
            running = cases
            await eventually(lambda: asyncio.to_thread(breaches, running, lead))  # noqa: B023 - awaited here
            await asyncio.sleep(0.6)  # a few more runs of the job
            stop.set()
            await asyncio.wait_for(task, timeout=10)
            cases = await asyncio.to_thread(open_app)
    finally:
        await pool.close()
    recorded = await asyncio.to_thread(breaches, cases, lead)
    assert recorded == [("filing", date(2018, 3, 16), "scheduler:deadline-watch")]
