"""A scheme that changes how often units are ranked during the year: each part of the year is ranked
as the version in force there says, and the annual ranking averages exactly those rankings."""

from __future__ import annotations

from datetime import date

import pytest

from assessment.application import Assessments, InMemoryFacts, PeriodKindChangeMidQuarterError
from assessment.domain.default_scheme import DEFAULT_SCHEME
from assessment.domain.periods import Period, PeriodKind, SubjectType, periodic_parts
from assessment.domain.rankings import PeriodicPeriodsNotClosedError, PeriodNotRankedError
from shared.domain import FixedClock
from tests.unit.assessment.conftest import at
from tests.unit.assessment.facts import fact

UNIT = SubjectType.UNIT
UNITS = ["STN01", "STN02", "STN03", "STN04", "STN05"]
FIRST_QUARTER = ["2018-01", "2018-02", "2018-03"]
LATER_QUARTERS = ["2018-Q2", "2018-Q3", "2018-Q4"]


def units_quarterly() -> dict[str, object]:
    values = DEFAULT_SCHEME.to_values()
    values["periods"] = {"unit": "quarterly", "officer": "quarterly"}
    return values


def test_a_year_ranked_monthly_then_quarterly_closes_on_the_rankings_each_version_makes(
    app: Assessments, facts: InMemoryFacts, clock: FixedClock
) -> None:
    for month in range(1, 13):
        facts.add(
            *(
                fact(unit, "external_evaluation.public_score", 80 + i, day=date(2018, month, 10), producer="assessment")
                for i, unit in enumerate(UNITS)
            )
        )
    app.publish_scheme(effective_from=date(2018, 4, 1), values=units_quarterly(), note="units quarterly from Q2")
    at(clock, "2019-01-05")
    with pytest.raises(PeriodicPeriodsNotClosedError) as refused:
        app.close_period(UNIT, "2018")
    assert refused.value.details["missing"] == FIRST_QUARTER + LATER_QUARTERS
    with pytest.raises(PeriodNotRankedError):
        app.close_period(UNIT, "2018-04")  # April is part of a quarter under version 2
    for key in FIRST_QUARTER + LATER_QUARTERS:
        app.close_period(UNIT, key)
    year = app.close_period(UNIT, "2018")
    assert year.scheme_version == 1  # the annual ranking follows the version in force on 1 January
    rows = {row["subject_id"]: row for row in year.rows}
    assert [p["period"] for p in rows["STN01"]["explanation"]["periodic"]] == FIRST_QUARTER + LATER_QUARTERS
    assert rows["STN01"]["score"] == "80.00"


def test_the_periodic_parts_of_a_year_follow_the_scheme_in_force_on_each_first_day() -> None:
    year = Period.parse("2018")

    def quarterly_then_monthly(day: date) -> PeriodKind:
        return PeriodKind.QUARTERLY if day < date(2018, 7, 1) else PeriodKind.MONTHLY

    assert [p.key for p in periodic_parts(year, quarterly_then_monthly)] == [
        "2018-Q1",
        "2018-Q2",
        *(f"2018-{m:02d}" for m in range(7, 13)),
    ]
    assert periodic_parts(year, lambda day: PeriodKind.MONTHLY) == year.parts(PeriodKind.MONTHLY)


def test_a_change_between_monthly_and_quarterly_ranking_takes_effect_on_the_first_day_of_a_quarter(
    app: Assessments,
) -> None:
    written = app.recorder.max_notification_id()
    with pytest.raises(PeriodKindChangeMidQuarterError) as refused:
        app.publish_scheme(effective_from=date(2018, 5, 1), values=units_quarterly(), note="mid-quarter")
    assert refused.value.details == {
        "subject_type": "unit",
        "effective_from": "2018-05-01",
        "ranked_before": "monthly",
        "ranked_after": "quarterly",
        "earliest_effective_from": "2018-07-01",
    }
    assert app.recorder.max_notification_id() == written
    reweighted = DEFAULT_SCHEME.to_values()
    reweighted["bottom_n"] = 2
    app.publish_scheme(effective_from=date(2018, 5, 1), values=reweighted, note="no change of period kind")
