"""asyncpg SELECTs behind the assessment read routes.

Lists are read a page at a time by keyset: `after` is the sort key of the last row already sent,
and callers ask for one row more than they show, to know whether another page follows.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg


async def certified_roster(
    pool: asyncpg.Pool, as_of: date, *, after: tuple[str, str, UUID] | None = None, limit: int
) -> list[dict[str, Any]]:
    """Officers holding at least one active certificate valid on `as_of`, with those certificates,
    ordered by (unit, name, officer id) and starting after `after`."""
    unit, name, officer = after if after is not None else (None, None, None)
    rows = await pool.fetch(
        "WITH page AS ("
        " SELECT o.officer_id, o.name, o.unit_id FROM roster_officers o"
        " WHERE EXISTS (SELECT 1 FROM roster_certificates c WHERE c.officer_id = o.officer_id"
        " AND c.status = 'active' AND c.issued_on <= $1 AND $1 < c.expires_on)"
        " AND ($2::text IS NULL OR (o.unit_id, o.name, o.officer_id) > ($2::text, $3::text, $4::uuid))"
        " ORDER BY o.unit_id, o.name, o.officer_id LIMIT $5)"
        " SELECT p.officer_id, p.name, p.unit_id, c.certificate_no, c.issued_on, c.expires_on, c.scope_field"
        " FROM page p JOIN roster_certificates c ON c.officer_id = p.officer_id"
        " WHERE c.status = 'active' AND c.issued_on <= $1 AND $1 < c.expires_on"
        " ORDER BY p.unit_id, p.name, p.officer_id, c.certificate_no",
        as_of,
        unit,
        name,
        officer,
        limit,
    )
    roster: dict[UUID, dict[str, Any]] = {}
    for row in rows:
        entry = roster.setdefault(
            row["officer_id"],
            {"officer_id": row["officer_id"], "name": row["name"], "unit_id": row["unit_id"], "certificates": []},
        )
        entry["certificates"].append(
            {
                "certificate_no": row["certificate_no"],
                "issued_on": row["issued_on"],
                "expires_on": row["expires_on"],
                "scope_field": row["scope_field"],
            }
        )
    return list(roster.values())


async def officer_known(pool: asyncpg.Pool, officer_id: UUID) -> bool:
    return bool(await pool.fetchval("SELECT 1 FROM roster_officers WHERE officer_id = $1", officer_id))


async def officer_history(
    pool: asyncpg.Pool,
    officer_id: UUID,
    *,
    after: tuple[datetime, datetime, str, int] | None = None,
    limit: int,
) -> list[dict[str, Any]]:
    """An officer's events ordered by (occurred_at, recorded_at, producer, position), after `after`."""
    occurred, recorded, producer, position = after if after is not None else (None, None, None, None)
    rows = await pool.fetch(
        "SELECT * FROM officer_history WHERE officer_id = $1"
        " AND ($2::timestamptz IS NULL OR (occurred_at, recorded_at, producer, position)"
        " > ($2::timestamptz, $3::timestamptz, $4::text, $5::bigint))"
        " ORDER BY occurred_at, recorded_at, producer, position LIMIT $6",
        officer_id,
        occurred,
        recorded,
        producer,
        position,
        limit,
    )
    return [
        {
            "event_id": row["event_id"],
            "event_type": row["event_type"],
            "producer": row["producer"],
            "position": row["position"],
            "aggregate_id": row["aggregate_id"],
            "aggregate_version": row["aggregate_version"],
            "occurred_at": row["occurred_at"],
            "recorded_at": row["recorded_at"],
            "actor": {"id": row["actor_id"], "role": row["actor_role"]},
            "correlation_id": row["correlation_id"],
            "causation_id": row["causation_id"],
            "data": json.loads(row["payload"]),
        }
        for row in rows
    ]
