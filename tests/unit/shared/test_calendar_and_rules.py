"""Working days with holidays and make-up days; rule sets versioned by effective date."""

from __future__ import annotations

from datetime import date

import pytest

from shared.domain.calendar import CHINA_2017_2018, WorkingDayCalendar
from shared.domain.rules import NoRulesInForceError, RuleSet, RuleVersionOrderError


def test_weekends_are_off_unless_they_are_make_up_days() -> None:
    assert not CHINA_2017_2018.is_working_day(date(2018, 3, 3))  # a Saturday
    assert CHINA_2017_2018.is_working_day(date(2018, 2, 11))  # a Sunday worked before Spring Festival
    assert not CHINA_2017_2018.is_working_day(date(2018, 2, 16))  # Spring Festival, a Friday


def test_ten_working_days_across_the_national_day_holiday() -> None:
    # Confirmed on Friday 29 September 2017: Saturday 30 September is worked (day 1), 1-8 October are
    # holidays, then 9-13 and 16-19 October are days 2 to 10.
    assert CHINA_2017_2018.add_working_days(date(2017, 9, 29), 10) == date(2017, 10, 19)


def test_counting_working_days_between_two_dates() -> None:
    plain = WorkingDayCalendar()
    assert plain.working_days_between(date(2018, 3, 2), date(2018, 3, 9)) == 5
    assert plain.working_days_between(date(2018, 3, 9), date(2018, 3, 2)) == 0
    assert plain.add_working_days(date(2018, 3, 2), 0) == date(2018, 3, 2)


def test_the_rules_in_force_are_the_latest_version_effective_on_the_day() -> None:
    rules = RuleSet(name="certificates")
    rules.publish(effective_from=date(2017, 8, 1), values={"validity_years": 5})
    rules.publish(effective_from=date(2019, 1, 1), values={"validity_years": 6})
    assert rules.in_force(date(2018, 6, 1)).values == {"validity_years": 5}
    assert rules.in_force(date(2019, 1, 1)).version == 2
    with pytest.raises(NoRulesInForceError):
        rules.in_force(date(2017, 7, 31))


def test_a_version_cannot_take_effect_before_the_latest_one() -> None:
    rules = RuleSet(name="deadlines")
    rules.publish(effective_from=date(2018, 1, 1), values={"filing_working_days": 10})
    with pytest.raises(RuleVersionOrderError):
        rules.publish(effective_from=date(2017, 1, 1), values={"filing_working_days": 7})
    assert [v.version for v in rules.versions] == [1]
