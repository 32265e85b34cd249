"""The business time of a record entered by hand: when it happened, which may be before it is
recorded, and never after."""

from __future__ import annotations

from datetime import datetime

from shared.domain import InvalidInputError


class TimeInFutureError(InvalidInputError):
    code = "time_in_future"


def recorded_time(at: datetime, *, now: datetime, field: str) -> datetime:
    if at > now:
        raise TimeInFutureError(
            "a record cannot be dated in the future", field=field, at=at.isoformat(), now=now.isoformat()
        )
    return at
