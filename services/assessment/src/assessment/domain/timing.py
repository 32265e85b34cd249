"""The business time of a record entered by hand: when it happened, which may be before it is
recorded, and never after; and the bureau's "today"."""

from __future__ import annotations

from datetime import date, datetime

from shared.domain import InvalidInputError, get_clock
from shared.domain.calendar import BUREAU_TIMEZONE


class TimeInFutureError(InvalidInputError):
    code = "time_in_future"


class TimeOutOfOrderError(InvalidInputError):
    """A step dated before the step it follows (as in cases: `time_out_of_order`)."""

    code = "time_out_of_order"


def bureau_today() -> date:
    """Today in the bureau (Asia/Shanghai) by the injected clock: the day a default "today" means.
    Not the clock's UTC date, which lags the bureau's day until 08:00 local time."""
    return get_clock().now().astimezone(BUREAU_TIMEZONE).date()


def recorded_time(at: datetime, *, now: datetime, field: str) -> datetime:
    if at > now:
        raise TimeInFutureError(
            "a record cannot be dated in the future", field=field, at=at.isoformat(), now=now.isoformat()
        )
    return at
