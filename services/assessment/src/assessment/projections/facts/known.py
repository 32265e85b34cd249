"""What a mapper may know besides its event, and the helpers that turn one observation into facts.

`Known` is what the facts projection remembers from the same producer's earlier events (personnel:
each officer's unit; cases: each case's unit and handling officers). A producer's `Memory` reads it
before the mapper runs and updates it after, so mappers stay pure functions of (event, envelope,
known) and a rebuild, replaying the stream in the same order, remembers the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

import asyncpg

from assessment.domain.facts import FactCategory
from assessment.domain.periods import SubjectType
from assessment.projections.facts.rows import NewFact, Written
from shared.contracts import IntegrationEvent
from shared.messaging.envelope import Envelope


@dataclass(frozen=True)
class CaseRecord:
    unit_id: str
    handling_officer_ids: tuple[UUID, ...]
    closed_on: date | None = None


@dataclass(frozen=True)
class Known:
    # personnel: the unit of each officer the event names, and of every other officer of those units
    officer_units: Mapping[UUID, str] = field(default_factory=dict)
    case: CaseRecord | None = None  # cases: the case the event is about, as filed (and closed)


NOTHING_KNOWN = Known()

Mapper = Callable[[Any, Envelope, Known], list[Written]]


class Memory(Protocol):
    async def recall(self, conn: asyncpg.Connection, event: IntegrationEvent) -> Known:
        """What the mapper of `event` needs to know, as remembered so far."""
        ...

    async def remember(self, conn: asyncpg.Connection, event: IntegrationEvent) -> None:
        """Keep what later events will need (after the event's own facts are written)."""
        ...


class NoMemory:
    async def recall(self, conn: asyncpg.Connection, event: IntegrationEvent) -> Known:
        return NOTHING_KNOWN

    async def remember(self, conn: asyncpg.Connection, event: IntegrationEvent) -> None:
        return None


def unit_and_officers(
    key: str,
    unit_id: str,
    officer_ids: Iterable[UUID | str],
    *,
    code: str,
    value: Decimal | int | float,
    counts_for: date,
    category: FactCategory = FactCategory.MEASURE,
    detail: Mapping[str, Any] | None = None,
    group: str | None = None,
    first_wins: bool = False,
) -> list[Written]:
    """One observation as a fact of the unit and one of each officer named (each once), all
    attributed to the unit, so a unit's month and an officer's quarter both see it."""
    common: dict[str, Any] = {
        "unit_id": unit_id,
        "category": category,
        "code": code,
        "value": Decimal(str(value)),
        "counts_for": counts_for,
        "detail": dict(detail or {}),
        "group": group,
        "first_wins": first_wins,
    }
    rows: list[Written] = [NewFact(key=f"{key}/unit", subject_type=SubjectType.UNIT, subject_id=unit_id, **common)]
    for officer in dict.fromkeys(str(o) for o in officer_ids):
        rows.append(
            NewFact(key=f"{key}/officer/{officer}", subject_type=SubjectType.OFFICER, subject_id=officer, **common)
        )
    return rows


def unit_only(
    key: str,
    unit_id: str,
    *,
    code: str,
    value: Decimal | int | float,
    counts_for: date,
    category: FactCategory = FactCategory.MEASURE,
    detail: Mapping[str, Any] | None = None,
    group: str | None = None,
    first_wins: bool = False,
) -> NewFact:
    return NewFact(
        key=f"{key}/unit",
        subject_type=SubjectType.UNIT,
        subject_id=unit_id,
        unit_id=unit_id,
        category=category,
        code=code,
        value=Decimal(str(value)),
        counts_for=counts_for,
        detail=dict(detail or {}),
        group=group,
        first_wins=first_wins,
    )


def outcome(flag: bool) -> int:
    return 1 if flag else 0
