"""What the write side reads besides its own event store: the facts projection (to rank a period),
how far that projection has read each producer's stream (so a period is not ranked on facts still
arriving), and who heads a unit (to name the officer a unit's transfer proposal concerns)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from assessment.domain.facts import Fact, effective
from assessment.domain.periods import SubjectType


@dataclass(frozen=True)
class FactSnapshot:
    facts: list[Fact]  # effective facts (retractions applied)
    through: dict[str, int]  # per producer, the last position the facts reflect


class FactSource(Protocol):
    def read(
        self, subject_type: SubjectType, start: date, end: date, as_of: Mapping[str, int] | None = None
    ) -> FactSnapshot:
        """The effective facts of `subject_type` counting for `start`..`end` (inclusive): as they
        stand, or as they stood when the facts projection had applied `as_of` (per producer)."""
        ...


@dataclass(frozen=True)
class FeedProgress:
    """How far the facts projection's consumer of one producer's stream has got."""

    producer: str
    unsettled: int | None  # messages of the stream it has not settled yet; None: it has no consumer
    settled_through: int  # the stream sequence through which every message is settled (0: none)


class FactsFeed(Protocol):
    def progress(self) -> list[FeedProgress]:
        """The facts projection's progress in each producer's stream that holds anything. Raises
        `FactsProgressUnknownError` (application.periods) when the streams cannot be asked."""
        ...


@dataclass
class NoFeed:
    """No streams to wait for: unit tests and scenario scripts write the facts themselves."""

    def progress(self) -> list[FeedProgress]:
        return []


# Who headed a unit at the close of a day (None when not known): read from personnel's appointments
# and postings (`readmodel.unit_heads.PostgresUnitHeads`).
UnitHeads = Callable[[str, date], str | None]


def no_unit_heads(unit_id: str, on: date) -> str | None:
    return None


@dataclass
class InMemoryFacts:
    """A fact source over a list, for unit tests and scenario scripts."""

    facts: list[Fact] = field(default_factory=list)

    def add(self, *facts: Fact) -> None:
        self.facts.extend(facts)

    def read(
        self, subject_type: SubjectType, start: date, end: date, as_of: Mapping[str, int] | None = None
    ) -> FactSnapshot:
        if as_of is None:
            through: dict[str, int] = {}
            for fact in self.facts:
                through[fact.source_producer] = max(through.get(fact.source_producer, 0), fact.source_position)
        else:
            through = dict(as_of)
        visible = [f for f in self.facts if f.source_position <= through.get(f.source_producer, 0)]
        chosen = [f for f in effective(visible) if f.subject_type == subject_type and start <= f.counts_for <= end]
        return FactSnapshot(sorted(chosen, key=lambda f: f.order), through)
