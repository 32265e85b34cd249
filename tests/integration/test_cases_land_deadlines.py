"""The land deadline watches on PostgreSQL: a missed monthly clearance (月清) or filing deadline is
recorded exactly once, whether the job runs twice, runs in two schedulers at once, or restarts."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError

from cases.application import Cases
from cases.bootstrap import MIGRATIONS, scheduled_jobs
from cases.domain.satellite_terms import PatchClass
from shared.db.migrate import migrate_url
from shared.db.pool import create_pool
from shared.db.urls import eventsourcing_env
from shared.domain import FixedClock
from shared.scheduler import Job, Scheduler, run_job
from tests.support.wait import eventually
from tests.unit.cases.land.normative_helpers import published
from tests.unit.cases.land.satellite_helpers import batch, classified, patches, reported, verified

CLEARANCE_JOB = "satellite-monthly-clearance"
FILING_JOB = "normative-document-filing-deadline"


@pytest.fixture
def open_cases(database_url: str) -> Iterator[list[Cases]]:
    """Cases applications on one database; each call to `start()` is a process (re)starting."""
    asyncio.run(migrate_url(database_url, "cases", MIGRATIONS))
    started: list[Cases] = []
    yield started
    for application in started:
        application.close()


def start(database_url: str, started: list[Cases]) -> Cases:
    application = Cases(env=eventsourcing_env(database_url, "cases", pool_size=4))
    started.append(application)
    return application


def job(application: Cases, name: str) -> Job:
    return next(j for j in scheduled_jobs(application) if j.name == name)


def breaches(application: Cases, aggregate_id: UUID, kind: str) -> int:
    return sum(type(e).__name__ == kind for e in application.stored_events(aggregate_id))


def overdue_batch(application: Cases, clock: FixedClock) -> UUID:
    """A January batch (due 28 February) with one of its two patches reported; now 1 March."""
    clock.set(datetime(2018, 2, 10, 2, 0, tzinfo=UTC))
    batch_id = batch(application, period="2018-01", count=2, received="2018-02-05")
    done, _forgotten = patches(application, batch_id, "J-1", "J-2")
    verified(application, done, day="2018-02-08")
    classified(application, done, PatchClass.FALSE_CHANGE, measured=1, cultivated=0)
    reported(application, done, "2018-02-09")
    clock.set(datetime(2018, 3, 1, 2, 0, tzinfo=UTC))
    return batch_id


def test_the_clearance_breach_is_recorded_once_when_the_job_runs_twice_and_after_a_restart(
    database_url: str, open_cases: list[Cases], fixed_clock: FixedClock
) -> None:
    first = start(database_url, open_cases)
    batch_id = overdue_batch(first, fixed_clock)
    assert run_job(job(first, CLEARANCE_JOB)) == 1
    assert run_job(job(first, CLEARANCE_JOB)) == 0
    first.close()
    open_cases.remove(first)

    restarted = start(database_url, open_cases)
    assert run_job(job(restarted, CLEARANCE_JOB)) == 0
    assert breaches(restarted, batch_id, "ClearanceBreached") == 1
    breach = restarted.stored_events(batch_id)[-1]
    assert (breach.actor_id, breach.actor_role) == (f"scheduler:{CLEARANCE_JOB}", "system")
    assert breach.missing_registrations == 0
    assert len(breach.unreported_patch_ids) == 1


def test_two_schedulers_running_the_job_at_once_record_one_breach(
    database_url: str, open_cases: list[Cases], fixed_clock: FixedClock
) -> None:
    one, other = start(database_url, open_cases), start(database_url, open_cases)
    batch_id = overdue_batch(one, fixed_clock)
    gate = threading.Barrier(2)
    outcomes: list[object] = []

    def run(application: Cases) -> None:
        gate.wait()
        try:
            outcomes.append(run_job(job(application, CLEARANCE_JOB)))
        except IntegrityError as conflict:  # the other one committed first: its verdict stands
            outcomes.append(conflict)

    threads = [threading.Thread(target=run, args=(app,)) for app in (one, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(map(str, outcomes)).count("1") == 1
    assert breaches(one, batch_id, "ClearanceBreached") == 1


async def test_the_scheduler_process_records_the_breaches_once_across_a_restart(
    database_url: str, open_cases: list[Cases], fixed_clock: FixedClock
) -> None:
    application = start(database_url, open_cases)
    batch_id = await asyncio.to_thread(overdue_batch, application, fixed_clock)
    fixed_clock.set(datetime(2018, 1, 16, 2, 0, tzinfo=UTC))
    doc_id = await asyncio.to_thread(published, application)  # due 14 February, never filed
    fixed_clock.set(datetime(2018, 3, 1, 2, 0, tzinfo=UTC))
    pool = await create_pool(database_url, "cases", max_size=2)
    runs = {FILING_JOB: 0, CLEARANCE_JOB: 0}

    def counted(each: Job) -> Job:
        def run() -> object:
            result = each.run()
            runs[each.name] += 1
            return result

        return Job(each.name, each.every_seconds, run)

    try:
        for _ in range(2):  # the second pass is the scheduler restarting
            before = dict(runs)
            stop = asyncio.Event()
            scheduler = Scheduler("cases", [counted(j) for j in scheduled_jobs(application)], pool)
            task = asyncio.create_task(scheduler.run(stop))
            await eventually(partial(_all_ran_again, runs, before))
            stop.set()
            await asyncio.wait_for(task, timeout=15)
    finally:
        await pool.close()
    assert breaches(application, batch_id, "ClearanceBreached") == 1
    assert breaches(application, doc_id, "FilingDeadlineBreached") == 1


async def _all_ran_again(runs: dict[str, int], before: dict[str, int]) -> bool:
    return all(runs[name] > before[name] for name in runs)
