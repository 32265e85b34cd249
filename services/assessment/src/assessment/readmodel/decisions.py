"""Lists of rankings, decisions, matters and complaints (the `assessment-decisions` projection).

Each list is read a page at a time by keyset: `after` is the sort key of the last row already sent
(the whole ORDER BY, so the key names one row), and callers ask for one row more than they show, to
know whether another page follows.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import asyncpg


async def ranking_lines(
    pool: asyncpg.Pool,
    *,
    subject_type: str,
    subject_id: str | None,
    unit_id: str | None,
    after: tuple[str, int, str] | None,
    limit: int,
) -> list[dict[str, Any]]:
    """Lines newest period first, then by rank and subject. Within one subject type a period and a
    subject name one line, so (period, rank, subject_id) is a key; the period runs DESC and the rest
    ASC, which a row comparison cannot say, hence the spelled-out keyset condition."""
    period, rank, subject = after if after is not None else (None, None, None)
    rows = await pool.fetch(
        "SELECT period, kind, subject_type, subject_id, unit_id, score, rank, grade, bottom, scheme_version,"
        " published_at, published_by FROM ranking_lines"
        " WHERE subject_type = $1 AND ($2::text IS NULL OR subject_id = $2) AND ($3::text IS NULL OR unit_id = $3)"
        " AND ($4::text IS NULL OR period < $4::text"
        " OR (period = $4::text AND (rank, subject_id) > ($5::integer, $6::text)))"
        " ORDER BY period DESC, rank, subject_id LIMIT $7",
        subject_type,
        subject_id,
        unit_id,
        period,
        rank,
        subject,
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
    after: UUID | None,
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


async def rewards(
    pool: asyncpg.Pool,
    *,
    period: str | None,
    subject_type: str | None,
    kind: str | None,
    unit_id: str | None,
    after: UUID | None,
    limit: int,
) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "SELECT * FROM rewards"
        " WHERE ($1::text IS NULL OR period = $1) AND ($2::text IS NULL OR subject_type = $2)"
        " AND ($3::text IS NULL OR kind = $3) AND ($4::text IS NULL OR unit_id = $4)"
        " AND ($5::uuid IS NULL OR reward_id > $5::uuid)"
        " ORDER BY reward_id LIMIT $6",
        period,
        subject_type,
        kind,
        unit_id,
        after,
        limit,
    )
    return [dict(row) for row in rows]


async def matters(
    pool: asyncpg.Pool, *, status: str | None, unit_id: str | None, after: UUID | None, limit: int
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
    pool: asyncpg.Pool, *, status: str | None, unit_id: str | None, after: UUID | None, limit: int
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
