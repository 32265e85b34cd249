"""Writing facts: what a mapper returns, and the inserts.

A mapper returns three kinds of rows:

- `NewFact`: one fact. Its id derives from `key`. Two events may stand for the same observation (a
  deadline breach and the late step it was about): both write the same key with `first_wins`, and
  the fact written first stands. A fact may belong to a `group` (`lead/<id>/stopped_early`), so a
  later event can retract the group without knowing which subjects it named.
- `Retraction`: cancels the fact of one key (nothing, if that fact was never written).
- `RetractGroup`: cancels every fact of a group still in effect (a ratio recomputed replaces the
  previous one; a stop order replaces "not stopped yet").

Every statement reads only rows this projection wrote before, from the same producer's earlier
events, so a rebuild writes the same rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import asyncpg

from assessment.domain.facts import FactCategory, fact_id_for
from assessment.domain.periods import SubjectType
from shared.domain.calendar import BUREAU_TIMEZONE
from shared.messaging.envelope import Envelope


@dataclass(frozen=True)
class NewFact:
    key: str  # the fact id derives from it
    subject_type: SubjectType
    subject_id: str
    unit_id: str
    category: FactCategory
    code: str
    value: Decimal
    counts_for: date
    detail: dict[str, Any] = field(default_factory=dict)
    group: str | None = None  # a `RetractGroup` of this name cancels the fact
    first_wins: bool = False  # another event may write the same key: the first written stands


@dataclass(frozen=True)
class Retraction:
    key: str
    retracts_key: str  # the key of the fact it cancels


@dataclass(frozen=True)
class RetractGroup:
    key: str  # each retraction's id derives from it and the id of the fact it cancels
    group: str


Written = NewFact | Retraction | RetractGroup


def local_day(moment: datetime) -> date:
    return moment.astimezone(BUREAU_TIMEZONE).date()


_COLUMNS = (
    "fact_id, subject_type, subject_id, unit_id, category, code, value, counts_for, retracts, source_producer,"
    " source_position, source_event_id, source_event_type, occurred_at, recorded_at, detail"
)


async def write(conn: asyncpg.Connection, rows: list[Written], envelope: Envelope) -> None:
    source = (
        envelope.producer,
        envelope.position,
        envelope.event_id,
        envelope.event_type,
        envelope.occurred_at,
        envelope.recorded_at,
    )
    for row in rows:
        if isinstance(row, NewFact):
            await _new_fact(conn, row, source)
        elif isinstance(row, Retraction):
            # A retraction repeats the subject and day of the fact it cancels, so reading a period
            # finds both; there is nothing to cancel if that fact was never written.
            await conn.execute(
                f"INSERT INTO assessment_facts ({_COLUMNS})"  # noqa: S608 - constant column list
                " SELECT $1, subject_type, subject_id, unit_id, 'retraction', code, 0, counts_for, fact_id,"
                " $3, $4, $5, $6, $7, $8, '{}'::jsonb FROM assessment_facts WHERE fact_id = $2",
                fact_id_for(row.key),
                fact_id_for(row.retracts_key),
                *source,
            )
        else:
            await _retract_group(conn, row, source)


async def _new_fact(conn: asyncpg.Connection, row: NewFact, source: tuple[Any, ...]) -> None:
    detail = {**row.detail, "group": row.group} if row.group else row.detail
    conflict = " ON CONFLICT (fact_id) DO NOTHING" if row.first_wins else ""
    await conn.execute(
        f"INSERT INTO assessment_facts ({_COLUMNS})"  # noqa: S608 - constant column list
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9, $10, $11, $12, $13, $14, $15)" + conflict,
        fact_id_for(row.key),
        row.subject_type.value,
        row.subject_id,
        row.unit_id,
        row.category.value,
        row.code,
        row.value,
        row.counts_for,
        *source,
        json.dumps(detail, sort_keys=True, ensure_ascii=False),
    )


async def _retract_group(conn: asyncpg.Connection, row: RetractGroup, source: tuple[Any, ...]) -> None:
    targets = await conn.fetch(
        "SELECT f.fact_id FROM assessment_facts f WHERE f.detail->>'group' = $1 AND f.category <> 'retraction'"
        " AND NOT EXISTS (SELECT 1 FROM assessment_facts r WHERE r.retracts = f.fact_id) ORDER BY f.fact_id",
        row.group,
    )
    for target in targets:
        await conn.execute(
            f"INSERT INTO assessment_facts ({_COLUMNS})"  # noqa: S608 - constant column list
            " SELECT $1, subject_type, subject_id, unit_id, 'retraction', code, 0, counts_for, fact_id,"
            " $3, $4, $5, $6, $7, $8, '{}'::jsonb FROM assessment_facts WHERE fact_id = $2",
            fact_id_for(f"{row.key}/{target['fact_id']}"),
            target["fact_id"],
            *source,
        )
