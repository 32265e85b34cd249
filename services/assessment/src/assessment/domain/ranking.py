"""Ranking a period's scores, and what each place leads to.

Order: score (higher first), then the scheme's tie-breaks (default: fewer deduction points, then
more case-quality points). Subjects still equal share a rank ("1, 2, 2, 4"). The bottom N are
counted the same way from the other end, so a tie on the boundary puts every tied subject in the
bottom rather than letting an arbitrary order spare one; with N or fewer subjects nobody is
"bottom". Runs of bottom places (or failing grades) carry from the immediately preceding period of
the same kind; a run restarts after a period that proposed a transfer, so one run makes one
proposal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from assessment.domain.periods import SubjectType
from assessment.domain.scheme import PeriodRules, Scheme


class Rankable(Protocol):
    @property
    def subject_type(self) -> SubjectType: ...
    @property
    def subject_id(self) -> str: ...
    @property
    def unit_id(self) -> str: ...
    @property
    def score(self) -> Decimal: ...
    @property
    def deduction_points(self) -> Decimal: ...
    @property
    def bonus_points(self) -> Decimal: ...
    def item_points(self, code: str) -> Decimal: ...


@dataclass(frozen=True)
class Ranked:
    entry: Rankable
    rank: int
    rank_from_bottom: int
    grade: str
    bottom: bool


def order_key(scheme: Scheme, entry: Rankable) -> tuple[Decimal, ...]:
    """Smaller is better."""
    key = [-entry.score]
    for tie_break in scheme.tie_break:
        if tie_break == "deductions":
            key.append(entry.deduction_points)
        elif tie_break == "bonuses":
            key.append(-entry.bonus_points)
        else:
            # The item's own points, not its share of the score: prorating inflates the share of a
            # subject measured on fewer items, which says nothing about how good that item was.
            key.append(-entry.item_points(tie_break.removeprefix("item:")))
    return tuple(key)


def rank(scheme: Scheme, entries: Sequence[Rankable]) -> list[Ranked]:
    keys = [order_key(scheme, entry) for entry in entries]
    ranked = []
    population = len(entries)
    for entry, key in zip(entries, keys, strict=True):
        better = sum(1 for other in keys if other < key)
        worse = sum(1 for other in keys if other > key)
        from_bottom = worse + 1
        ranked.append(
            Ranked(
                entry=entry,
                rank=better + 1,
                rank_from_bottom=from_bottom,
                grade=scheme.grade(entry.score),
                bottom=population > scheme.bottom_n and from_bottom <= scheme.bottom_n,
            )
        )
    return sorted(ranked, key=lambda r: (r.rank, r.entry.subject_id))


@dataclass(frozen=True)
class Standing:
    """What a subject carries from one period into the next of the same kind."""

    bottom_run: tuple[str, ...] = ()  # keys of the periods in the current run of bottom places
    fail_run: tuple[str, ...] = ()  # keys of the periods in the current run of failing grades
    transfer_proposed: bool = False


CONSECUTIVE_BOTTOM_RANK = "consecutive_bottom_rank"
CONSECUTIVE_FAIL = "consecutive_fail"


@dataclass(frozen=True)
class Outcome:
    ranked: Ranked
    standing: Standing
    talk_required: bool
    transfer_reasons: tuple[str, ...]

    @property
    def run_periods(self) -> tuple[str, ...]:
        periods: list[str] = []
        if CONSECUTIVE_BOTTOM_RANK in self.transfer_reasons:
            periods += self.standing.bottom_run
        if CONSECUTIVE_FAIL in self.transfer_reasons:
            periods += [p for p in self.standing.fail_run if p not in periods]
        return tuple(sorted(periods))


def decide(
    period_key: str,
    ranked: Sequence[Ranked],
    previous: Mapping[str, Standing],
    rules: PeriodRules,
    failing_grade: str,
) -> list[Outcome]:
    """`previous`: the standings of the immediately preceding period of the same kind (empty if it
    was not closed, so every run restarts)."""
    outcomes = []
    for place in ranked:
        before = previous.get(place.entry.subject_id)
        carried = before if before is not None and not before.transfer_proposed else Standing()
        bottom_run = (*carried.bottom_run, period_key) if place.bottom else ()
        fail_run = (*carried.fail_run, period_key) if place.grade == failing_grade else ()
        reasons: list[str] = []
        if rules.bottom_run is not None and len(bottom_run) >= rules.bottom_run:
            reasons.append(CONSECUTIVE_BOTTOM_RANK)
        if rules.fail_run is not None and len(fail_run) >= rules.fail_run:
            reasons.append(CONSECUTIVE_FAIL)
        outcomes.append(
            Outcome(
                ranked=place,
                standing=Standing(bottom_run, fail_run, transfer_proposed=bool(reasons)),
                talk_required=rules.bottom_talk and place.bottom,
                transfer_reasons=tuple(reasons),
            )
        )
    return outcomes
