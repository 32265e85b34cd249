"""The oracle of the fault tests: the same projection replayed cleanly into another database."""

from __future__ import annotations

import asyncio
from typing import Any

from assessment.bootstrap import MIGRATIONS as ASSESSMENT_MIGRATIONS
from shared.messaging.consumer import ProjectionRunner
from shared.messaging.projection import Projection
from tests.support.backbone import Backbone, table_dump
from tests.support.pools import migrated_pool
from tests.support.wait import eventually


class Renamed:
    """The same projection under another durable name, so it replays the stream independently."""

    def __init__(self, projection: Projection, name: str) -> None:
        self._inner = projection
        self.name = name
        self.producers = projection.producers
        self.tables = projection.tables

    async def apply(self, conn: Any, event: Any, envelope: Any) -> None:
        await self._inner.apply(conn, event, envelope)


async def clean_replay(
    backbone: Backbone, oracle_url: str, projection: Projection, expected_applied: int
) -> dict[str, list[Any]]:
    """Replay `projection` from the start of personnel's stream into `oracle_url`; return its tables."""
    async with migrated_pool(oracle_url, "assessment", ASSESSMENT_MIGRATIONS) as pool:
        renamed = Renamed(projection, f"{projection.name}-oracle")
        runner = ProjectionRunner(renamed, "personnel", js=backbone.nc.jetstream(), pool=pool)
        stop = asyncio.Event()
        task = asyncio.create_task(runner.run(stop))
        await eventually(lambda: _applied(pool, renamed.name, expected_applied), timeout=60)
        stop.set()
        await task
        return {table: await table_dump(pool, table) for table in projection.tables}


async def _applied(pool: Any, name: str, expected: int) -> bool:
    return bool(await pool.fetchval("SELECT count(*) FROM consumer_applied WHERE projection = $1", name) == expected)
