"""The body-camera register, from the `cases-body-cameras` projection of personnel's asset events.

Two readers: the write side, which accepts a clip only from a registered camera (`registered`,
psycopg, through `ProjectedCameraRegister`), and the API's list (`body_cameras`, asyncpg).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import asyncpg

from cases.readmodel.connections import ReadModelConnections


class ProjectedCameraRegister:
    def __init__(self, connections: ReadModelConnections) -> None:
        self._connections = connections

    def registered(self, device_ids: Collection[str]) -> set[str]:
        with self._connections.connection() as conn:
            rows = conn.execute("SELECT asset_no FROM body_cameras WHERE asset_no = ANY(%s)", (list(device_ids),))
            return {row[0] for row in rows.fetchall()}

    def close(self) -> None:
        self._connections.close()  # shared with the other adapters; closing twice is harmless


async def body_cameras(pool: asyncpg.Pool, *, after: str | None, limit: int) -> list[dict[str, Any]]:
    """At most `limit` cameras by asset number, after `after` (a page)."""
    rows = await pool.fetch(
        "SELECT asset_no, asset_id, description, unit_id, officer_id, assigned_at FROM body_cameras"
        " WHERE $1::text IS NULL OR asset_no > $1 ORDER BY asset_no LIMIT $2",
        after,
        limit,
    )
    return [dict(row) for row in rows]
