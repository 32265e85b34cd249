"""Lists from the directory, each ordered by a unique key and paged with that key as the cursor."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

# Who may enforce today ($1, the bureau's day), from the present status: the conditions of
# `can_enforce` at an instant of that day, a suspension whose end day has come counting as lapsed.
ROSTER = """
    SELECT c.certificate_no, o.name, o.unit_id, u.name AS unit_name, c.expires_on
    FROM directory_certificates c
    JOIN directory_officers o ON o.officer_id = c.officer_id
    LEFT JOIN directory_units u ON u.unit_id = o.unit_id
    WHERE c.kind = 'enforcement' AND c.scope_field = 'land_resources'
      AND c.issued_on <= $1 AND $1 < c.expires_on
      AND (c.status = 'active'
           OR (c.status = 'suspended' AND c.suspended_until IS NOT NULL AND c.suspended_until <= $1))
      AND (c.review_due_on IS NULL OR $1 < c.review_due_on)
      AND c.last_review_result IS DISTINCT FROM 'failed'
      AND NOT o.removed_from_enforcement_post
      AND ($2::text IS NULL OR c.certificate_no > $2)
    ORDER BY c.certificate_no
    LIMIT $3
"""


async def public_roster(pool: asyncpg.Pool, today: date, limit: int, after: str | None) -> list[dict[str, Any]]:
    """The officers who may enforce today, with the certificate they show (亮证执法)."""
    rows = await pool.fetch(ROSTER, today, after, limit)
    return [dict(row) for row in rows]


async def roster_publications(pool: asyncpg.Pool, before: datetime | None, limit: int) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "SELECT roster_id, as_of, channel, published_at, officers FROM directory_roster_publications"
        " WHERE ($1::timestamptz IS NULL OR published_at < $1) ORDER BY published_at DESC, roster_id LIMIT $2",
        before,
        limit,
    )
    return [dict(row) for row in rows]


async def power_list(pool: asyncpg.Pool, limit: int, after: str | None) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "SELECT power_id, code, category, name, legal_basis, responsible_unit_id, procedure_template_id,"
        " published_at FROM directory_powers WHERE ($1::text IS NULL OR code > $1) ORDER BY code LIMIT $2",
        after,
        limit,
    )
    return [{**dict(row), "legal_basis": json.loads(row["legal_basis"])} for row in rows]


async def officers(
    pool: asyncpg.Pool, unit_id: str | None, limit: int, after: UUID | None, in_service: bool | None = None
) -> list[dict[str, Any]]:
    """`in_service`: True lists those still on the staff, False those who left, None both."""
    rows = await pool.fetch(
        "SELECT officer_id, name, unit_id, staff_kind, post_title, post_rank, enforcement_post,"
        " removed_from_enforcement_post, departed_at, departure_reason FROM directory_officers"
        " WHERE ($1::text IS NULL OR unit_id = $1) AND ($2::uuid IS NULL OR officer_id > $2)"
        " AND ($4::boolean IS NULL OR (departed_at IS NULL) = $4)"
        " ORDER BY officer_id LIMIT $3",
        unit_id,
        after,
        limit,
        in_service,
    )
    return [dict(row) for row in rows]


async def units(pool: asyncpg.Pool) -> list[dict[str, Any]]:
    rows = await pool.fetch("SELECT unit_id, name, kind, head_officer_id FROM directory_units ORDER BY unit_id")
    return [dict(row) for row in rows]


async def assets(pool: asyncpg.Pool, kind: str | None, limit: int, after: str | None) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "SELECT asset_id, asset_no, kind, description, unit_id, officer_id FROM directory_assets"
        " WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR asset_no > $2)"
        " ORDER BY asset_no LIMIT $3",
        kind,
        after,
        limit,
    )
    return [dict(row) for row in rows]
