"""asyncpg SELECTs behind the assessment read routes."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg


async def certified_roster(pool: asyncpg.Pool, as_of: date) -> list[dict[str, Any]]:
    """Officers holding at least one active certificate valid on `as_of`, with those certificates."""
    rows = await pool.fetch(
        "SELECT o.officer_id, o.name, o.unit_id, c.certificate_no, c.issued_on, c.expires_on, c.scope_field"
        " FROM roster_officers o JOIN roster_certificates c ON c.officer_id = o.officer_id"
        " WHERE c.status = 'active' AND c.issued_on <= $1 AND $1 < c.expires_on"
        " ORDER BY o.unit_id, o.name, o.officer_id, c.certificate_no",
        as_of,
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


async def officer_history(pool: asyncpg.Pool, officer_id: UUID) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "SELECT * FROM officer_history WHERE officer_id = $1 ORDER BY occurred_at, recorded_at, producer, position",
        officer_id,
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
