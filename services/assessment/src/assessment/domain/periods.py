"""Assessment periods: a month (units), a quarter (officers), a year (both), named by a key.

Keys: `2018-03` (monthly), `2018-Q1` (quarterly), `2018` (annual). Dates are bureau-local days and
both bounds are inclusive.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from shared.domain import InvalidInputError


class PeriodKind(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


class SubjectType(StrEnum):
    UNIT = "unit"
    OFFICER = "officer"


def ensure_subject_of_unit(subject_type: SubjectType, subject_id: str, unit_id: str, what: str) -> None:
    """A unit is its own subject: what is recorded about a unit names that unit twice."""
    if subject_type is SubjectType.UNIT and subject_id != unit_id:
        raise InvalidInputError(
            f"{what} about a unit names the unit as its subject", subject_id=subject_id, unit_id=unit_id
        )


class InvalidPeriodError(InvalidInputError):
    code = "invalid_period"


_KEY = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])))?$")
_SPAN = {PeriodKind.MONTHLY: 1, PeriodKind.QUARTERLY: 3, PeriodKind.ANNUAL: 12}
_COUNT = {PeriodKind.MONTHLY: 12, PeriodKind.QUARTERLY: 4, PeriodKind.ANNUAL: 1}


@dataclass(frozen=True, order=True)
class Period:
    kind: PeriodKind
    year: int
    index: int  # month 1-12, quarter 1-4, or 1 for the year

    def __post_init__(self) -> None:
        if not 1 <= self.index <= _COUNT[self.kind] or not 1900 <= self.year <= 9999:
            raise InvalidPeriodError("no such period", kind=self.kind.value, year=self.year, index=self.index)

    @classmethod
    def parse(cls, key: str) -> Period:
        match = _KEY.match(key.strip())
        if match is None:
            raise InvalidPeriodError(
                "a period is written 2018-03 (month), 2018-Q1 (quarter) or 2018 (year)", period=key
            )
        year = int(match["year"])
        if match["month"]:
            month = int(match["month"])
            if not 1 <= month <= 12:
                raise InvalidPeriodError("months run from 01 to 12", period=key)
            return cls(PeriodKind.MONTHLY, year, month)
        if match["quarter"]:
            return cls(PeriodKind.QUARTERLY, year, int(match["quarter"]))
        return cls(PeriodKind.ANNUAL, year, 1)

    @classmethod
    def containing(cls, kind: PeriodKind, day: date) -> Period:
        return cls(kind, day.year, (day.month - 1) // _SPAN[kind] + 1)

    @property
    def key(self) -> str:
        if self.kind is PeriodKind.MONTHLY:
            return f"{self.year:04d}-{self.index:02d}"
        if self.kind is PeriodKind.QUARTERLY:
            return f"{self.year:04d}-Q{self.index}"
        return f"{self.year:04d}"

    @property
    def start(self) -> date:
        return date(self.year, (self.index - 1) * _SPAN[self.kind] + 1, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Period:
        if self.index < _COUNT[self.kind]:
            return Period(self.kind, self.year, self.index + 1)
        return Period(self.kind, self.year + 1, 1)

    def previous(self) -> Period:
        if self.index > 1:
            return Period(self.kind, self.year, self.index - 1)
        return Period(self.kind, self.year - 1, _COUNT[self.kind])

    def parts(self, kind: PeriodKind) -> list[Period]:
        """The periods of `kind` that make up this one (the months or quarters of a year)."""
        if _SPAN[kind] > _SPAN[self.kind] or _SPAN[self.kind] % _SPAN[kind]:
            raise InvalidPeriodError(f"a {self.kind.value} period is not made of {kind.value} periods")
        first = Period.containing(kind, self.start)
        return [first, *_following(first, _SPAN[self.kind] // _SPAN[kind] - 1)]

    def __str__(self) -> str:
        return self.key


def periodic_parts(year: Period, kind_on: Callable[[date], PeriodKind]) -> list[Period]:
    """The months and quarters of `year` that are ranked, in order: a period is ranked when the
    scheme in force on its first day ranks its kind (`kind_on(day)`). A year whose scheme changes
    from monthly to quarterly on 1 April is made of 01..03 and Q2..Q4."""
    parts = [
        part
        for kind in (PeriodKind.MONTHLY, PeriodKind.QUARTERLY)
        for part in year.parts(kind)
        if kind_on(part.start) is kind
    ]
    return sorted(parts, key=lambda part: (part.start, part.end))


def _following(period: Period, count: int) -> list[Period]:
    result: list[Period] = []
    for _ in range(count):
        period = period.next()
        result.append(period)
    return result
