"""Ranking order, ties, the bottom N, and runs of bottom places or failing grades."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from assessment.domain.default_scheme import DEFAULT_SCHEME
from assessment.domain.ranking import CONSECUTIVE_BOTTOM_RANK, CONSECUTIVE_FAIL, Standing, decide, rank
from assessment.domain.scheme import PeriodRules
from assessment.domain.scoring import score
from tests.unit.assessment.facts import deduction, fact

MONTHLY = PeriodRules(bottom_talk=True, bottom_run=3, fail_run=None)


def public(subject: str, value: int) -> list:  # type: ignore[type-arg]
    return [fact(subject, "external_evaluation.public_score", value)]


def ranked_ids(facts: list) -> list[tuple[str, int, int, bool]]:  # type: ignore[type-arg]
    return [
        (r.entry.subject_id, r.rank, r.rank_from_bottom, r.bottom)
        for r in rank(DEFAULT_SCHEME, score(DEFAULT_SCHEME, facts))
    ]


def test_higher_scores_rank_first_and_the_bottom_three_are_marked() -> None:
    facts = [f for i, value in enumerate([95, 90, 85, 80, 75]) for f in public(f"U{i}", value)]
    assert ranked_ids(facts) == [
        ("U0", 1, 5, False),
        ("U1", 2, 4, False),
        ("U2", 3, 3, True),
        ("U3", 4, 2, True),
        ("U4", 5, 1, True),
    ]


def test_ties_are_broken_by_deductions_then_case_quality() -> None:
    # A and B both score 90; A has 1 deduction point, B none -> B first.
    # C and D both score 90 with no deduction; C has more case-quality points -> C first.
    facts = [
        *public("A", 91),
        deduction("A", "deadline_breach"),
        *public("B", 90),
        fact("C", "case_quality.review_score", 90),
        fact("C", "external_evaluation.public_score", 90),
        fact("D", "case_quality.review_score", 80),
        fact("D", "external_evaluation.public_score", 100),
        fact("D", "timeliness.filed_on_time", 1),  # keeps D at 90: (20 + 15 + 10) x 100/50 = 90
    ]
    scores = {s.subject_id: s.score for s in score(DEFAULT_SCHEME, facts)}
    assert scores == {"A": Decimal(90), "B": Decimal(90), "C": Decimal(90), "D": Decimal(90)}
    order = [r.entry.subject_id for r in rank(DEFAULT_SCHEME, score(DEFAULT_SCHEME, facts))]
    assert order == ["C", "D", "B", "A"]


def test_the_case_quality_tie_break_compares_its_points_not_its_prorated_share() -> None:
    # A: review 80 (20 of 25 points), measured on two items only, so prorating makes its
    # case-quality line 57.14. B: review 100 (25 of 25), measured on every item, line 25.
    # Both score 85.71 with no deduction: B's case quality is the better one.
    facts = [
        fact("A", "case_quality.review_score", 80),
        fact("A", "external_evaluation.public_score", 100),
        fact("B", "case_quality.review_score", 100),
        fact("B", "timeliness.filed_on_time", 1),
        fact("B", "procedure_compliance.checklist_complete", 1),
        fact("B", "patrol_and_stopping.patrol_coverage", 1),
        fact("B", "training_exam.attendance", 1),
        fact("B", "external_evaluation.public_score", "57.1"),
        fact("B", "conduct_and_equipment.certificate_shown", 0),
    ]
    scores = score(DEFAULT_SCHEME, facts)
    assert [(s.subject_id, s.score, s.deduction_points) for s in scores] == [
        ("A", Decimal("85.71"), 0),
        ("B", Decimal("85.71"), 0),
    ]
    assert [(r.entry.subject_id, r.rank) for r in rank(DEFAULT_SCHEME, scores)] == [("B", 1), ("A", 2)]


def test_subjects_still_equal_after_the_tie_breaks_share_a_rank_and_the_bottom() -> None:
    facts = [f for s, v in [("A", 95), ("B", 90), ("C", 80), ("D", 70), ("E", 70)] for f in public(s, v)]
    # D and E tie for last: both are 1st from the bottom; C is 3rd from the bottom.
    assert ranked_ids(facts) == [
        ("A", 1, 5, False),
        ("B", 2, 4, False),
        ("C", 3, 3, True),
        ("D", 4, 1, True),
        ("E", 4, 1, True),
    ]
    facts = [f for s, v in [("A", 95), ("B", 90), ("C", 70), ("D", 70), ("E", 60)] for f in public(s, v)]
    # C and D tie on the boundary (2nd and 3rd from the bottom): both are in the bottom 3.
    bottoms = [s for s, _, _, bottom in ranked_ids(facts) if bottom]
    assert bottoms == ["C", "D", "E"]


def test_with_n_or_fewer_subjects_nobody_is_bottom() -> None:
    facts = [f for s, v in [("A", 95), ("B", 60), ("C", 50)] for f in public(s, v)]
    assert [bottom for *_, bottom in ranked_ids(facts)] == [False, False, False]


def test_the_grade_bands() -> None:
    assert [DEFAULT_SCHEME.grade(Decimal(v)) for v in ("90", "89.99", "80", "79.9", "70", "69.99", "0")] == [
        "excellent",
        "good",
        "good",
        "pass",
        "pass",
        "fail",
        "fail",
    ]


def five_units(bottom: list[str]) -> list:  # type: ignore[type-arg]
    """Five units; those in `bottom` score lowest."""
    values = dict(zip(["A", "B", "C", "D", "E"], [95, 94, 93, 92, 91], strict=True))
    for i, subject in enumerate(bottom):
        values[subject] = 50 + i
    return rank(DEFAULT_SCHEME, score(DEFAULT_SCHEME, [f for s, v in values.items() for f in public(s, v)]))


def months(*bottoms: list[str]) -> list[dict[str, object]]:
    """Decide month after month; each month's standings carry into the next."""
    previous: dict[str, Standing] = {}
    history: list[dict[str, object]] = []
    for index, bottom in enumerate(bottoms, start=1):
        outcomes = decide(f"2018-{index:02d}", five_units(bottom), previous, MONTHLY, "fail")
        previous = {o.ranked.entry.subject_id: o.standing for o in outcomes}
        history.append(
            {
                "talks": sorted(o.ranked.entry.subject_id for o in outcomes if o.talk_required),
                "transfers": {
                    o.ranked.entry.subject_id: o.run_periods
                    for o in outcomes
                    if CONSECUTIVE_BOTTOM_RANK in o.transfer_reasons
                },
            }
        )
    return history


def test_three_bottom_months_in_a_row_propose_a_transfer_once() -> None:
    history = months(
        ["A", "B", "C"], ["A", "B", "D"], ["A", "C", "D"], ["A", "B", "C"], ["A", "B", "C"], ["A", "B", "C"]
    )
    assert [h["talks"] for h in history] == [["A", "B", "C"], ["A", "B", "D"], ["A", "C", "D"]] + [["A", "B", "C"]] * 3
    assert history[0]["transfers"] == history[1]["transfers"] == {}
    assert history[2]["transfers"] == {"A": ("2018-01", "2018-02", "2018-03")}
    # C is bottom in months 3-5; A's run restarts after its proposal, so A and B complete theirs in 6,
    # while C's restarts after month 5.
    assert history[3]["transfers"] == {}
    assert history[4]["transfers"] == {"C": ("2018-03", "2018-04", "2018-05")}
    assert history[5]["transfers"] == {
        "A": ("2018-04", "2018-05", "2018-06"),
        "B": ("2018-04", "2018-05", "2018-06"),
    }


def test_a_month_out_of_the_bottom_breaks_the_run() -> None:
    history = months(["A", "B", "C"], ["A", "B", "C"], ["D", "B", "C"], ["A", "E", "D"])
    assert history[2]["transfers"] == {
        "B": ("2018-01", "2018-02", "2018-03"),
        "C": ("2018-01", "2018-02", "2018-03"),
    }
    assert history[3]["transfers"] == {}


def test_a_run_of_failing_grades_proposes_a_transfer() -> None:
    annual = PeriodRules(bottom_talk=False, bottom_run=None, fail_run=2)
    year = rank(DEFAULT_SCHEME, score(DEFAULT_SCHEME, public("X", 60) + public("Y", 85)))
    first = decide("2017", year, {}, annual, "fail")
    assert [o.transfer_reasons for o in first] == [(), ()]
    assert not any(o.talk_required for o in first)
    second = decide("2018", year, {o.ranked.entry.subject_id: o.standing for o in first}, annual, "fail")
    proposals = {o.ranked.entry.subject_id: (o.transfer_reasons, o.run_periods) for o in second if o.transfer_reasons}
    assert proposals == {"X": ((CONSECUTIVE_FAIL,), ("2017", "2018"))}


def test_the_bottom_n_and_run_length_are_the_schemes() -> None:
    scheme = dataclasses.replace(DEFAULT_SCHEME, bottom_n=1)
    ranked = rank(scheme, score(scheme, [f for s, v in [("A", 90), ("B", 80), ("C", 70)] for f in public(s, v)]))
    assert [r.entry.subject_id for r in ranked if r.bottom] == ["C"]
    two_runs = PeriodRules(bottom_talk=True, bottom_run=2, fail_run=None)
    first = decide("2018-Q1", ranked, {}, two_runs, "fail")
    second = decide("2018-Q2", ranked, {o.ranked.entry.subject_id: o.standing for o in first}, two_runs, "fail")
    assert [o.ranked.entry.subject_id for o in second if o.transfer_reasons] == ["C"]
