"""The illegal-farmland ratio (§6.2, 15号令 art. 3) on a known set of patches, worked out by hand,
the accountability it triggers once, warning interviews, and the prefecture ranking."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cases.application import Cases
from cases.domain.land_rules import DEFAULT_VALUES, LandRuleFamily
from cases.domain.satellite_inspection import SatelliteInspectionYear
from cases.domain.satellite_ranking import rank_by_ratio
from cases.domain.satellite_terms import (
    IllegalKind,
    InterviewLevel,
    NewConstructionAreaInconsistentError,
    NewConstructionAreaMissingError,
    PatchClass,
    RatioNotComputedError,
    RectificationMethod,
)
from shared.domain import FixedClock, InvalidInputError
from tests.unit.cases.land.conftest import at
from tests.unit.cases.land.satellite_helpers import REGION, batch, classified, linked, patches, reported, verified


def rectify(cases: Cases, patch_id: object, day: str) -> None:
    cases.rectify_satellite_patch(
        patch_id,  # type: ignore[arg-type]
        method=RectificationMethod.DEMOLISHED_RESTORED,
        verified_by=["o-1"],
        rectified_at=at(day),
    )


@pytest.fixture
def inspected(cases: Cases, fixed_clock: FixedClock) -> Cases:
    """The 2017 annual batch of county 410322 (received 2018-01-10, due 2018-02-28), on 20 April 2018.

    | patch | class                 | measured | cultivated | basic | lead/case  | rectified  | reported     |
    |-------|-----------------------|----------|------------|-------|------------|------------|--------------|
    | P1    | illegal (occupation)  | 12.0     | 9.0        | 3.0   | lead, case | 2018-03-20 | 02-20 on time |
    | P2    | illegal (approval)    | 6.0      | 6.0        | 0.0   | lead       |            | 03-05 late    |
    | P3    | illegal (occupation)  | 5.5      | 4.5        | 1.5   | lead, case | 2018-04-10 | 02-25 on time |
    | P4    | legal_approved        | 30.0     | 25.0       |       |            |            | on time       |
    | P5    | facility_agricultural | 4.0      | 3.0        |       |            |            | on time       |
    | P6    | false_change          | 2.0      | 0.0        |       |            |            | on time       |
    | P7    | temporary_use         | 3.0      | 2.0        |       |            |            | never         |
    | P8    | (not classified)      |          |            |       |            |            | never         |
    """
    fixed_clock.set(datetime(2018, 4, 20, 2, 0, tzinfo=UTC))
    ids = patches(cases, batch(cases, count=8), *(f"P{n}" for n in range(1, 9)))
    p1, p2, p3, p4, p5, p6, p7, _unclassified = ids
    for patch_id in ids[:7]:
        verified(cases, patch_id)
    classified(cases, p1, PatchClass.ILLEGAL, measured=12.0, cultivated=9.0, basic=3.0)
    classified(cases, p2, PatchClass.ILLEGAL, measured=6.0, cultivated=6.0, kind=IllegalKind.ILLEGAL_APPROVAL)
    classified(cases, p3, PatchClass.ILLEGAL, measured=5.5, cultivated=4.5, basic=1.5)
    classified(cases, p4, PatchClass.LEGAL_APPROVED, measured=30.0, cultivated=25.0)
    classified(cases, p5, PatchClass.FACILITY_AGRICULTURAL, measured=4.0, cultivated=3.0)
    classified(cases, p6, PatchClass.FALSE_CHANGE, measured=2.0, cultivated=0.0)
    classified(cases, p7, PatchClass.TEMPORARY_USE, measured=3.0, cultivated=2.0)
    linked(cases, p1, with_case=True)
    linked(cases, p2, with_case=False)
    linked(cases, p3, with_case=True)
    for patch_id, day in ((p1, "2018-02-20"), (p2, "2018-03-05"), (p3, "2018-02-25"), (p4, "2018-02-21")):
        reported(cases, patch_id, day)
    reported(cases, p5, "2018-02-22")
    reported(cases, p6, "2018-02-23")
    rectify(cases, p1, "2018-03-20")
    rectify(cases, p3, "2018-04-10")
    return cases


def ratio_of(cases: Cases) -> SatelliteInspectionYear:
    return cases.compute_illegal_farmland_ratio(region_code=REGION, year=2017, leader_ids=["county-head-1"])


def test_the_ratio_and_its_sub_metrics(inspected: Cases) -> None:
    with pytest.raises(NewConstructionAreaMissingError):
        ratio_of(inspected)
    inspected.record_new_construction_occupation(region_code=REGION, year=2017, cultivated_mu=150.0, source="变更调查")
    result = ratio_of(inspected).latest
    assert result is not None
    # Illegal: P1 P2 P3. Area 12 + 6 + 5.5 = 23.5; cultivated 9 + 6 + 4.5 = 19.5; basic 3 + 0 + 1.5 = 4.5.
    assert (result.patches, result.unclassified_patches, result.illegal_patches) == (8, 1, 3)
    assert (result.illegal_area_mu, result.illegal_cultivated_mu, result.illegal_basic_farmland_mu) == (23.5, 19.5, 4.5)
    # Rectified patches count (the default): 19.5 / 150 = 13%: below 15%, above the 10% interview line.
    assert (result.counted_illegal_cultivated_mu, result.ratio) == (19.5, 0.13)
    assert (result.triggered, result.interview_required, result.rule_version) == (False, True, 0)
    # Filed as cases: P1 P3 of 3; rectified: P1 P3 of 3; on time: P1 P3 P4 P5 P6 of 8.
    assert (result.filed_as_case_share, result.rectified_share, result.verified_on_time_share) == (
        0.6667,
        0.6667,
        0.625,
    )
    assert result.rectification_cutoff_on == date(2018, 3, 31)
    assert not inspected.satellite_inspection(REGION, 2017).accountability_triggered


def test_patches_rectified_by_the_cut_off_leave_the_ratio_when_the_rules_say_so(inspected: Cases) -> None:
    values = dict(DEFAULT_VALUES[LandRuleFamily.SATELLITE_INSPECTION], count_rectified_in_ratio=False)
    inspected.publish_land_rules(
        LandRuleFamily.SATELLITE_INSPECTION, effective_from=date(2017, 1, 1), values=values, note=""
    )
    inspected.record_new_construction_occupation(region_code=REGION, year=2017, cultivated_mu=150.0, source="变更调查")
    result = ratio_of(inspected).latest
    assert result is not None
    # P1 was rectified on 20 March, by the 31 March cut-off: out. P3 (10 April) stays: 6 + 4.5 = 10.5 / 150.
    assert (result.counted_illegal_cultivated_mu, result.ratio, result.interview_required) == (10.5, 0.07, False)
    assert (result.count_rectified_in_ratio, result.rule_version) == (False, 1)


def test_accountability_triggers_at_fifteen_percent_and_is_recorded_once(inspected: Cases) -> None:
    inspected.record_new_construction_occupation(region_code=REGION, year=2017, cultivated_mu=130.0, source="变更调查")
    inspection = ratio_of(inspected)
    assert inspection.latest is not None
    assert (inspection.latest.ratio, inspection.latest.triggered) == (0.15, True)  # 19.5 / 130, exactly the line
    ratio_of(inspected)
    events = [type(e).__name__ for e in inspected.stored_events(inspection.id)]
    assert events.count("RatioComputed") == 2
    assert events.count("AccountabilityTriggered") == 1
    trigger = next(e for e in inspected.stored_events(inspection.id) if type(e).__name__ == "AccountabilityTriggered")
    assert (trigger.ratio, trigger.leader_ids, trigger.proposed_sanction) == (
        0.15,
        ["county-head-1"],
        "warning_or_demerit",
    )


def test_a_ratio_just_below_fifteen_percent_does_not_reach_it_by_rounding(cases: Cases) -> None:
    (patch_id,) = patches(cases, batch(cases), "P-1")
    verified(cases, patch_id)
    classified(cases, patch_id, PatchClass.ILLEGAL, measured=15000.0, cultivated=15000.0)
    # 15000 / 100000.01 = 0.14999998...: shown as 0.15 to six digits, yet below the line.
    cases.record_new_construction_occupation(region_code=REGION, year=2017, cultivated_mu=100000.01, source="变更调查")
    inspection = ratio_of(cases)
    assert inspection.latest is not None
    assert (inspection.latest.ratio, inspection.latest.threshold) == (0.15, 0.15)
    assert (inspection.latest.triggered, inspection.accountability_triggered) == (False, False)
    assert "AccountabilityTriggered" not in [type(e).__name__ for e in cases.stored_events(inspection.id)]


def test_the_survey_total_is_kept_as_entered_and_not_rounded_onto_the_line(cases: Cases) -> None:
    (patch_id,) = patches(cases, batch(cases), "P-1")
    verified(cases, patch_id)
    classified(cases, patch_id, PatchClass.ILLEGAL, measured=15.0, cultivated=15.0)
    # 100.004 rounded to 100.00 would make 15 / 100 exactly 15%.
    cases.record_new_construction_occupation(region_code=REGION, year=2017, cultivated_mu=100.004, source="变更调查")
    inspection = ratio_of(cases)
    assert inspection.new_construction_cultivated_mu == 100.004
    assert inspection.latest is not None
    assert (inspection.latest.ratio, inspection.latest.new_construction_cultivated_mu) == (0.149994, 100.0)
    assert (inspection.latest.triggered, inspection.accountability_triggered) == (False, False)


def test_a_bad_impact_triggers_accountability_below_the_threshold(inspected: Cases) -> None:
    inspected.record_new_construction_occupation(region_code=REGION, year=2017, cultivated_mu=1500.0, source="变更调查")
    with pytest.raises(InvalidInputError):
        inspected.flag_satellite_bad_impact(region_code=REGION, year=2017, reason=" ")
    inspected.flag_satellite_bad_impact(region_code=REGION, year=2017, reason="强占基本农田引发群体性事件")
    result = ratio_of(inspected).latest
    assert result is not None
    assert (result.ratio, result.bad_impact, result.triggered) == (0.013, True, True)


def test_the_survey_total_cannot_be_smaller_than_the_illegal_part(inspected: Cases) -> None:
    inspected.record_new_construction_occupation(region_code=REGION, year=2017, cultivated_mu=10.0, source="变更调查")
    with pytest.raises(NewConstructionAreaInconsistentError):
        ratio_of(inspected)


def test_warning_interviews_name_their_level(inspected: Cases) -> None:
    with pytest.raises(InvalidInputError):
        inspected.record_warning_interview(
            region_code=REGION, year=2017, level=InterviewLevel.TOWNSHIP, township_code=None,
            held_by="县政府", interviewees=["镇长"], reason="违法占地比例高",
        )  # fmt: skip
    inspection = inspected.record_warning_interview(
        region_code=REGION, year=2017, level=InterviewLevel.TOWNSHIP, township_code="410322101",
        held_by="县政府", interviewees=["镇长", "分管副镇长"], reason="违法占地比例高", held_at=at("2018-04-18"),
    )  # fmt: skip
    assert inspection.interviews == 1


def test_the_prefecture_ranks_counties_lowest_ratio_first(inspected: Cases) -> None:
    assert [(r.region_code, r.rank) for r in rank_by_ratio({"a": 0.2, "b": 0.1, "c": 0.1, "d": 0.05})] == [
        ("d", 1),
        ("b", 2),
        ("c", 2),
        ("a", 4),
    ]
    with pytest.raises(RatioNotComputedError):
        inspected.publish_satellite_ranking(
            prefecture_code="4103", year=2017, own_region_code=REGION, others={"x": 0.1}
        )
    inspected.record_new_construction_occupation(region_code=REGION, year=2017, cultivated_mu=650.0, source="变更调查")
    ratio_of(inspected)  # 19.5 / 650 = 3%
    others = {"410323": 0.045, "410324": 0.03, "410325": 0.18, "410381": 0.02}
    ranking = inspected.publish_satellite_ranking(
        prefecture_code="4103", year=2017, own_region_code=REGION, others=others
    )
    assert [(r.region_code, r.rank) for r in ranking.ranks] == [
        ("410381", 1),
        ("410322", 2),
        ("410324", 2),
        ("410323", 4),
        ("410325", 5),
    ]
    assert ranking.own_rank == 2
    with pytest.raises(InvalidInputError):
        inspected.publish_satellite_ranking(
            prefecture_code="4103", year=2017, own_region_code=REGION, others={REGION: 0.01}
        )
