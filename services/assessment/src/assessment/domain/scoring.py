"""Scoring: `score(scheme, facts)` turns the facts of one period into each subject's score, item by
item, with the facts behind every point. Pure, so it is tested on hand-computed examples.

For each subject:

- A **mean** metric is the mean of its facts' values over `full_at` (capped at 1): a ratio such as
  "% filed within 10 working days" is the mean of 1 (on time) and 0 (late) facts; a mean such as
  the case-file review score is the mean of the scores.
- A **penalty** metric takes `penalty` points off its item per occurrence (the sum of its facts).
- An item is **measured** when any of its metrics has a fact. Its points are its weight times the
  share-weighted mean of its measured mean metrics (the full weight if only penalties were
  measured), less its penalties, and never below 0. Metrics without facts drop out of the mean.
- An unmeasured item is handled as the scheme says: `prorate` (the default) leaves it out and
  scales the measured items up to 100; `full_marks` gives it its whole weight. A subject with no
  measured item at all gets full marks for every item, whatever the setting (nothing was found
  against it); deductions and bonuses still apply.
- Scheme deductions cost their points per occurrence; bonuses add their points, each clamped to
  the scheme's range; the score never falls below 0 (a `floor_adjustment` line says so).
- A subject is scored when a fact the scheme reads names it; facts of other codes (KPI-only) are
  listed apart and rank nobody on their own.

Every contribution is rounded to 0.01 before it is added, so an explanation's lines always sum to
the score exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from assessment.domain.facts import OFFICER_DEPARTED, Fact, FactCategory, effective
from assessment.domain.periods import SubjectType
from assessment.domain.scheme import Item, Metric, Scheme, Unmeasured

CENT = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MetricResult:
    fact: str
    kind: str  # "mean" | "penalty"
    share: Decimal
    observations: int
    value: Decimal | None  # the mean (mean metric) or the occurrences (penalty metric); None if unmeasured
    fraction: Decimal | None  # mean metric: value / full_at, capped at 1
    penalty_points: Decimal  # penalty metric: occurrences x penalty
    fact_ids: tuple[str, ...]

    @property
    def measured(self) -> bool:
        return self.observations > 0


@dataclass(frozen=True)
class ItemResult:
    code: str
    weight: Decimal
    measured: bool
    points: Decimal  # out of the item's weight
    contribution: Decimal  # what the item adds to the score (points, scaled when prorated)
    metrics: tuple[MetricResult, ...]


@dataclass(frozen=True)
class AdjustmentResult:
    code: str
    occurrences: Decimal
    points: Decimal  # magnitude: deducted for a deduction, added for a bonus
    fact_ids: tuple[str, ...]


@dataclass(frozen=True)
class SubjectScore:
    subject_type: SubjectType
    subject_id: str
    unit_id: str
    items: tuple[ItemResult, ...]
    deductions: tuple[AdjustmentResult, ...]
    bonuses: tuple[AdjustmentResult, ...]
    floor_adjustment: Decimal
    score: Decimal
    unscored_fact_ids: tuple[str, ...]  # facts of codes this scheme does not score (KPIs read them)

    @property
    def deduction_points(self) -> Decimal:
        return sum((d.points for d in self.deductions), ZERO)

    @property
    def bonus_points(self) -> Decimal:
        return sum((b.points for b in self.bonuses), ZERO)

    def item_points(self, code: str) -> Decimal:
        return next((item.points for item in self.items if item.code == code), ZERO)

    def explanation_total(self) -> Decimal:
        """The sum of the explanation's lines, which is the score by construction."""
        base = sum((item.contribution for item in self.items), ZERO)
        return base - self.deduction_points + self.bonus_points + self.floor_adjustment

    def fact_ids(self) -> list[str]:
        ids = [i for item in self.items for metric in item.metrics for i in metric.fact_ids]
        ids += [i for adjustment in (*self.deductions, *self.bonuses) for i in adjustment.fact_ids]
        return ids

    def explanation(self) -> dict[str, Any]:
        """JSON-safe (numbers as decimal strings): the form stored in a published ranking."""
        return {
            "kind": "periodic",
            "score": str(self.score),
            "items": [
                {
                    "code": item.code,
                    "weight": str(item.weight),
                    "measured": item.measured,
                    "points": str(item.points),
                    "contribution": str(item.contribution),
                    "metrics": [
                        {
                            "fact": m.fact,
                            "kind": m.kind,
                            "share": str(m.share),
                            "observations": m.observations,
                            "value": None if m.value is None else str(m.value),
                            "fraction": None if m.fraction is None else str(m.fraction),
                            "penalty_points": str(m.penalty_points),
                            "fact_ids": list(m.fact_ids),
                        }
                        for m in item.metrics
                    ],
                }
                for item in self.items
            ],
            "deductions": [_adjustment(d) for d in self.deductions],
            "bonuses": [_adjustment(b) for b in self.bonuses],
            "floor_adjustment": str(self.floor_adjustment),
            "unscored_fact_ids": list(self.unscored_fact_ids),
        }


def _adjustment(adjustment: AdjustmentResult) -> dict[str, Any]:
    return {
        "code": adjustment.code,
        "occurrences": str(adjustment.occurrences),
        "points": str(adjustment.points),
        "fact_ids": list(adjustment.fact_ids),
    }


def score(scheme: Scheme, facts: Iterable[Fact]) -> list[SubjectScore]:
    """Every subject named by an effective fact the scheme scores, scored; ordered by subject type
    and id. A subject named only by facts the scheme does not read (KPI-only facts: a matter raised,
    a grievance counted) is not ranked: nothing was assessed."""
    by_subject: dict[tuple[SubjectType, str], list[Fact]] = defaultdict(list)
    for fact in sorted(effective(facts), key=lambda f: f.order):
        by_subject[(fact.subject_type, fact.subject_id)].append(fact)
    scored = scored_codes(scheme)
    return [
        score_subject(scheme, key[0], key[1], subject_facts)
        for key, subject_facts in sorted(by_subject.items())
        if any(f.code in scored for f in subject_facts)
    ]


def departed(facts: Iterable[Fact]) -> frozenset[str]:
    """The officers who left the bureau within the period the facts cover: no longer on the staff
    when it closes, they are not ranked on it (no talk, no transfer proposal for one who has gone)."""
    return frozenset(f.subject_id for f in effective(facts) if f.code == OFFICER_DEPARTED)


def scored_codes(scheme: Scheme) -> frozenset[str]:
    """The fact codes the scheme reads: its metrics, deductions and bonuses."""
    codes = {m.fact for item in scheme.items for m in item.metrics}
    return frozenset(codes | {d.code for d in scheme.deductions} | {b.code for b in scheme.bonuses})


def score_subject(scheme: Scheme, subject_type: SubjectType, subject_id: str, facts: list[Fact]) -> SubjectScore:
    measures: dict[str, list[Fact]] = defaultdict(list)
    deductions: dict[str, list[Fact]] = defaultdict(list)
    bonuses: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        {FactCategory.MEASURE: measures, FactCategory.DEDUCTION: deductions, FactCategory.BONUS: bonuses}[
            fact.category
        ][fact.code].append(fact)

    raw = [_item(item, measures) for item in scheme.items]
    items = _contributions(scheme, raw)
    deducted = tuple(
        AdjustmentResult(d.code, occurrences, cents(occurrences * d.points), _ids(deductions[d.code]))
        for d in scheme.deductions
        if deductions.get(d.code)
        for occurrences in [sum((f.value for f in deductions[d.code]), ZERO)]
    )
    added = tuple(
        AdjustmentResult(
            b.code,
            Decimal(len(bonuses[b.code])),
            cents(sum((min(max(f.value, b.min_points), b.max_points) for f in bonuses[b.code]), ZERO)),
            _ids(bonuses[b.code]),
        )
        for b in scheme.bonuses
        if bonuses.get(b.code)
    )
    total = sum((i.contribution for i in items), ZERO)
    total += sum((b.points for b in added), ZERO) - sum((d.points for d in deducted), ZERO)
    floor = -total if total < 0 else ZERO
    used = {m.fact for item in scheme.items for m in item.metrics}
    used |= {d.code for d in scheme.deductions if d.code in deductions}
    used |= {b.code for b in scheme.bonuses if b.code in bonuses}
    unscored = [f for code, group in (*measures.items(), *deductions.items(), *bonuses.items()) for f in group]
    unscored = [f for f in unscored if f.code not in used]
    return SubjectScore(
        subject_type=subject_type,
        subject_id=subject_id,
        unit_id=facts[-1].unit_id if facts else subject_id,
        items=items,
        deductions=deducted,
        bonuses=added,
        floor_adjustment=floor,
        score=total + floor,
        unscored_fact_ids=_ids(sorted(unscored, key=lambda f: f.order)),
    )


@dataclass(frozen=True)
class _RawItem:
    item: Item
    measured: bool
    points: Decimal  # unrounded
    metrics: tuple[MetricResult, ...]


def _item(item: Item, measures: Mapping[str, list[Fact]]) -> _RawItem:
    metrics = tuple(_metric(metric, measures.get(metric.fact, [])) for metric in item.metrics)
    means = [(spec, m) for spec, m in zip(item.metrics, metrics, strict=True) if not spec.is_penalty and m.measured]
    if means:
        shares = sum((spec.share for spec, _ in means), ZERO)
        base = item.weight * sum((spec.share * (m.fraction or ZERO) for spec, m in means), ZERO) / shares
    else:
        base = item.weight
    penalties = sum((m.penalty_points for m in metrics), ZERO)
    measured = any(m.measured for m in metrics)
    return _RawItem(item, measured, max(base - penalties, ZERO) if measured else ZERO, metrics)


def _metric(spec: Metric, facts: list[Fact]) -> MetricResult:
    ids = _ids(facts)
    total = sum((f.value for f in facts), ZERO)
    if spec.penalty is not None:
        return MetricResult(
            spec.fact, "penalty", spec.share, len(facts), total if facts else None, None, total * spec.penalty, ids
        )
    assert spec.full_at is not None
    if not facts:
        return MetricResult(spec.fact, "mean", spec.share, 0, None, None, ZERO, ids)
    mean = total / len(facts)
    fraction = min(max(mean / spec.full_at, ZERO), Decimal(1))
    return MetricResult(spec.fact, "mean", spec.share, len(facts), mean, fraction, ZERO, ids)


def _contributions(scheme: Scheme, raw: list[_RawItem]) -> tuple[ItemResult, ...]:
    measured_weight = sum((r.item.weight for r in raw if r.measured), ZERO)
    if measured_weight == 0:
        # Nothing measured: full marks for every item.
        return tuple(
            ItemResult(r.item.code, r.item.weight, False, r.item.weight, r.item.weight, r.metrics) for r in raw
        )
    scale = HUNDRED / measured_weight if scheme.unmeasured_items is Unmeasured.PRORATE else Decimal(1)
    exact = [
        r.points * scale if r.measured else r.item.weight if scheme.unmeasured_items is Unmeasured.FULL_MARKS else ZERO
        for r in raw
    ]
    return tuple(
        ItemResult(
            r.item.code,
            r.item.weight,
            r.measured,
            cents(r.points) if r.measured else contribution,
            contribution,
            r.metrics,
        )
        for r, contribution in zip(raw, apportioned_cents(exact), strict=True)
    )


def apportioned_cents(exact: Sequence[Decimal]) -> list[Decimal]:
    """Non-negative amounts rounded to cents so that they add up to their exact sum rounded to cents
    (largest remainder): rounding each line alone would let a subject perfect on three prorated
    items score 99.99, or an exact 90 fall to 89.99 and a grade lower, and the explanation must
    still add up to the score. Ties in the remainder go to the earlier item."""
    floors = [value.quantize(CENT, rounding=ROUND_DOWN) for value in exact]
    missing = int((cents(sum(exact, ZERO)) - sum(floors, ZERO)) / CENT)
    by_remainder = sorted(range(len(exact)), key=lambda i: (floors[i] - exact[i], i))
    for i in by_remainder[:missing]:
        floors[i] += CENT
    return floors


def _ids(facts: Iterable[Fact]) -> tuple[str, ...]:
    return tuple(str(f.fact_id) for f in facts)
