"""Helpers of the patrol tests: a plan of STN03 for April 2018, published by its head, and patrols."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from cases.domain.enforcers import TeamMember
from cases.domain.patrol_plan import PatrolPlan
from cases.domain.patrol_terms import Finding, PlannedArea
from tests.unit.cases.procedure.support import World, acting, at, shown

AREAS = [
    PlannedArea("A01", "410322100", "东村", 2),
    PlannedArea("A02", "410322100", "西村", 1),
]


def publish(world: World, month: str = "2018-04", areas: list[PlannedArea] | None = None, **overrides: Any) -> UUID:
    args: dict[str, Any] = {"unit_id": "STN03", "month": month, "areas": list(AREAS if areas is None else areas)}
    args["published_at"] = overrides.pop("published_at", at("2018-03-28"))
    args.update(overrides)
    with acting("unit_head"):
        return world.cases.publish_patrol_plan(**args).id


def patrol(
    world: World,
    plan_id: UUID,
    patrol_id: str = "XC-001",
    area_code: str = "A01",
    *,
    day: str = "2018-04-03",
    officers: list[TeamMember] | None = None,
    **overrides: Any,
) -> PatrolPlan:
    args: dict[str, Any] = {
        "patrol_id": patrol_id,
        "area_code": area_code,
        "officers": officers if officers is not None else shown(world.a, world.b),
        "findings": Finding.NONE,
        "patrolled_at": at(day, 9),
    }
    args.update(overrides)
    return world.cases.log_patrol(plan_id, **args)
