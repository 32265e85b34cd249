"""asyncpg pools scoped to one service's schema."""

from __future__ import annotations

import asyncpg


async def create_pool(database_url: str, schema: str, *, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(
        dsn=database_url,
        min_size=min_size,
        max_size=max_size,
        command_timeout=30,
        server_settings={"search_path": schema, "application_name": f"zeren-{schema}"},
    )
    assert pool is not None
    return pool
