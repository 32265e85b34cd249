"""The annual score: 40% periodic average + 60% year-end, explained line by line."""

from __future__ import annotations

from decimal import Decimal

from assessment.domain.annual import PeriodicScore, annual_scores
from assessment.domain.default_scheme import DEFAULT_SCHEME
from assessment.domain.periods import SubjectType
from assessment.domain.scoring import score
from tests.unit.assessment.facts import fact


def test_the_annual_score_weights_the_periodic_average_and_the_year_end() -> None:
    year_end = score(DEFAULT_SCHEME, [fact("STN01", "external_evaluation.public_score", 90)])  # 90
    monthly: list[tuple[int, int | str]] = [(1, 80), (2, 85), (3, "86.5")]
    periodic = {"STN01": [PeriodicScore(f"2018-{m:02d}", Decimal(s)) for m, s in monthly]}
    (result,) = annual_scores(DEFAULT_SCHEME, periodic, year_end, SubjectType.UNIT, {})
    # average (80 + 85 + 86.5) / 3 = 83.8333 -> 0.4 x 83.8333 = 33.53; 0.6 x 90 = 54 -> 87.53
    assert result.periodic_average == Decimal("83.83")
    assert result.periodic_contribution == Decimal("33.53")
    assert result.year_end_contribution == Decimal("54.00")
    assert result.score == Decimal("87.53") == result.explanation_total()
    explanation = result.explanation()
    assert Decimal(explanation["periodic_contribution"]) + Decimal(explanation["year_end_contribution"]) == result.score


def test_a_subject_seen_only_in_periodic_rankings_is_scored_on_them_alone() -> None:
    periodic = {"STN02": [PeriodicScore("2018-01", Decimal(70)), PeriodicScore("2018-02", Decimal(80))]}
    (result,) = annual_scores(DEFAULT_SCHEME, periodic, [], SubjectType.UNIT, {"STN02": "STN02"})
    assert result.periodic_weight == 1
    assert result.score == Decimal(75)
