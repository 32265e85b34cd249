"""Public events of dynamic patrols: the plan as published or revised, and each patrol logged."""

from __future__ import annotations

from typing import Any

from cases.domain.patrol_plan import PatrolPlan
from cases.integration.base import to_integration_event
from shared.contracts import IntegrationEvent
from shared.contracts.cases import (
    PatrolAreaCoverage,
    PatrolPlanPatrolLoggedV1,
    PatrolPlanPublishedV1,
    PatrolPlanRevisedV1,
)


def _areas(coverage: list[dict[str, Any]]) -> list[PatrolAreaCoverage]:
    return [PatrolAreaCoverage.model_validate(area) for area in coverage]


@to_integration_event.register
def _(e: PatrolPlan.Published) -> IntegrationEvent:
    return PatrolPlanPublishedV1(
        plan_id=e.originator_id,
        unit_id=e.unit_id,
        month=e.month,
        revision=1,
        published_at=e.occurred_at,
        areas=_areas(e.coverage),
    )


@to_integration_event.register
def _(e: PatrolPlan.Revised) -> IntegrationEvent:
    return PatrolPlanRevisedV1(
        plan_id=e.originator_id,
        unit_id=e.unit_id,
        month=e.month,
        revision=e.revision,
        revised_at=e.occurred_at,
        areas=_areas(e.coverage),
        dropped_area_codes=e.dropped_area_codes,
    )


@to_integration_event.register
def _(e: PatrolPlan.PatrolLogged) -> IntegrationEvent:
    # The notes stay in cases: free text about places and people, of no use to a score.
    return PatrolPlanPatrolLoggedV1(
        plan_id=e.originator_id,
        unit_id=e.unit_id,
        month=e.month,
        patrol_id=e.patrol_id,
        area=PatrolAreaCoverage.model_validate(e.area),
        patrolled_at=e.occurred_at,
        officer_ids=e.officer_ids,
        certificate_nos=e.certificate_nos,
        findings=e.findings,
        lead_id=e.lead_id,
    )
