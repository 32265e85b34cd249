"""Integration fixtures against the session's PostgreSQL and a fresh NATS: the backbone, an
assessment harness, and a cases application on PostgreSQL with a directory of who may enforce."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import pytest

from cases.application import Cases
from cases.bootstrap import MIGRATIONS as CASES_MIGRATIONS
from shared.db.migrate import migrate_url
from shared.db.pool import create_pool
from shared.db.urls import eventsourcing_env
from shared.domain import FixedClock
from tests.support.assessment import AssessmentHarness
from tests.support.backbone import Backbone
from tests.unit.cases.procedure.support import Directory, World


@pytest.fixture
async def backbone(database_url: str, nats_url: str) -> AsyncIterator[Backbone]:
    opened = await Backbone(database_url, nats_url).open()
    yield opened
    await opened.close()


@pytest.fixture
async def harness(database_url: str, nats_url: str, fixed_clock: FixedClock) -> AsyncIterator[AssessmentHarness]:
    opened = await AssessmentHarness(database_url, nats_url).open()
    yield opened
    await opened.close()


@pytest.fixture
async def cases(database_url: str) -> AsyncIterator[tuple[Cases, World, asyncpg.Pool]]:
    """Cases on PostgreSQL at the end of 2018, officers a, b and c certified, and a pool on its
    schema; what a test records through `World` goes to the real event store."""
    await migrate_url(database_url, "cases", CASES_MIGRATIONS)
    directory = Directory()
    app = await asyncio.to_thread(lambda: Cases(env=eventsourcing_env(database_url, "cases", pool_size=2)))
    app.enforcers = directory
    world = World.over(app, directory, FixedClock(datetime(2018, 12, 31, tzinfo=UTC)))
    for officer in (world.a, world.b, world.c):
        directory.certify(officer)
    pool = await create_pool(database_url, "cases", max_size=2)
    yield app, world, pool
    await pool.close()
    app.close()
