"""The facts table as the write side reads it: effective facts, as of recorded positions; a period
ranked from it is reproduced exactly after late facts and a scheme change."""

from __future__ import annotations

from datetime import UTC, date, datetime

from assessment.domain.default_scheme import DEFAULT_SCHEME
from assessment.domain.facts import FactCategory
from assessment.domain.periods import SubjectType
from shared.domain import FixedClock
from tests.support.assessment import AssessmentHarness, ScenarioFacts

UNIT = SubjectType.UNIT


async def test_facts_are_read_as_they_stand_or_as_of_positions_with_retractions(harness: AssessmentHarness) -> None:
    scenario = ScenarioFacts()
    kept = scenario.fact("STN01", "case_quality.review_score", 80, date(2018, 3, 5))
    wrong = scenario.fact("STN01", "case_quality.review_score", 20, date(2018, 3, 6))
    other_month = scenario.fact("STN01", "case_quality.review_score", 99, date(2018, 4, 1))
    officer = scenario.fact(
        "1f0c6a52-0000-4000-8000-000000000001", "training_exam.exam_score", 90, date(2018, 3, 7),
        subject_type=SubjectType.OFFICER, unit_id="STN01",
    )  # fmt: skip
    await harness.write_facts([kept, wrong, other_month, officer])
    retraction = scenario.fact("STN01", "case_quality.review_score", 0, date(2018, 3, 6), retracts=wrong)
    await harness.write_facts([retraction])

    def read(as_of: dict[str, int] | None = None) -> list[str]:
        snapshot = harness.app.facts.read(UNIT, date(2018, 3, 1), date(2018, 3, 31), as_of=as_of)
        return [str(f.fact_id) for f in snapshot.facts]

    assert read() == [str(kept.fact_id)]
    assert read({"scenario": 4}) == [str(kept.fact_id), str(wrong.fact_id)]  # before the retraction
    assert read({"scenario": 1}) == [str(kept.fact_id)]
    assert read({}) == []
    snapshot = harness.app.facts.read(UNIT, date(2018, 3, 1), date(2018, 3, 31))
    assert snapshot.through == {"scenario": 5}
    assert snapshot.facts[0].category is FactCategory.MEASURE


async def test_an_earlier_period_recomputed_on_postgres_gives_its_old_result(
    harness: AssessmentHarness, fixed_clock: FixedClock
) -> None:
    scenario = ScenarioFacts()
    units = {"STN01": [60, 100], "STN02": [90, 60], "STN03": [80, 80], "STN04": [70, 75]}
    for month in (3, 4):
        await harness.write_facts(
            scenario.month(
                2018,
                month,
                {
                    unit: {"case_quality.review_score": [review], "external_evaluation.public_score": [public]}
                    for unit, (review, public) in units.items()
                },
            )
        )
    values = DEFAULT_SCHEME.to_values()
    for item in values["items"]:
        item["weight"] = {"case_quality": "10", "external_evaluation": "25"}.get(item["code"], item["weight"])
    await harness.call(lambda: harness.app.publish_scheme(effective_from=date(2018, 4, 1), values=values, note="v2"))

    fixed_clock.set(datetime(2018, 4, 2, 2, tzinfo=UTC))
    march = await harness.call(lambda: harness.app.close_period(UNIT, "2018-03"))
    assert march.scheme_version == 1
    assert march.facts_through == {"scenario": 16}
    # A late March fact: it is in the preview of March, not in its recomputation.
    await harness.write_facts([scenario.fact("STN01", "case_quality.review_score", 100, date(2018, 3, 31))])
    fixed_clock.set(datetime(2018, 5, 2, 2, tzinfo=UTC))
    april = await harness.call(lambda: harness.app.close_period(UNIT, "2018-04"))
    assert april.scheme_version == 2
    assert [r["subject_id"] for r in april.rows] != [r["subject_id"] for r in march.rows]

    recomputed = await harness.call(lambda: harness.app.recompute(UNIT, "2018-03"))
    assert recomputed.matches
    assert recomputed.recomputed == march.rows
    preview = await harness.call(lambda: harness.app.preview(UNIT, "2018-03"))
    assert preview.rows() != march.rows
