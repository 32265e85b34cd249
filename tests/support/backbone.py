"""The backbone's pieces, in-process, against real PostgreSQL and NATS: personnel's event store and
relay, and the projections of assessment and cases, each runnable and stoppable by a test."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import asyncpg
import nats
from nats.aio.client import Client

from assessment.bootstrap import MIGRATIONS as ASSESSMENT_MIGRATIONS
from cases.bootstrap import MIGRATIONS as CASES_MIGRATIONS
from personnel.application import Personnel
from personnel.bootstrap import MIGRATIONS as PERSONNEL_MIGRATIONS
from personnel.integration import to_integration_event
from shared.db.migrate import migrate_url
from shared.db.pool import create_pool
from shared.db.urls import eventsourcing_env
from shared.messaging.consumer import ProjectionRunner
from shared.messaging.projection import Projection
from shared.messaging.relay import Relay
from tests.support.jobs import Jobs, Running
from tests.support.personnel import seed_certificate, seed_officer


@dataclass
class Backbone:
    database_url: str
    nats_url: str
    personnel: Personnel = field(init=False)
    personnel_pool: asyncpg.Pool = field(init=False)
    assessment_pool: asyncpg.Pool = field(init=False)
    cases_pool: asyncpg.Pool = field(init=False)
    nc: Client = field(init=False)
    jobs: Jobs = field(default_factory=Jobs)

    async def open(self) -> Backbone:
        await migrate_url(self.database_url, "personnel", PERSONNEL_MIGRATIONS)
        await migrate_url(self.database_url, "assessment", ASSESSMENT_MIGRATIONS)
        await migrate_url(self.database_url, "cases", CASES_MIGRATIONS)
        self.personnel = await asyncio.to_thread(
            lambda: Personnel(env=eventsourcing_env(self.database_url, "personnel", pool_size=4))
        )
        self.personnel_pool = await create_pool(self.database_url, "personnel", max_size=3)
        self.assessment_pool = await create_pool(self.database_url, "assessment", max_size=3)
        self.cases_pool = await create_pool(self.database_url, "cases", max_size=3)
        self.nc = await nats.connect(self.nats_url, max_reconnect_attempts=-1, reconnect_time_wait=0.2)
        return self

    async def close(self) -> None:
        await self.jobs.halt_all()
        await self.nc.close()
        for pool in (self.personnel_pool, self.assessment_pool, self.cases_pool):
            await pool.close()
        self.personnel.close()

    def relay(self, **kwargs: Any) -> Relay:
        return Relay(
            producer="personnel",
            recorder=self.personnel.recorder,
            mapper=self.personnel.mapper,
            translate=to_integration_event,
            nc=self.nc,
            pool=self.personnel_pool,
            channel="personnel_events",
            idle_seconds=0.2,
            **kwargs,
        )

    def runner(self, projection: Projection, pool: asyncpg.Pool, **kwargs: Any) -> ProjectionRunner:
        return ProjectionRunner(projection, "personnel", js=self.nc.jetstream(), pool=pool, **kwargs)

    def start(self, job: Any) -> Running:
        return self.jobs.start(job)

    async def enroll_and_certify(self, n: int, *, prefix: str = "HN") -> list[UUID]:
        """`n` officers, each with one certificate: 2n public events (officers and certificates seeded, see
        `tests.support.personnel.seed_officer` and `seed_certificate`)."""

        def write() -> list[UUID]:
            ids = []
            for i in range(n):
                officer = seed_officer(self.personnel, f"officer {prefix}-{i}", f"STN{i % 10 + 1:02d}")
                seed_certificate(self.personnel, officer.id, f"{prefix}-{i:05d}")
                ids.append(officer.id)
            return ids

        return await asyncio.to_thread(write)


async def table_dump(pool: asyncpg.Pool, table: str) -> list[tuple[Any, ...]]:
    """Every row of `table` as text, in a total order: what "byte-identical" compares."""
    rows = await pool.fetch(f'SELECT t::text AS row FROM "{table}" t ORDER BY 1')
    return [row["row"] for row in rows]


async def count(pool: asyncpg.Pool, sql: str, *args: Any) -> int:
    return int(await pool.fetchval(sql, *args))
