"""Writing facts: what a mapper returns, and the inserts."""

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


@dataclass(frozen=True)
class Retraction:
    key: str
    retracts_key: str  # the key of the fact it cancels


Written = NewFact | Retraction


def local_day(moment: datetime) -> date:
    return moment.astimezone(BUREAU_TIMEZONE).date()


async def write(conn: asyncpg.Connection, rows: list[Written], envelope: Envelope) -> None:
    for row in rows:
        if isinstance(row, NewFact):
            await conn.execute(
                "INSERT INTO assessment_facts (fact_id, subject_type, subject_id, unit_id, category, code, value,"
                " counts_for, retracts, source_producer, source_position, source_event_id, source_event_type,"
                " occurred_at, recorded_at, detail)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9, $10, $11, $12, $13, $14, $15)",
                fact_id_for(row.key),
                row.subject_type.value,
                row.subject_id,
                row.unit_id,
                row.category.value,
                row.code,
                row.value,
                row.counts_for,
                envelope.producer,
                envelope.position,
                envelope.event_id,
                envelope.event_type,
                envelope.occurred_at,
                envelope.recorded_at,
                json.dumps(row.detail, sort_keys=True, ensure_ascii=False),
            )
        else:
            # A retraction repeats the subject and day of the fact it cancels, so reading a period
            # finds both; there is nothing to cancel if that fact was never written.
            await conn.execute(
                "INSERT INTO assessment_facts (fact_id, subject_type, subject_id, unit_id, category, code, value,"
                " counts_for, retracts, source_producer, source_position, source_event_id, source_event_type,"
                " occurred_at, recorded_at, detail)"
                " SELECT $1, subject_type, subject_id, unit_id, 'retraction', code, 0, counts_for, fact_id,"
                " $3, $4, $5, $6, $7, $8, '{}'::jsonb FROM assessment_facts WHERE fact_id = $2",
                fact_id_for(row.key),
                fact_id_for(row.retracts_key),
                envelope.producer,
                envelope.position,
                envelope.event_id,
                envelope.event_type,
                envelope.occurred_at,
                envelope.recorded_at,
            )
