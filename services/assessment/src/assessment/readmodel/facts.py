"""Reading the facts projection: for the write side (psycopg, synchronous, a consistent snapshot
with the positions it reflects) and for the read routes (asyncpg)."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg
import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from assessment.application.ports import FactSnapshot
from assessment.domain.facts import Fact, FactCategory
from assessment.domain.periods import SubjectType
from assessment.projections.facts import FACTS_PROJECTION

# Effective facts of some subject types and a date range, as of the positions in `through` (a JSON
# object producer -> position): facts and retractions after those positions are not seen.
_EFFECTIVE_FACTS = """
SELECT f.* FROM assessment_facts f
 WHERE f.subject_type = ANY({subject_types}) AND f.counts_for BETWEEN {start} AND {end}
   AND f.category <> 'retraction'
   AND f.source_position <= COALESCE(({through}::jsonb ->> f.source_producer)::bigint, 0)
   AND NOT EXISTS (
       SELECT 1 FROM assessment_facts r
        WHERE r.retracts = f.fact_id
          AND r.source_position <= COALESCE(({through}::jsonb ->> r.source_producer)::bigint, 0))
 ORDER BY f.source_producer, f.source_position, f.fact_id
"""
EFFECTIVE_FACTS_PSYCOPG = _EFFECTIVE_FACTS.format(
    subject_types="%(subject_types)s", start="%(start)s", end="%(end)s", through="%(through)s"
)
EFFECTIVE_FACTS_ASYNCPG = _EFFECTIVE_FACTS.format(subject_types="$1", start="$2", end="$3", through="$4")

CURSORS = "SELECT producer, position FROM consumer_cursor WHERE projection = %(projection)s"


def to_fact(row: Mapping[str, Any]) -> Fact:
    return Fact(
        fact_id=row["fact_id"],
        subject_type=SubjectType(row["subject_type"]),
        subject_id=row["subject_id"],
        unit_id=row["unit_id"],
        category=FactCategory(row["category"]),
        code=row["code"],
        value=row["value"],
        counts_for=row["counts_for"],
        source_event_id=row["source_event_id"],
        source_producer=row["source_producer"],
        source_position=row["source_position"],
        source_event_type=row["source_event_type"],
        retracts=row["retracts"],
    )


class PostgresFacts:
    """The write side's `FactSource`. The pool opens on first use, so processes that never rank
    (the relay) hold no connection for it."""

    def __init__(self, database_url: str, schema: str, *, max_size: int = 4) -> None:
        self._pool = ConnectionPool(
            database_url,
            min_size=1,
            max_size=max_size,
            open=False,
            kwargs={"options": f"-c search_path={schema}", "row_factory": dict_row},
        )
        self._lock = threading.Lock()
        self._opened = False

    def read(
        self, subject_type: SubjectType, start: date, end: date, as_of: Mapping[str, int] | None = None
    ) -> FactSnapshot:
        with self._connection() as conn:
            # One snapshot for the positions and the facts, so the positions describe the facts read.
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            with conn.transaction():
                if as_of is None:
                    rows = conn.execute(CURSORS, {"projection": FACTS_PROJECTION}).fetchall()
                    through = {row["producer"]: int(row["position"]) for row in rows}
                else:
                    through = dict(as_of)
                facts = conn.execute(
                    EFFECTIVE_FACTS_PSYCOPG,
                    {"subject_types": [subject_type.value], "start": start, "end": end, "through": json.dumps(through)},
                ).fetchall()
        return FactSnapshot([to_fact(row) for row in facts], through)

    def close(self) -> None:
        with self._lock:
            if self._opened:
                self._pool.close()
                self._opened = False

    def _connection(self) -> Any:
        with self._lock:
            if not self._opened:
                self._pool.open(wait=True, timeout=10)
                self._opened = True
        return self._pool.connection()


async def current_facts(pool: asyncpg.Pool, subject_types: Sequence[SubjectType], start: date, end: date) -> list[Fact]:
    """Effective facts as they stand now (for KPIs and previews on the read side)."""
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read"):
        rows = await conn.fetch(
            "SELECT producer, position FROM consumer_cursor WHERE projection = $1", FACTS_PROJECTION
        )
        through = json.dumps({row["producer"]: int(row["position"]) for row in rows})
        facts = await conn.fetch(EFFECTIVE_FACTS_ASYNCPG, [s.value for s in subject_types], start, end, through)
    return [to_fact(row) for row in facts]


async def facts_by_id(pool: asyncpg.Pool, fact_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The facts named in an explanation, with the events they came from."""
    rows = await pool.fetch(
        "SELECT fact_id, category, code, value, counts_for, retracts, source_producer, source_position,"
        " source_event_id, source_event_type, occurred_at, recorded_at, detail"
        " FROM assessment_facts WHERE fact_id = ANY($1::uuid[])",
        [UUID(i) for i in fact_ids],
    )
    return {str(row["fact_id"]): {**dict(row), "detail": json.loads(row["detail"])} for row in rows}


async def facts_from_events(pool: asyncpg.Pool, event_ids: Sequence[str]) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "SELECT fact_id, subject_type, subject_id, code, value, counts_for, source_producer, source_position,"
        " source_event_id, source_event_type FROM assessment_facts WHERE source_event_id::text = ANY($1::text[])"
        " ORDER BY source_producer, source_position, fact_id",
        list(event_ids),
    )
    return [dict(row) for row in rows]
