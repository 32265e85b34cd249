"""The scheduler: runs a service's periodic jobs (deadline watches, expiries) as ordinary commands.

Jobs are plain functions that call the service's application with a system identity; whatever they
decide is recorded as events like any other command, so a replay never runs the scheduler. One
scheduler per service is active at a time (a PostgreSQL advisory lock), and each job must be
idempotent: running it twice, or after a restart, records each breach once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import asyncpg

from shared.aio import sleep_unless
from shared.db.errors import DATABASE_UNAVAILABLE
from shared.db.locks import advisory_key
from shared.domain import command_context
from shared.domain.context import scheduler_context

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every_seconds: float
    run: Callable[[], Any]  # synchronous: it calls the eventsourcing application


def run_job(job: Job) -> Any:
    with command_context(scheduler_context(job.name)):
        return job.run()


class Scheduler:
    def __init__(self, service: str, jobs: list[Job], pool: asyncpg.Pool) -> None:
        self.service = service
        self.jobs = jobs
        self._pool = pool

    async def run(self, stop: asyncio.Event) -> None:
        backoff = 0.5
        while not stop.is_set():
            try:
                await self._run_holding_lock(stop)
                backoff = 0.5
            except DATABASE_UNAVAILABLE as exc:
                # The session that held the lock is gone, and the lock with it: take it again
                # before running any more jobs.
                log.warning("scheduler lost its database session; retrying", extra={"error": repr(exc)})
                await sleep_unless(stop, backoff)
                backoff = min(backoff * 2, 5.0)

    async def _run_holding_lock(self, stop: asyncio.Event) -> None:
        async with self._pool.acquire() as conn:
            key = advisory_key(f"zeren-scheduler:{self.service}")
            while not stop.is_set() and not await conn.fetchval("SELECT pg_try_advisory_lock($1)", key):
                await sleep_unless(stop, 2.0)  # another scheduler is active
            due = dict.fromkeys((job.name for job in self.jobs), 0.0)
            while not stop.is_set():
                now = time.monotonic()
                for job in self.jobs:
                    if now >= due[job.name]:
                        try:
                            await asyncio.to_thread(run_job, job)
                        except DATABASE_UNAVAILABLE as exc:  # not a bug: the job runs again next time
                            log.warning("scheduled job missed its run", extra={"job": job.name, "error": repr(exc)})
                        except Exception:
                            log.exception("scheduled job failed", extra={"job": job.name})
                        due[job.name] = time.monotonic() + job.every_seconds
                await sleep_unless(stop, 0.5)
                await conn.fetchval("SELECT 1")  # still the session that holds the lock?
