"""Dates and instants in query strings, accepted in ISO 8601 form only.

Pydantic's lax mode would read `?as_of=0` as 1970-01-01 (a Unix time); a client who sent a number
made a mistake, and should hear so (422), not receive the bureau's state of 1970. Both lie within
the bureau's calendar (`shared.web.requests.within_calendar`).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BeforeValidator

from shared.web.requests import within_calendar

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and not _ISO_DATE.match(value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


def _iso_instant(value: Any) -> Any:
    if isinstance(value, str) and not _ISO_INSTANT.match(value):
        raise ValueError("an instant is written YYYY-MM-DDTHH:MM[:SS][+08:00|Z]")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date), AfterValidator(within_calendar)]
IsoInstant = Annotated[datetime, BeforeValidator(_iso_instant), AfterValidator(within_calendar)]
# An instant that must name its time zone: a cursor the API itself handed out (`next_before`).
IsoAwareInstant = Annotated[AwareDatetime, BeforeValidator(_iso_instant), AfterValidator(within_calendar)]
