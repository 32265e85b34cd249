"""Dates of the demo: bureau-local instants as the API takes them, and working days on the 2017–2018
holiday calendar the services use."""

from __future__ import annotations

from datetime import date, timedelta

from shared.domain.calendar import CHINA_2017_2018

CALENDAR = CHINA_2017_2018


def when(day: date, hour: int = 9, minute: int = 0) -> str:
    """An instant on a bureau day (Asia/Shanghai, +08:00), as ISO 8601."""
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00+08:00"


def working_day_after(day: date, days: int) -> date:
    return CALENDAR.add_working_days(day, days)


def working_days_of(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    days = [first + timedelta(days=i) for i in range(31)]
    return [d for d in days if d.month == month and CALENDAR.is_working_day(d)]


def fridays_of(year: int, month: int) -> list[date]:
    """Fridays of a month that are working days (the weekly study is on Fridays)."""
    return [d for d in working_days_of(year, month) if d.weekday() == 4]


def first_working_monday(year: int, month: int) -> date:
    return next(d for d in working_days_of(year, month) if d.weekday() == 0)


def month_key(day: date) -> str:
    return f"{day.year}-{day.month:02d}"
