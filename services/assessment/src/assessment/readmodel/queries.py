"""asyncpg SELECTs behind the assessment read routes.

Lists are read a page at a time by keyset: `after` is the sort key of the last row already sent,
and callers ask for one row more than they show, to know whether another page follows.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from assessment.domain.kpis import PostHolder
from assessment.projections.roster import LIFECYCLE
from shared.contracts.personnel import day_start

LAND_RESOURCES = "land_resources"


async def certified_roster(
    pool: asyncpg.Pool, as_of: date, *, after: tuple[str, str, UUID] | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Officers who could enforce at the close of `as_of` (DOMAIN §2.2), with the certificates that
    allowed it: a suspension, revocation, cancellation, replacement, failed or overdue review, expiry
    or removal from the enforcement post in force at that instant takes the officer off the roster.

    At most `limit` officers, ordered by (unit, name, officer id), after `after`. Whether an officer
    is on the roster is decided here, not in SQL, so the SQL narrows by the key but cannot LIMIT."""
    at = day_start(as_of + timedelta(days=1)) - timedelta(microseconds=1)
    unit, name, officer = after if after is not None else (None, None, None)
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        rows = await conn.fetch(
            "SELECT o.officer_id, o.name, o.unit_id, c.certificate_no, c.kind, c.scope_field, c.issued_on,"
            " c.expires_on, c.review_due_on FROM roster_officers o"
            " JOIN roster_certificates c ON c.officer_id = o.officer_id"
            " WHERE c.issued_on <= $1 AND $1 < c.expires_on"
            " AND ($2::text IS NULL OR (o.unit_id, o.name, o.officer_id) > ($2::text, $3::text, $4::uuid))"
            " ORDER BY o.unit_id, o.name, o.officer_id, c.certificate_no",
            as_of,
            unit,
            name,
            officer,
        )
        history = await LIFECYCLE.history(
            conn, [row["certificate_no"] for row in rows], [row["officer_id"] for row in rows]
        )
    roster: dict[UUID, dict[str, Any]] = {}
    for row in rows:
        record = history.certificate(
            row["certificate_no"],
            kind=row["kind"],
            scope_field=row["scope_field"],
            issued_on=row["issued_on"],
            expires_on=row["expires_on"],
            review_due_on=row["review_due_on"],
        )
        usable = record.kind == "enforcement" and record.scope_field == LAND_RESOURCES
        if history.removed_at(row["officer_id"], at) or not usable or record.unusable_reason(at) is not None:
            continue
        if row["officer_id"] not in roster and limit is not None and len(roster) == limit:
            break  # rows come in roster order: the page is full
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


async def post_holders(pool: asyncpg.Pool, as_of: date) -> list[PostHolder]:
    """Officers holding an enforcement post at the close of `as_of`, in the unit they were in then,
    and whether each could enforce at that instant (the certified-ratio KPI)."""
    at = day_start(as_of + timedelta(days=1)) - timedelta(microseconds=1)
    postings = await pool.fetch(
        "SELECT DISTINCT ON (officer_id) officer_id, unit_id, enforcement_post FROM roster_postings"
        " WHERE starts_at <= $1 ORDER BY officer_id, starts_at DESC, position DESC",
        at,
    )
    certified = {row["officer_id"] for row in await certified_roster(pool, as_of)}
    return [
        PostHolder(str(row["officer_id"]), row["unit_id"], row["officer_id"] in certified)
        for row in postings
        if row["enforcement_post"]
    ]


async def officer_unit(pool: asyncpg.Pool, officer_id: UUID) -> str | None:
    """The officer's unit as the roster knows it now; None for an officer not projected."""
    unit: str | None = await pool.fetchval("SELECT unit_id FROM roster_officers WHERE officer_id = $1", officer_id)
    return unit


async def officer_history(
    pool: asyncpg.Pool,
    officer_id: UUID,
    *,
    after: tuple[str, int] | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """An officer's entries in the order they were recorded, (producer, position), after `after`.

    That order is the one in which the roster projection appends them (one producer, personnel, in
    its order), so a page never skips an entry that arrives later: one recorded late, with an earlier
    business time, still comes after every entry already handed out. `oldest_first` orders a page
    for display."""
    producer, position = after if after is not None else (None, None)
    rows = await pool.fetch(
        "SELECT * FROM officer_history WHERE officer_id = $1"
        " AND ($2::text IS NULL OR (producer, position) > ($2::text, $3::bigint))"
        " ORDER BY producer, position LIMIT $4::bigint",
        officer_id,
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


def oldest_first(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """History entries for display: by business time, then recorded time, then position."""
    return sorted(entries, key=lambda e: (e["occurred_at"], e["recorded_at"], e["producer"], e["position"]))
