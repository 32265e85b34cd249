"""A service's schema migrated on a test database, and a small asyncpg pool on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

from shared.db.migrate import MigrationSource, migrate_url
from shared.db.pool import create_pool


@asynccontextmanager
async def migrated_pool(
    database_url: str, schema: str, migrations: list[MigrationSource]
) -> AsyncIterator[asyncpg.Pool]:
    await migrate_url(database_url, schema, migrations)
    pool = await create_pool(database_url, schema, max_size=2)
    try:
        yield pool
    finally:
        await pool.close()
