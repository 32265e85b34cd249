"""The scoring function on hand-computed examples; explanations sum to the scores."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from assessment.domain.default_scheme import DEFAULT_SCHEME
from assessment.domain.scheme import Unmeasured
from assessment.domain.scoring import SubjectScore, score
from tests.unit.assessment.facts import bonus, deduction, fact, retraction

D = Decimal


def only(scores: list[SubjectScore]) -> SubjectScore:
    assert len(scores) == 1
    return scores[0]


def item(result: SubjectScore, code: str) -> tuple[Decimal, Decimal, bool]:
    found = next(i for i in result.items if i.code == code)
    return found.points, found.contribution, found.measured


def example_facts() -> list:  # type: ignore[type-arg]
    return [
        fact("STN01", "case_quality.review_score", 80),
        fact("STN01", "case_quality.review_score", 90),
        fact("STN01", "timeliness.filed_on_time", 1),
        fact("STN01", "timeliness.filed_on_time", 1),
        fact("STN01", "timeliness.filed_on_time", 1),
        fact("STN01", "timeliness.filed_on_time", 0),
        fact("STN01", "timeliness.decided_on_time", 1),
        fact("STN01", "external_evaluation.public_score", 90),
        deduction("STN01", "deadline_breach", 2),
        bonus("STN01", "superior_commendation", 3),
    ]


def test_prorated_score_computed_by_hand() -> None:
    # case_quality: mean review 85 of 100 -> 25 x 0.85 = 21.25
    # timeliness: filed 3/4 = 0.75, decided 1/1 = 1 -> 15 x (0.75 + 1) / 2 = 13.125 -> 13.13 shown
    # external_evaluation: 90 of 100 -> 10 x 0.9 = 9
    # measured weight 25 + 15 + 10 = 50, so each is scaled by 100/50 = 2:
    #   42.50 + 26.25 + 18.00 = 86.75; deadline breaches 2 x -1; commendation +3 -> 87.75
    result = only(score(DEFAULT_SCHEME, example_facts()))
    assert item(result, "case_quality") == (D("21.25"), D("42.50"), True)
    assert item(result, "timeliness") == (D("13.13"), D("26.25"), True)
    assert item(result, "external_evaluation") == (D("9.00"), D("18.00"), True)
    assert item(result, "procedure_compliance") == (D(0), D(0), False)
    assert result.deduction_points == D(2)
    assert result.bonus_points == D(3)
    assert result.score == D("87.75")
    assert DEFAULT_SCHEME.grade(result.score) == "good"


def test_full_marks_for_unmeasured_items_computed_by_hand() -> None:
    # 21.25 + 13.13 + 9 measured, plus full weights 15 + 15 + 10 + 10 unmeasured = 93.38; -2 +3 -> 94.38
    scheme = dataclasses.replace(DEFAULT_SCHEME, unmeasured_items=Unmeasured.FULL_MARKS)
    result = only(score(scheme, example_facts()))
    assert item(result, "patrol_and_stopping") == (D(15), D(15), False)
    assert result.score == D("94.38")


def test_penalties_come_off_their_item_and_never_below_zero() -> None:
    facts = [
        fact("STN02", "case_quality.review_score", 70),  # 25 x 0.7 = 17.5
        fact("STN02", "case_quality.review_failed"),  # -5 -> 12.5
        fact("STN02", "procedure_compliance.two_officer_violation", 2),  # only penalties: 15 - 2 x 2 = 11
        fact("STN02", "training_exam.exam_failed", 6),  # 10 - 6 x 2 -> floored at 0
    ]
    result = only(score(DEFAULT_SCHEME, facts))
    assert item(result, "case_quality")[0] == D("12.50")
    assert item(result, "procedure_compliance")[0] == D("11.00")
    assert item(result, "training_exam")[0] == D("0.00")
    # measured weight 25 + 15 + 10 = 50: (12.5 + 11 + 0) x 2 = 47
    assert result.score == D("47.00")


def test_manual_item_points_share_the_item_with_the_measured_metrics() -> None:
    facts = [
        fact("STN03", "patrol_and_stopping.stopped_early", 1),
        fact("STN03", "patrol_and_stopping.stopped_early", 0),  # 0.5
        fact("STN03", "patrol_and_stopping.manual", "0.9"),  # 13.5 of 15 awarded by inspection
    ]
    result = only(score(DEFAULT_SCHEME, facts))
    # 15 x (0.5 + 0.9) / 2 = 10.5, the only measured item: x 100/15 = 70
    assert item(result, "patrol_and_stopping") == (D("10.50"), D("70.00"), True)
    assert result.score == D("70.00")


def test_a_subject_with_only_deductions_starts_from_full_marks() -> None:
    result = only(score(DEFAULT_SCHEME, [deduction("FINANCE", "enforcement_petition")]))
    assert all(not i.measured for i in result.items)
    assert result.score == D(97)


def test_the_score_never_falls_below_zero_and_the_floor_is_explained() -> None:
    facts = [fact("STN04", "external_evaluation.public_score", 10), deduction("STN04", "wrongful_case", 3)]
    result = only(score(DEFAULT_SCHEME, facts))
    # 10 x 0.1 = 1 -> x 10 = 10; - 30 -> -20, floored at 0
    assert result.floor_adjustment == D(20)
    assert result.score == D(0)
    assert result.explanation_total() == result.score


def test_bonus_points_are_clamped_to_the_scheme_range() -> None:
    facts = [bonus("STN05", "superior_commendation", 9), bonus("STN05", "typical_case_adopted", 2)]
    result = only(score(DEFAULT_SCHEME, facts))
    assert result.bonus_points == D(7)  # 5 (capped) + 2
    assert result.score == D(107)


def test_retracted_facts_do_not_count() -> None:
    low = fact("STN06", "external_evaluation.public_score", 20)
    facts = [fact("STN06", "external_evaluation.public_score", 80), low, retraction(low)]
    result = only(score(DEFAULT_SCHEME, facts))
    assert item(result, "external_evaluation")[0] == D("8.00")
    assert str(low.fact_id) not in result.fact_ids()


def test_facts_of_codes_the_scheme_does_not_score_are_listed_apart() -> None:
    kpi_only = fact("STN07", "accountability.matter_raised")
    result = only(score(DEFAULT_SCHEME, [fact("STN07", "external_evaluation.public_score", 100), kpi_only]))
    assert result.unscored_fact_ids == (str(kpi_only.fact_id),)
    assert result.score == D(100)


def test_a_subject_named_only_by_facts_the_scheme_does_not_score_is_not_ranked() -> None:
    # A petition counted for the three-none KPI assesses nothing about the unit's month.
    facts = [fact("STN07", "external_evaluation.public_score", 90), fact("LANDUSE", "kpi.three_none.petition")]
    assert [s.subject_id for s in score(DEFAULT_SCHEME, facts)] == ["STN07"]


def test_every_point_names_the_facts_behind_it() -> None:
    facts = example_facts()
    result = only(score(DEFAULT_SCHEME, facts))
    case_quality = next(i for i in result.items if i.code == "case_quality")
    review = next(m for m in case_quality.metrics if m.fact == "case_quality.review_score")
    assert review.fact_ids == (str(facts[0].fact_id), str(facts[1].fact_id))
    assert result.deductions[0].fact_ids == (str(facts[8].fact_id),)
    assert sorted(result.fact_ids()) == sorted(str(f.fact_id) for f in facts)


@pytest.mark.parametrize("mode", list(Unmeasured))
def test_explanations_sum_to_the_scores(mode: Unmeasured) -> None:
    scheme = dataclasses.replace(DEFAULT_SCHEME, unmeasured_items=mode)
    facts = [
        *example_facts(),
        fact("STN08", "timeliness.filed_on_time", 1),
        fact("STN08", "timeliness.filed_on_time", 0),
        fact("STN08", "timeliness.filed_on_time", 0),  # 1/3: long decimals
        fact("STN08", "case_quality.review_score", 77),
        fact("STN08", "conduct_and_equipment.body_camera_used", 1),
        bonus("STN08", "superior_commendation", "2.5"),
        deduction("STN09", "deadline_breach", 4),
    ]
    results = score(scheme, facts)
    assert [r.subject_id for r in results] == ["STN01", "STN08", "STN09"]
    for result in results:
        explanation = result.explanation()
        lines = [Decimal(i["contribution"]) for i in explanation["items"]]
        lines += [-Decimal(d["points"]) for d in explanation["deductions"]]
        lines += [Decimal(b["points"]) for b in explanation["bonuses"]]
        lines.append(Decimal(explanation["floor_adjustment"]))
        assert sum(lines) == result.score == Decimal(explanation["score"])


def test_prorated_lines_round_to_the_exact_score_not_a_cent_below() -> None:
    # Three 15-point items measured, prorated by 100/45: each line is a repeating decimal. Rounded
    # one by one they lost a cent, a perfect subject scored 99.99 and an exact 90 fell to "good".
    perfect = [
        fact("STN01", "timeliness.filed_on_time", 1),
        fact("STN01", "procedure_compliance.checklist_complete", 1),
        fact("STN01", "patrol_and_stopping.patrol_coverage", 1),
    ]
    assert only(score(DEFAULT_SCHEME, perfect)).score == D(100)
    ninety = [*perfect[:2], fact("STN01", "patrol_and_stopping.patrol_coverage", "0.7")]  # (15+15+10.5)/45
    result = only(score(DEFAULT_SCHEME, ninety))
    assert result.score == D(90)
    assert DEFAULT_SCHEME.grade(result.score) == "excellent"
    lines = sorted(item.contribution for item in result.items if item.measured)
    assert lines == [D("23.33"), D("33.33"), D("33.34")]  # the cent goes to the largest remainder
    assert result.explanation_total() == result.score
