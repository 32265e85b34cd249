"""Readiness checks for an API process."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg

from shared.web.health import Dependency


def postgres_dependency(application: Any) -> Dependency:
    """PostgreSQL answers, through the same pool the event store uses."""

    async def check() -> None:
        await asyncio.to_thread(application.recorder.max_notification_id)

    return Dependency(check)


def pool_dependency(pool: asyncpg.Pool) -> Dependency:
    async def check() -> None:
        async with pool.acquire(timeout=2) as conn:
            await conn.fetchval("SELECT 1")

    return Dependency(check)
