"""The lists of leads and cases behind `GET /leads` and `GET /cases`: a unit's own, newest first,
paged with a keyset cursor (the time and id of the last row seen)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None


def encode_cursor(at: datetime, row_id: UUID) -> str:
    return f"{at.isoformat()}|{row_id}"


def decode_cursor(cursor: str) -> tuple[datetime, UUID]:
    at, _, row_id = cursor.partition("|")
    return datetime.fromisoformat(at), UUID(row_id)


async def _page(
    pool: asyncpg.Pool,
    sql: str,
    args: list[Any],
    *,
    time_column: str,
    id_column: str,
    limit: int,
    cursor: str | None,
) -> Page:
    if cursor is not None:
        at, row_id = decode_cursor(cursor)
        args += [at, row_id]
        sql += f" AND ({time_column}, {id_column}) < (${len(args) - 1}, ${len(args)})"
    sql += f" ORDER BY {time_column} DESC, {id_column} DESC LIMIT {limit + 1}"
    rows = [dict(row) for row in await pool.fetch(sql, *args)]
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1][time_column], rows[-1][id_column]) if more else None
    return Page(rows, next_cursor)


async def list_leads(
    pool: asyncpg.Pool, *, unit_id: str | None, open_only: bool, limit: int, cursor: str | None
) -> Page:
    sql = "SELECT * FROM procedure_leads WHERE ($1::text IS NULL OR unit_id = $1)"
    if open_only:
        sql += " AND settlement IS NULL"
    return await _page(pool, sql, [unit_id], time_column="received_at", id_column="lead_id", limit=limit, cursor=cursor)


async def list_cases(
    pool: asyncpg.Pool, *, unit_id: str | None, stage: str | None, breached_only: bool, limit: int, cursor: str | None
) -> Page:
    sql = "SELECT * FROM procedure_cases WHERE ($1::text IS NULL OR unit_id = $1) AND ($2::text IS NULL OR stage = $2)"
    if breached_only:
        sql += " AND cardinality(breaches) > 0"
    return await _page(
        pool, sql, [unit_id, stage], time_column="filed_at", id_column="case_id", limit=limit, cursor=cursor
    )
