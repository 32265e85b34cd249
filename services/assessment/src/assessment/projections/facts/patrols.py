"""Facts of dynamic patrols: how far each unit covered its monthly patrol plan.

One fact per planned area and month, for the plan's unit only (a patrol is the unit's duty, not an
officer's), counting for the plan's last day: `patrol_and_stopping.patrol_coverage` = min(days
patrolled, days required) / days required. Every public event of a plan carries the coverage it
leaves, so each replaces what stood before: a patrol the fact of its area, a revision those of every
area of the plan (and retracts the areas it dropped). Keys derive from the event id, so replaying
the stream writes the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from uuid import UUID

from assessment.domain.periods import Period
from assessment.projections.facts.known import Known, Mapper, unit_only
from assessment.projections.facts.rows import RetractGroup, Written
from shared.contracts import IntegrationEvent
from shared.contracts.cases import (
    PatrolAreaCoverage,
    PatrolPlanPatrolLoggedV1,
    PatrolPlanPublishedV1,
    PatrolPlanRevisedV1,
)
from shared.messaging.envelope import Envelope

COVERAGE = "patrol_and_stopping.patrol_coverage"


def _area_group(plan_id: UUID, area_code: str) -> str:
    return f"patrol_plan/{plan_id}/area/{area_code}"


def coverage_of(area: PatrolAreaCoverage) -> Decimal:
    return (Decimal(min(area.visits, area.visits_required)) / Decimal(area.visits_required)).quantize(Decimal("0.0001"))


def _replace(
    envelope: Envelope,
    *,
    plan_id: UUID,
    unit_id: str,
    month: str,
    revision: int | None,
    areas: Iterable[PatrolAreaCoverage],
    dropped: Iterable[str] = (),
) -> list[Written]:
    key, counts_for = str(envelope.event_id), Period.parse(month).end
    rows: list[Written] = []
    for area in areas:
        group = _area_group(plan_id, area.area_code)
        detail = {
            "plan_id": str(plan_id), "month": month, "area_code": area.area_code, "visits": area.visits,
            "visits_required": area.visits_required, **({"revision": revision} if revision is not None else {}),
        }  # fmt: skip
        rows.append(RetractGroup(key=f"{key}/replaces/{area.area_code}", group=group))
        rows.append(
            unit_only(
                f"{key}/area/{area.area_code}",
                unit_id,
                code=COVERAGE,
                value=coverage_of(area),
                counts_for=counts_for,
                group=group,
                detail=detail,
            )
        )
    rows += [RetractGroup(key=f"{key}/drops/{code}", group=_area_group(plan_id, code)) for code in dropped]
    return rows


def plan_published(event: PatrolPlanPublishedV1, envelope: Envelope, known: Known) -> list[Written]:
    return _replace(
        envelope, plan_id=event.plan_id, unit_id=event.unit_id, month=event.month, revision=event.revision,
        areas=event.areas,
    )  # fmt: skip


def plan_revised(event: PatrolPlanRevisedV1, envelope: Envelope, known: Known) -> list[Written]:
    return _replace(
        envelope, plan_id=event.plan_id, unit_id=event.unit_id, month=event.month, revision=event.revision,
        areas=event.areas, dropped=event.dropped_area_codes,
    )  # fmt: skip


def patrol_logged(event: PatrolPlanPatrolLoggedV1, envelope: Envelope, known: Known) -> list[Written]:
    return _replace(
        envelope, plan_id=event.plan_id, unit_id=event.unit_id, month=event.month, revision=None, areas=[event.area]
    )


MAPPERS: Mapping[type[IntegrationEvent], Mapper] = {
    PatrolPlanPublishedV1: plan_published,
    PatrolPlanRevisedV1: plan_revised,
    PatrolPlanPatrolLoggedV1: patrol_logged,
}
