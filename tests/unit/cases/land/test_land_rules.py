"""Rules of the land areas as versioned configuration: version 0 never changes, later versions are
validated whole and take effect on their date, and every result records the version it used."""

from __future__ import annotations

from datetime import date

import pytest

from cases.application import Cases
from cases.domain.land_rules import DEFAULT_VALUES, InvalidRuleValuesError, LandRuleFamily, validate_rule_values
from shared.domain.rules import RuleVersionOrderError


def test_version_zero_is_pinned() -> None:
    # Results record "version 0"; changing these values would change what version 0 meant.
    # Publish a new version instead.
    assert DEFAULT_VALUES == {
        LandRuleFamily.NORMATIVE_DOCUMENTS: {
            "filing_deadline_days": 30,
            "filing_deadline_unit": "calendar_days",
            "min_commencement_days": 30,
            "max_validity_years": 5,
        },
        LandRuleFamily.SATELLITE_INSPECTION: {
            "accountability_threshold": 0.15,
            "interview_threshold": 0.10,
            "count_rectified_in_ratio": True,
            "rectification_cutoff_month_day": "03-31",
            "clearance_months_after_period": 1,
        },
        LandRuleFamily.EXPROPRIATION: {
            "agreement_share_required": 1.0,
            "pre_notice_min_working_days": 10,
            "plan_announcement_min_days": 30,
            "hearing_request_working_days": 5,
        },
    }


def test_a_published_version_applies_from_its_date(cases: Cases) -> None:
    family = LandRuleFamily.SATELLITE_INSPECTION
    assert cases.land_rules(family, date(2018, 1, 1)).version == 0
    values = dict(DEFAULT_VALUES[family], accountability_threshold=0.12, interview_threshold=0.08)
    cases.publish_land_rules(family, effective_from=date(2019, 1, 1), values=values, note="省厅新口径")
    assert cases.land_rules(family, date(2018, 12, 31)).version == 0
    in_force = cases.land_rules(family, date(2019, 1, 1))
    assert (in_force.version, in_force["accountability_threshold"]) == (1, 0.12)
    assert [v.version for v in cases.land_rule_versions(family)] == [0, 1]
    with pytest.raises(RuleVersionOrderError):
        cases.publish_land_rules(family, effective_from=date(2018, 6, 1), values=values, note="")


@pytest.mark.parametrize(
    ("values", "problems"),
    [
        ({"filing_deadline_days": 30}, {"filing_deadline_unit", "min_commencement_days", "max_validity_years"}),
        (
            {**DEFAULT_VALUES[LandRuleFamily.NORMATIVE_DOCUMENTS], "filing_deadline_unit": "weeks", "extra": 1},
            {"filing_deadline_unit", "extra"},
        ),
        (
            {**DEFAULT_VALUES[LandRuleFamily.NORMATIVE_DOCUMENTS], "filing_deadline_days": True},
            {"filing_deadline_days"},
        ),
    ],
)
def test_a_version_is_complete_and_well_typed(cases: Cases, values: dict[str, object], problems: set[str]) -> None:
    with pytest.raises(InvalidRuleValuesError) as refused:
        cases.publish_land_rules(
            LandRuleFamily.NORMATIVE_DOCUMENTS, effective_from=date(2018, 1, 1), values=values, note=""
        )
    assert set(refused.value.details["problems"]) == problems


def test_satellite_thresholds_and_cut_off_are_checked() -> None:
    base = DEFAULT_VALUES[LandRuleFamily.SATELLITE_INSPECTION]
    with pytest.raises(InvalidRuleValuesError) as inverted:
        validate_rule_values(LandRuleFamily.SATELLITE_INSPECTION, {**base, "interview_threshold": 0.2})
    assert inverted.value.details["problems"] == {"interview_threshold": "must not exceed accountability_threshold"}
    with pytest.raises(InvalidRuleValuesError):
        validate_rule_values(LandRuleFamily.SATELLITE_INSPECTION, {**base, "rectification_cutoff_month_day": "02-30"})
    with pytest.raises(InvalidRuleValuesError):
        validate_rule_values(LandRuleFamily.SATELLITE_INSPECTION, {**base, "accountability_threshold": 0})
