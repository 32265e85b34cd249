"""The base of every command body: unknown fields refused, and every date or instant in it within the
bureau's calendar (`shared.domain.calendar`), so a wild year is a 422 naming the field, not an
overflow deep in a calendar computation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from shared.domain.calendar import (
    EARLIEST_BUSINESS_DAY,
    EARLIEST_BUSINESS_TIME,
    LATEST_BUSINESS_DAY,
    LATEST_BUSINESS_TIME,
)


def within_calendar(value: Any) -> Any:
    """`value` unchanged if every date or instant in it (or in the list or tuple it is) lies in
    1900–8999; otherwise a ValueError pydantic reports against the field. Naive instants are left to
    the field's own type (`AwareDatetime` refuses them)."""
    for item in value if isinstance(value, list | tuple) else (value,):
        if isinstance(item, datetime):
            if item.tzinfo is not None and not EARLIEST_BUSINESS_TIME <= item < LATEST_BUSINESS_TIME:
                raise ValueError(
                    f"an instant lies between {EARLIEST_BUSINESS_TIME.year} and {LATEST_BUSINESS_TIME.year}"
                )
        elif isinstance(item, date) and not EARLIEST_BUSINESS_DAY <= item < LATEST_BUSINESS_DAY:
            raise ValueError(f"a date lies between {EARLIEST_BUSINESS_DAY.year} and {LATEST_BUSINESS_DAY.year}")
    return value


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _within_calendar(cls, value: Any) -> Any:
        return within_calendar(value)
