"""KPIs from facts: per unit and bureau-wide; waiting for the producers not wired in yet."""

from __future__ import annotations

from decimal import Decimal

from assessment.domain.facts import FactCategory
from assessment.domain.kpis import PostHolder, certified_ratio, compute_kpis
from assessment.domain.periods import SubjectType
from tests.unit.assessment.facts import deduction, fact, retraction

OFFICER = "1f0c6a52-0000-4000-8000-000000000001"


def by_code(values: list) -> dict[str, tuple[str, Decimal | None, int]]:  # type: ignore[type-arg]
    return {v.code: (v.status, v.value, v.observations) for v in values}


def test_kpis_of_a_unit_and_of_the_bureau() -> None:
    withdrawn = fact("STN02", "external_evaluation.public_score", 10)
    facts = [
        fact("STN01", "external_evaluation.public_score", 90),
        fact("STN02", "external_evaluation.public_score", 70),
        withdrawn,
        retraction(withdrawn),
        deduction(OFFICER, "sanction_tier_2", subject_type=SubjectType.OFFICER, unit_id="STN01"),
        fact("STN01", "accountability.matter_raised"),
        fact("STN01", "timeliness.filed_on_time", 1),
        fact("STN01", "timeliness.filed_on_time", 0),
        fact("STN01", "timeliness.decided_on_time", 1),
    ]
    bureau = by_code(compute_kpis(facts, wired_producers={"assessment", "cases"}))
    assert bureau["public_satisfaction"] == ("ok", Decimal(80), 2)
    assert bureau["sanctions_imposed"] == ("ok", Decimal(1), 1)
    assert bureau["accountability_matters_raised"] == ("ok", Decimal(1), 1)
    assert bureau["on_time_rate.filed_on_time"] == ("ok", Decimal("0.5"), 2)
    assert bureau["on_time_rate.decided_on_time"] == ("ok", Decimal(1), 1)
    assert bureau["admonishment_talks_on_time"] == ("no_data", None, 0)
    assert bureau["training_coverage"] == ("waiting", None, 0)  # personnel is not wired in
    unit = by_code(compute_kpis(facts, wired_producers={"assessment"}, unit_id="STN02"))
    assert unit["public_satisfaction"] == ("ok", Decimal(70), 1)
    assert unit["sanctions_imposed"] == ("ok", Decimal(0), 0)
    assert unit["on_time_rate"] == ("waiting", None, 0)


def test_quotients_and_differences() -> None:
    facts = [
        fact("STN01", "kpi.satellite_illegal_cultivated_mu", 45),
        fact("STN01", "kpi.new_construction_cultivated_mu", 1500),
        fact("FARM", "kpi.farmland_supplemented_mu", 1650),
        fact("FARM", "kpi.farmland_occupied_mu", 1500),
    ]
    kpis = by_code(compute_kpis(facts, wired_producers={"cases"}))
    assert kpis["satellite_ratio"] == ("ok", Decimal("0.03"), 2)
    assert kpis["farmland_balance"] == ("ok", Decimal(150), 2)
    assert FactCategory.MEASURE.value == "measure"


def test_personnel_kpis_read_officer_facts_only() -> None:
    facts = [
        fact(OFFICER, "training_exam.attendance", 1, subject_type=SubjectType.OFFICER, unit_id="STN01"),
        fact(OFFICER, "training_exam.attendance", 0, subject_type=SubjectType.OFFICER, unit_id="STN01"),
        fact("STN01", "training_exam.attendance", 0),  # the unit's copy: not counted twice
        fact(OFFICER, "kpi.exam_passed", 1, subject_type=SubjectType.OFFICER, unit_id="STN01"),
    ]
    kpis = by_code(compute_kpis(facts, wired_producers={"personnel"}, unit_id="STN01"))
    assert kpis["training_coverage"] == ("ok", Decimal("0.5"), 2)
    assert kpis["exam_pass_rate"] == ("ok", Decimal(1), 1)


def test_three_none_counters_count_each_kind_and_say_zero_when_there_is_none() -> None:
    facts = [
        fact("LANDUSE", "kpi.three_none.petition"),
        fact("LANDUSE", "kpi.three_none.petition"),
        fact("LANDUSE", "kpi.three_none.litigation"),
        deduction("STN01", "deadline_breach", 2),
    ]
    kpis = by_code(compute_kpis(facts, wired_producers={"cases"}))
    assert kpis["three_none.petition"] == ("ok", Decimal(2), 2)
    assert kpis["three_none.reconsideration"] == ("ok", Decimal(0), 0)
    assert kpis["three_none.litigation"] == ("ok", Decimal(1), 1)
    assert kpis["deadline_breaches"] == ("ok", Decimal(2), 1)


def test_the_certified_ratio_counts_enforcement_post_holders_per_unit_and_bureau_wide() -> None:
    holders = [
        PostHolder("a", "STN01", certified=True),
        PostHolder("b", "STN01", certified=False),  # suspended, say
        PostHolder("c", "STN02", certified=True),
    ]
    bureau = certified_ratio(holders, wired_producers={"personnel"})
    assert (bureau.status, bureau.value, bureau.observations) == ("ok", Decimal("0.6667"), 3)
    unit = certified_ratio(holders, wired_producers={"personnel"}, unit_id="STN01")
    assert (unit.status, unit.value) == ("ok", Decimal("0.5"))
    assert certified_ratio(holders, wired_producers={"personnel"}, unit_id="LEGAL").status == "no_data"
    assert certified_ratio(holders, wired_producers={"cases"}).status == "waiting"


def test_patrol_coverage_is_the_mean_over_the_planned_areas_of_a_unit_or_of_the_bureau() -> None:
    replaced = fact("STN01", "patrol_and_stopping.patrol_coverage", "0.5")
    facts = [
        replaced,
        retraction(replaced),  # a later patrol of the area replaced it
        fact("STN01", "patrol_and_stopping.patrol_coverage", 1),
        fact("STN01", "patrol_and_stopping.patrol_coverage", "0.5"),
        fact("STN07", "patrol_and_stopping.patrol_coverage", 0),
    ]
    assert by_code(compute_kpis(facts, wired_producers={"cases"}, unit_id="STN01"))["patrol_coverage"] == (
        "ok",
        Decimal("0.75"),
        2,
    )
    assert by_code(compute_kpis(facts, wired_producers={"cases"}))["patrol_coverage"] == ("ok", Decimal("0.5"), 3)
