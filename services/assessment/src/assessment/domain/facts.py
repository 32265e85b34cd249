"""Facts: what scores are computed from. One fact says that something counts, for one subject, in
one period: a case-file review score, an on-time filing (1) or a late one (0), a deadline breach,
a public evaluation, a commendation, a sanction.

Projections write facts from the public events of every producer (each fact keeps the event it
came from); the scoring function reads them and nothing else. A fact is never changed: a later
event may retract it with a fact of category `retraction` naming it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid5

from assessment.domain.periods import SubjectType

FACT_NAMESPACE = UUID("7c1e0a9d-3b52-4e8f-a6d4-91f0b2c3e5a7")
# An officer left the bureau that day (personnel's `OfficerDepartedV1`); no scheme scores it.
OFFICER_DEPARTED = "roster.officer_departed"


class FactCategory(StrEnum):
    MEASURE = "measure"  # a value read by an item's metric (or by a KPI only)
    DEDUCTION = "deduction"  # occurrences of a scheme deduction
    BONUS = "bonus"  # points of a scheme bonus
    RETRACTION = "retraction"  # cancels the fact named in `retracts`


def fact_id_for(key: str) -> UUID:
    """Fact ids derive from a key the mapper chooses (an event id and an index, an entry id), so a
    rebuilt projection writes the same ids and a ranking's list of fact ids stays valid."""
    return uuid5(FACT_NAMESPACE, key)


@dataclass(frozen=True)
class Fact:
    fact_id: UUID
    subject_type: SubjectType
    subject_id: str  # a unit code, or an officer id
    unit_id: str  # the subject's unit when the fact happened (the unit itself for a unit)
    category: FactCategory
    code: str
    value: Decimal
    counts_for: date  # the bureau-local day the fact counts for
    source_event_id: UUID
    source_producer: str
    source_position: int
    source_event_type: str = ""
    retracts: UUID | None = None

    @property
    def order(self) -> tuple[str, int, str]:
        return (self.source_producer, self.source_position, str(self.fact_id))


def effective(facts: Iterable[Fact]) -> list[Fact]:
    """The facts that count: retractions and the facts they retract are left out."""
    facts = list(facts)
    retracted = {f.retracts for f in facts if f.category is FactCategory.RETRACTION}
    return [f for f in facts if f.category is not FactCategory.RETRACTION and f.fact_id not in retracted]
