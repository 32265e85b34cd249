"""Counting time limits: business dates in the bureau's zone, working or calendar days, months."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from cases.domain.rules import WORKING, Limit
from shared.domain import InvalidInputError, get_clock
from shared.domain.calendar import BUREAU_TIMEZONE, WorkingDayCalendar

# A record may carry a business time a little ahead of the server's clock (clock skew), no more.
FUTURE_TOLERANCE = timedelta(minutes=10)


class OccurredInFutureError(InvalidInputError):
    code = "occurred_in_future"


def local_day(at: datetime) -> date:
    return at.astimezone(BUREAU_TIMEZONE).date()


def due_after(start: date, limit: Limit, working: WorkingDayCalendar) -> date:
    """The last day of a limit counted from `start` (the start day itself is not counted)."""
    if limit.unit == WORKING:
        return working.add_working_days(start, limit.days)
    return start + timedelta(days=limit.days)


def days_after(start: date, end: date) -> list[date]:
    """The days after `start` up to and including `end` (none if `end` is not after `start`)."""
    return [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def court_window_ends(challenge_ends: date, window_months: int, working: WorkingDayCalendar) -> date:
    """The last day to apply to the court: `window_months` after the party's challenge period ends
    (行政强制法 art. 53), a court period, so one ending on a day off runs to the next working day."""
    return working.working_day_on_or_after(add_months(challenge_ends, window_months))


# The Supreme People's Court's interpretations of the Administrative Litigation Law: an organ applies
# to enforce an effective judgment within 180 days (法释〔2000〕8号 art. 84), two years once the 2018
# interpretation took effect (法释〔2018〕1号 art. 153).
JUDGMENT_ENFORCEMENT_TWO_YEARS_FROM = date(2018, 2, 8)
JUDGMENT_ENFORCEMENT_DAYS_BEFORE_2018 = 180


def judgment_enforcement_ends(effective_on: date, working: WorkingDayCalendar) -> date:
    """The last day to apply to enforce a judgment that leaves the decision standing, counted from the
    day it took effect (the judgment setting no period to perform), moved off a day off like the
    other court periods."""
    if effective_on >= JUDGMENT_ENFORCEMENT_TWO_YEARS_FROM:
        ends = add_months(effective_on, 24)
    else:
        ends = effective_on + timedelta(days=JUDGMENT_ENFORCEMENT_DAYS_BEFORE_2018)
    return working.working_day_on_or_after(ends)


def business_time(at: datetime | None, *, field: str = "occurred_at") -> datetime:
    """The business time of a record: given (entered after the fact) or now; never in the future."""
    now = get_clock().now()
    if at is None:
        return now
    if at.tzinfo is None:
        raise InvalidInputError("times must carry a time zone", field=field)
    if at > now + FUTURE_TOLERANCE:
        raise OccurredInFutureError(
            "a record cannot be dated in the future", field=field, value=at.isoformat(), now=now.isoformat()
        )
    return at
