"""Lists of rankings, decisions and matters (the `assessment-decisions` projection)."""

from __future__ import annotations

import json
from typing import Any

import asyncpg


async def ranking_lines(
    pool: asyncpg.Pool, *, subject_type: str, subject_id: str | None, unit_id: str | None, limit: int
) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "SELECT period, kind, subject_type, subject_id, unit_id, score, rank, grade, bottom, scheme_version,"
        " published_at, published_by FROM ranking_lines"
        " WHERE subject_type = $1 AND ($2::text IS NULL OR subject_id = $2) AND ($3::text IS NULL OR unit_id = $3)"
        " ORDER BY period DESC, rank, subject_id LIMIT $4",
        subject_type,
        subject_id,
        unit_id,
        limit,
    )
    return [dict(row) for row in rows]


async def decisions(
    pool: asyncpg.Pool,
    *,
    period: str | None,
    kind: str | None,
    status: str | None,
    unit_id: str | None,
    after: str | None,
    limit: int,
) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "SELECT * FROM decisions"
        " WHERE ($1::text IS NULL OR period = $1) AND ($2::text IS NULL OR kind = $2)"
        " AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR unit_id = $4)"
        " AND ($5::uuid IS NULL OR decision_id > $5::uuid)"
        " ORDER BY decision_id LIMIT $6",
        period,
        kind,
        status,
        unit_id,
        after,
        limit,
    )
    return [{**dict(row), "detail": json.loads(row["detail"])} for row in rows]


async def matters(
    pool: asyncpg.Pool, *, status: str | None, unit_id: str | None, after: str | None, limit: int
) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "SELECT m.*, (SELECT count(*) FROM matter_sanctions s WHERE s.matter_id = m.matter_id AND NOT s.revoked)"
        " AS sanctions_in_force FROM matters m"
        " WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR unit_id = $2)"
        " AND ($3::uuid IS NULL OR matter_id > $3::uuid) ORDER BY matter_id LIMIT $4",
        status,
        unit_id,
        after,
        limit,
    )
    return [dict(row) for row in rows]


async def complaints(
    pool: asyncpg.Pool, *, status: str | None, unit_id: str | None, after: str | None, limit: int
) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "SELECT * FROM complaints WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR unit_id = $2)"
        " AND ($3::uuid IS NULL OR complaint_id > $3::uuid) ORDER BY complaint_id LIMIT $4",
        status,
        unit_id,
        after,
        limit,
    )
    return [dict(row) for row in rows]
