"""The annual score: a weighted mean of the year's periodic scores (monthly for units, quarterly
for officers) and a year-end score computed from all the facts of the year.

Default weights 40% periodic average + 60% year-end (DOMAIN §4.2), set by the scheme. A subject
missing one component is scored on the other alone, and the explanation says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assessment.domain.periods import SubjectType
from assessment.domain.scheme import Scheme
from assessment.domain.scoring import ZERO, SubjectScore, cents


@dataclass(frozen=True)
class PeriodicScore:
    period: str
    score: Decimal


@dataclass(frozen=True)
class AnnualScore:
    subject_type: SubjectType
    subject_id: str
    unit_id: str
    periodic: tuple[PeriodicScore, ...]
    periodic_average: Decimal | None
    periodic_weight: Decimal
    periodic_contribution: Decimal
    year_end: SubjectScore | None
    year_end_weight: Decimal
    year_end_contribution: Decimal
    score: Decimal

    @property
    def deduction_points(self) -> Decimal:
        return self.year_end.deduction_points if self.year_end else ZERO

    @property
    def bonus_points(self) -> Decimal:
        return self.year_end.bonus_points if self.year_end else ZERO

    def item_points(self, code: str) -> Decimal:
        return self.year_end.item_points(code) if self.year_end else ZERO

    def explanation_total(self) -> Decimal:
        return self.periodic_contribution + self.year_end_contribution

    def fact_ids(self) -> list[str]:
        return self.year_end.fact_ids() if self.year_end else []

    def explanation(self) -> dict[str, Any]:
        return {
            "kind": "annual",
            "score": str(self.score),
            "periodic": [{"period": p.period, "score": str(p.score)} for p in self.periodic],
            "periodic_average": None if self.periodic_average is None else str(self.periodic_average),
            "periodic_weight": str(self.periodic_weight),
            "periodic_contribution": str(self.periodic_contribution),
            "year_end": self.year_end.explanation() if self.year_end else None,
            "year_end_weight": str(self.year_end_weight),
            "year_end_contribution": str(self.year_end_contribution),
        }


def annual_scores(
    scheme: Scheme,
    periodic: Mapping[str, Sequence[PeriodicScore]],
    year_end: Sequence[SubjectScore],
    subject_type: SubjectType,
    units: Mapping[str, str],
) -> list[AnnualScore]:
    """`periodic`: each subject's published periodic scores of the year; `year_end`: the year's
    facts scored as one period; `units`: the latest known unit of subjects seen only periodically."""
    by_subject = {s.subject_id: s for s in year_end}
    results = []
    for subject_id in sorted(set(periodic) | set(by_subject)):
        scores = tuple(periodic.get(subject_id, ()))
        end = by_subject.get(subject_id)
        average = sum((p.score for p in scores), ZERO) / len(scores) if scores else None
        periodic_weight = scheme.annual_periodic_weight if end is not None else Decimal(1)
        year_end_weight = scheme.annual_year_end_weight if average is not None else Decimal(1)
        periodic_part = cents(average * periodic_weight) if average is not None else ZERO
        year_end_part = cents(end.score * year_end_weight) if end is not None else ZERO
        results.append(
            AnnualScore(
                subject_type=subject_type,
                subject_id=subject_id,
                unit_id=end.unit_id if end is not None else units.get(subject_id, subject_id),
                periodic=scores,
                periodic_average=None if average is None else cents(average),
                periodic_weight=periodic_weight if average is not None else ZERO,
                periodic_contribution=periodic_part,
                year_end=end,
                year_end_weight=year_end_weight if end is not None else ZERO,
                year_end_contribution=year_end_part,
                score=periodic_part + year_end_part,
            )
        )
    return results
