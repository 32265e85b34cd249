"""What a patrol plan publishes: every stored event, with the coverage it leaves per area."""

from __future__ import annotations

from cases.domain.patrol_plan import PatrolPlan
from cases.domain.patrol_terms import Finding, PlannedArea
from cases.integration import to_integration_event
from shared.contracts import REGISTRY
from shared.contracts.cases import PatrolPlanPatrolLoggedV1, PatrolPlanPublishedV1, PatrolPlanRevisedV1
from tests.unit.cases.patrols.support import patrol, publish
from tests.unit.cases.procedure.support import World, acting, at


def test_every_event_of_a_plan_is_public_and_carries_the_coverage_it_leaves(world: World) -> None:
    assert {name for name in dir(PatrolPlan) if name in ("Published", "Revised", "PatrolLogged")} == {
        "Published",
        "Revised",
        "PatrolLogged",
    }
    plan_id = publish(world)
    lead = world.lead("L-found", received_at=at("2018-04-03", 11))
    patrol(world, plan_id, "XC-001", "A01", day="2018-04-03", findings=Finding.SUSPECTED_VIOLATION, lead_id=lead)
    patrol(world, plan_id, "XC-002", "A02", day="2018-04-04", notes="nothing")
    with acting("unit_head"):
        world.cases.revise_patrol_plan(
            plan_id,
            areas=[PlannedArea("A01", "410322100", "东村", 1), PlannedArea("A02", "410322100", "西村", 3)],
            revised_at=at("2018-04-10"),
        )
    published = [to_integration_event(event) for event in world.cases.stored_events(plan_id)]
    for public in published:
        assert public is not None
        assert REGISTRY[public.subject].model_validate(public.model_dump(mode="json")) == public
    first, logged, _, revised = published
    assert isinstance(first, PatrolPlanPublishedV1)
    assert (first.plan_id, first.unit_id, first.month, first.revision) == (plan_id, "STN03", "2018-04", 1)
    assert [(a.area_code, a.visits_required, a.visits) for a in first.areas] == [("A01", 2, 0), ("A02", 1, 0)]
    assert isinstance(logged, PatrolPlanPatrolLoggedV1)
    assert (logged.patrol_id, logged.area.area_code, logged.area.visits, logged.area.visits_required) == (
        "XC-001",
        "A01",
        1,
        2,
    )
    assert (logged.findings, logged.lead_id, logged.patrolled_at) == ("suspected_violation", lead, at("2018-04-03", 9))
    assert logged.officer_ids == [world.a, world.b]
    assert isinstance(revised, PatrolPlanRevisedV1)
    assert revised.revision == 2
    assert [(a.area_code, a.visits_required, a.visits) for a in revised.areas] == [("A01", 1, 1), ("A02", 3, 1)]
    assert revised.dropped_area_codes == []
