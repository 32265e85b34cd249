"""The period to apply to enforce a judgment: 180 days before 8 February 2018, two years from then,
moved off a day off."""

from __future__ import annotations

from datetime import date

from cases.domain.timing import judgment_enforcement_ends
from shared.domain.calendar import CHINA_2017_2018


def test_judgments_effective_before_8_february_2018_give_the_organ_180_days() -> None:
    assert judgment_enforcement_ends(date(2017, 6, 1), CHINA_2017_2018) == date(2017, 11, 28)
    assert judgment_enforcement_ends(date(2018, 2, 7), CHINA_2017_2018) == date(2018, 8, 6)


def test_from_8_february_2018_the_organ_has_two_years() -> None:
    assert judgment_enforcement_ends(date(2018, 2, 8), CHINA_2017_2018) == date(2020, 2, 10)  # 8 Feb 2020: a Saturday
    assert judgment_enforcement_ends(date(2018, 11, 5), CHINA_2017_2018) == date(2020, 11, 5)
