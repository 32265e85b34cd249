"""Cases on PostgreSQL for an integration test: its schema migrated, its application on the real
event store with the given view of who may enforce (and of the body cameras), a pool on its schema,
and the clock fixed at the end of 2018 while the test runs."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import asyncpg

from cases.application import Cases
from cases.bootstrap import MIGRATIONS
from shared.db.migrate import migrate_url
from shared.db.pool import create_pool
from shared.db.urls import eventsourcing_env
from shared.domain import FixedClock, set_clock
from tests.unit.cases.procedure.support import World


@contextlib.asynccontextmanager
async def cases_on_postgres(
    database_url: str, *, enforcers: Any, **views: Any
) -> AsyncIterator[tuple[World, asyncpg.Pool]]:
    await migrate_url(database_url, "cases", MIGRATIONS)
    cases = await asyncio.to_thread(
        lambda: Cases(env=eventsourcing_env(database_url, "cases", pool_size=2), enforcers=enforcers, **views)
    )
    pool = await create_pool(database_url, "cases", max_size=2)
    clock = FixedClock(datetime(2018, 12, 31, tzinfo=UTC))
    previous = set_clock(clock)
    try:
        yield World.over(cases, enforcers, clock), pool
    finally:
        set_clock(previous)
        await pool.close()
        cases.close()
