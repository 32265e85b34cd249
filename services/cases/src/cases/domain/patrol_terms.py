"""Terms of dynamic patrols (动态巡查, DOMAIN §1.2 steps 0–1, §9): the plan's month and areas, a
patrol's findings, and the refusals of the area."""

from __future__ import annotations

import calendar
import re
from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from shared.domain import DomainError, InvalidInputError, NotFoundError

MONTH = re.compile(r"^(?P<year>20[0-9]{2})-(?P<month>0[1-9]|1[0-2])$")


def month_bounds(month: str) -> tuple[date, date]:
    """The first and last day of a plan's month (`YYYY-MM`)."""
    match = MONTH.match(month)
    if match is None:
        raise InvalidInputError("a plan's month is YYYY-MM", field="month", value=month)
    year, number = int(match["year"]), int(match["month"])
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


class Finding(StrEnum):
    NONE = "none"
    SUSPECTED_VIOLATION = "suspected_violation"  # registered as a lead of source `patrol`


@dataclass(frozen=True)
class PlannedArea:
    """An area the unit must patrol in the month, and on how many days (a visit is a day patrolled)."""

    area_code: str
    township_code: str
    village: str
    visits_required: int = 1

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_areas(areas: list[PlannedArea], first: date, last: date) -> None:
    """Malformed plans are refused whole (422): no area, an area twice, more visits than days."""
    if not areas:
        raise InvalidInputError("a plan names at least one area", field="areas")
    codes = [area.area_code for area in areas]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise InvalidInputError("each area is planned once", field="areas", repeated=repeated)
    days = (last - first).days + 1
    impossible = [area.area_code for area in areas if not 1 <= area.visits_required <= days]
    if impossible:
        raise InvalidInputError(
            f"a visit is a day patrolled: between 1 and {days} visits in this month",
            field="visits_required",
            area_codes=impossible,
        )


class PatrolPlanNotFoundError(NotFoundError):
    code = "patrol_plan_not_found"


class PatrolPlanAlreadyPublishedError(DomainError):
    """One plan per unit and month: a change to it is a revision of the plan already published."""

    code = "patrol_plan_already_published"


class PatrolPlanMonthEndedError(DomainError):
    code = "patrol_plan_month_ended"


class PatrolledAreaDroppedError(DomainError):
    code = "patrolled_area_dropped"


class AreaNotPlannedError(DomainError):
    code = "patrol_area_not_planned"


class PatrolOutsidePlanMonthError(DomainError):
    code = "patrol_outside_plan_month"


class PatrolAlreadyRecordedError(DomainError):
    """The patrol id is taken in this plan by a different record (the same record again changes nothing)."""

    code = "patrol_already_recorded"


class LeadNotFromPatrolError(DomainError):
    code = "lead_not_from_patrol"


class LeadAlreadyLinkedToPatrolError(DomainError):
    code = "lead_already_linked_to_patrol"


class LeadBeforePatrolError(DomainError):
    code = "lead_registered_before_patrol"
