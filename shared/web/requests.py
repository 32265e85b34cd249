"""The base of every command body: unknown fields refused, every date or instant in it written in
ISO 8601 and within the bureau's calendar (`shared.domain.calendar`), so a wild year is a 422 naming
the field, not an overflow deep in a calendar computation."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any, get_args

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    FutureDate,
    FutureDatetime,
    NaiveDatetime,
    PastDate,
    PastDatetime,
    ValidationInfo,
    field_validator,
)

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


# pydantic's own date and instant types, which are not subclasses of `date`.
_TEMPORAL_TYPES = (AwareDatetime, NaiveDatetime, FutureDate, PastDate, FutureDatetime, PastDatetime)


def _names_a_date(annotation: Any) -> bool:
    """Whether a type is, or holds (optional, in a list, annotated), a date or an instant."""
    if annotation in _TEMPORAL_TYPES or (isinstance(annotation, type) and issubclass(annotation, date)):
        return True
    return any(_names_a_date(argument) for argument in get_args(annotation))


@cache
def _temporal_field(model: type[BaseModel], name: str) -> bool:
    field = model.model_fields.get(name)
    return field is not None and _names_a_date(field.annotation)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) or (isinstance(value, list | tuple) and any(_number(v) for v in value))


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _written_as_dates(cls, value: Any, info: ValidationInfo) -> Any:
        # Pydantic's lax mode reads a number as a Unix time (`"at": 0` is 1970-01-01): a client who
        # sent one made a mistake, and hears so rather than have a fact recorded on that day.
        if info.field_name is not None and _number(value) and _temporal_field(cls, info.field_name):
            raise ValueError("a date is written YYYY-MM-DD and an instant YYYY-MM-DDTHH:MM[:SS]+08:00, not as a number")
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _within_calendar(cls, value: Any) -> Any:
        return within_calendar(value)
