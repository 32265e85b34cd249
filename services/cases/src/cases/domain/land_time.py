"""Business times of the land areas: dates in the bureau's time zone, and times that cannot lie ahead.

A record entered after the fact carries the time it happened in the world (`occurred_at`); the
recorded time stays the clock's. A business time in the future is refused, since it would let a
client place a filing or a report before it happened.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from shared.domain import InvalidInputError, get_clock
from shared.domain.calendar import BUREAU_TIMEZONE

# Tolerated drift between a client's clock and ours before a time counts as "in the future".
CLOCK_SKEW = timedelta(minutes=5)


class TimeInFutureError(InvalidInputError):
    code = "time_in_future"


class TimeOutOfOrderError(InvalidInputError):
    code = "time_out_of_order"


def bureau_date(instant: datetime) -> date:
    return instant.astimezone(BUREAU_TIMEZONE).date()


def bureau_today() -> date:
    return bureau_date(get_clock().now())


def end_of_bureau_day(day: date) -> datetime:
    """The last instant of `day` in the bureau's time zone."""
    return datetime.combine(day, time.max, tzinfo=BUREAU_TIMEZONE)


def business_time(field: str, value: datetime | None) -> datetime:
    """`value` (default: now), refused if it lies in the future."""
    now = get_clock().now()
    if value is None:
        return now
    if value.tzinfo is None:
        raise InvalidInputError(f"{field} needs a time zone", field=field)
    if value > now + CLOCK_SKEW:
        raise TimeInFutureError(f"{field} lies in the future", field=field, value=value.isoformat())
    return value


def not_before(field: str, value: datetime, earlier_field: str, earlier: datetime | None, **details: Any) -> None:
    """Refuse a step dated before the step it follows; `details` say which record it follows, if
    the field alone does not."""
    if earlier is not None and value < earlier:
        raise TimeOutOfOrderError(
            f"{field} cannot be before {earlier_field}",
            field=field,
            value=value.isoformat(),
            **{earlier_field: earlier.isoformat()},
            **details,
        )
