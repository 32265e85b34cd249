"""A unit's monthly patrol plan and the patrols logged against it: each rule and each refusal."""

from __future__ import annotations

from uuid import uuid4

import pytest

from cases.domain.enforcers import (
    CertificateNotShownError,
    EnforcementTeamTooSmallError,
    OfficerCannotEnforceError,
    TeamMember,
)
from cases.domain.errors import LeadNotFoundError, OccurredBeforeError
from cases.domain.patrol_plan import PatrolPlan
from cases.domain.patrol_terms import (
    AreaNotPlannedError,
    Finding,
    LeadAlreadyLinkedToPatrolError,
    LeadBeforePatrolError,
    LeadNotFromPatrolError,
    PatrolAlreadyRecordedError,
    PatrolledAreaDroppedError,
    PatrolOutsidePlanMonthError,
    PatrolPlanAlreadyPublishedError,
    PatrolPlanMonthEndedError,
    PatrolPlanNotFoundError,
    PlannedArea,
)
from cases.domain.timing import OccurredInFutureError
from shared.domain import InvalidInputError
from shared.domain.access import ForbiddenError
from tests.unit.cases.patrols.support import AREAS, patrol, publish
from tests.unit.cases.procedure.support import World, acting, at, shown


def test_a_plan_is_published_once_per_unit_and_month_with_every_area_uncovered(world: World) -> None:
    plan_id = publish(world)
    plan = world.cases.patrol_plan(plan_id)
    assert plan_id == PatrolPlan.create_id("STN03", "2018-04")
    assert (plan.unit_id, plan.month, plan.revision, plan.published_at) == ("STN03", "2018-04", 1, at("2018-03-28"))
    assert [(code, plan.coverage(code)) for code in plan.areas] == [("A01", 0.0), ("A02", 0.0)]
    with pytest.raises(PatrolPlanAlreadyPublishedError) as again:
        publish(world, areas=[PlannedArea("A09", "410322100", "南庄")])
    assert again.value.details["plan_id"] == str(plan_id)
    assert again.value.details["revise_at"] == f"/patrol-plans/{plan_id}/revisions"
    assert world.cases.patrol_plan(plan_id).version == 1
    assert publish(world, month="2018-05") != plan_id  # another month, another plan


@pytest.mark.parametrize(
    ("month", "areas", "field"),
    [
        ("2018-4", AREAS, "month"),
        ("2018-13", AREAS, "month"),
        ("2018-04", [], "areas"),
        ("2018-04", [AREAS[0], PlannedArea("A01", "410322100", "东村", 1)], "areas"),
        ("2018-04", [PlannedArea("A01", "410322100", "东村", 31)], "visits_required"),  # April has 30 days
        ("2018-04", [PlannedArea("A01", "410322100", "东村", 0)], "visits_required"),
    ],
)
def test_a_malformed_plan_is_refused_whole(world: World, month: str, areas: list[PlannedArea], field: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        publish(world, month=month, areas=areas)
    assert refused.value.status == 422
    assert refused.value.details["field"] == field
    assert world.cases.find_plan(PatrolPlan.create_id("STN03", "2018-04")) is None


def test_a_plan_is_not_published_once_its_month_has_ended(world: World) -> None:
    with pytest.raises(PatrolPlanMonthEndedError) as refused:
        publish(world, published_at=at("2018-05-01"))
    assert refused.value.details == {"month": "2018-04", "ended_on": "2018-04-30", "on": "2018-05-01"}


def test_a_unit_head_plans_for_their_own_unit_only(world: World) -> None:
    with acting("unit_head", unit="STN04"), pytest.raises(ForbiddenError):
        world.cases.publish_patrol_plan(unit_id="STN03", month="2018-04", areas=AREAS, published_at=at("2018-03-28"))
    plan_id = publish(world)
    with acting("officer", unit="STN04"), pytest.raises(ForbiddenError):
        patrol(world, plan_id)
    with acting("director", unit=None):
        assert patrol(world, plan_id).version == 2


def test_a_visit_is_a_day_patrolled_and_coverage_stops_at_what_the_plan_requires(world: World) -> None:
    plan_id = publish(world)
    patrol(world, plan_id, "XC-001", "A01", day="2018-04-03")
    plan = patrol(world, plan_id, "XC-002", "A01", day="2018-04-03")  # the same day again: still one visit
    assert (plan.visits("A01"), plan.coverage("A01")) == (1, 0.5)
    patrol(world, plan_id, "XC-003", "A01", day="2018-04-17")
    plan = patrol(world, plan_id, "XC-004", "A01", day="2018-04-24")
    assert (plan.visits("A01"), plan.coverage("A01"), plan.coverage("A02")) == (3, 1.0, 0.0)
    recorded = plan.patrols["XC-004"]
    assert recorded.officer_ids == (world.a, world.b)
    assert recorded.certificate_nos == (f"HN-{str(world.a)[:8]}", f"HN-{str(world.b)[:8]}")


def test_a_patrol_is_of_a_planned_area_on_a_day_of_the_plans_month_and_not_in_the_future(world: World) -> None:
    plan_id = publish(world)
    with pytest.raises(AreaNotPlannedError) as unplanned:
        patrol(world, plan_id, area_code="A09")
    assert unplanned.value.details == {"area_code": "A09", "planned_area_codes": ["A01", "A02"]}
    with pytest.raises(PatrolOutsidePlanMonthError) as outside:
        patrol(world, plan_id, day="2018-05-01")
    assert outside.value.details == {"month": "2018-04", "patrolled_on": "2018-05-01"}
    world.clock.set(at("2018-04-10", 12))
    with pytest.raises(OccurredInFutureError):
        patrol(world, plan_id, day="2018-04-12")
    assert world.cases.patrol_plan(plan_id).version == 1  # nothing half-written


def test_a_patrol_needs_two_officers_who_could_enforce_then_with_certificates_shown(world: World) -> None:
    plan_id = publish(world)
    with pytest.raises(EnforcementTeamTooSmallError):
        patrol(world, plan_id, officers=shown(world.a))
    with pytest.raises(OfficerCannotEnforceError) as uncertified:
        patrol(world, plan_id, officers=shown(world.a, world.reviewer))
    assert uncertified.value.details["officers"][0]["reason"] == "no_certificate"
    with pytest.raises(CertificateNotShownError):
        patrol(world, plan_id, officers=[TeamMember(world.a, True), TeamMember(world.b, False)])
    world.directory.revoke(world.b, "2018-04-10")
    patrol(world, plan_id, "XC-001", day="2018-04-09")
    with pytest.raises(OfficerCannotEnforceError):
        patrol(world, plan_id, "XC-002", day="2018-04-10")  # the certificate no longer valid that day
    assert world.cases.patrol_plan(plan_id).version == 2


def test_a_suspected_violation_names_the_patrol_lead_registered_from_it(world: World) -> None:
    plan_id = publish(world)
    with pytest.raises(InvalidInputError) as no_lead:
        patrol(world, plan_id, findings=Finding.SUSPECTED_VIOLATION)
    assert no_lead.value.details["field"] == "lead_id"
    with pytest.raises(InvalidInputError):
        patrol(world, plan_id, findings=Finding.NONE, lead_id=uuid4())
    with pytest.raises(LeadNotFoundError):
        patrol(world, plan_id, findings=Finding.SUSPECTED_VIOLATION, lead_id=uuid4())
    hotline = world.lead("L-hotline", source="hotline_12336", received_at=at("2018-04-03", 11))
    with pytest.raises(LeadNotFromPatrolError) as not_patrol:
        patrol(world, plan_id, findings=Finding.SUSPECTED_VIOLATION, lead_id=hotline)
    assert not_patrol.value.details["source"] == "hotline_12336"
    earlier = world.lead("L-earlier", received_at=at("2018-04-02", 11))
    with pytest.raises(LeadBeforePatrolError):
        patrol(world, plan_id, findings=Finding.SUSPECTED_VIOLATION, lead_id=earlier)

    found = world.lead("L-found", received_at=at("2018-04-03", 11))
    plan = patrol(world, plan_id, findings=Finding.SUSPECTED_VIOLATION, lead_id=found, notes="推土 north of the road")
    assert (plan.patrols["XC-001"].lead_id, plan.patrols["XC-001"].notes) == (found, "推土 north of the road")
    with pytest.raises(LeadAlreadyLinkedToPatrolError) as linked:
        patrol(world, plan_id, "XC-002", findings=Finding.SUSPECTED_VIOLATION, lead_id=found)
    assert linked.value.details == {"lead_id": str(found), "patrol_id": "XC-001"}


def test_the_same_patrol_logged_again_records_nothing_and_another_under_its_id_is_refused(world: World) -> None:
    plan_id = publish(world)
    assert patrol(world, plan_id).version == 2
    assert patrol(world, plan_id).version == 2  # a retry of the same record
    assert len(world.cases.stored_events(plan_id)) == 2
    with pytest.raises(PatrolAlreadyRecordedError) as taken:
        patrol(world, plan_id, area_code="A02")
    assert taken.value.details == {
        "patrol_id": "XC-001",
        "area_code": "A01",
        "patrolled_at": at("2018-04-03", 9).isoformat(),
    }


def test_the_latest_revision_counts_and_keeps_the_visits_made(world: World) -> None:
    plan_id = publish(world)
    patrol(world, plan_id, day="2018-04-03")
    with acting("unit_head"):
        world.cases.revise_patrol_plan(
            plan_id,
            areas=[PlannedArea("A01", "410322100", "东村", 4), PlannedArea("A03", "410322101", "南庄", 1)],
            revised_at=at("2018-04-10"),
        )
    plan = world.cases.patrol_plan(plan_id)
    assert (plan.revision, plan.revised_at, sorted(plan.areas)) == (2, at("2018-04-10"), ["A01", "A03"])
    assert (plan.visits("A01"), plan.coverage("A01"), plan.coverage("A03")) == (1, 0.25, 0.0)
    with pytest.raises(AreaNotPlannedError):
        patrol(world, plan_id, "XC-002", area_code="A02")  # dropped by the revision


def test_a_revision_cannot_drop_an_area_already_patrolled(world: World) -> None:
    plan_id = publish(world)
    patrol(world, plan_id, "XC-001", "A02")
    with acting("unit_head"), pytest.raises(PatrolledAreaDroppedError) as refused:
        world.cases.revise_patrol_plan(plan_id, areas=[AREAS[0]], revised_at=at("2018-04-10"))
    assert refused.value.details == {"area_codes": ["A02"], "patrol_ids": ["XC-001"]}
    assert world.cases.patrol_plan(plan_id).revision == 1


def test_a_plan_is_revised_within_its_month_after_it_was_published(world: World) -> None:
    plan_id = publish(world)
    with acting("unit_head"):
        with pytest.raises(PatrolPlanMonthEndedError):
            world.cases.revise_patrol_plan(plan_id, areas=AREAS, revised_at=at("2018-05-01"))
        with pytest.raises(OccurredBeforeError):
            world.cases.revise_patrol_plan(plan_id, areas=AREAS, revised_at=at("2018-03-27"))
        with pytest.raises(PatrolPlanNotFoundError):
            world.cases.revise_patrol_plan(uuid4(), areas=AREAS, revised_at=at("2018-04-10"))
    assert world.cases.patrol_plan(plan_id).version == 1


def test_a_units_plans_of_a_year_are_listed_by_month(world: World) -> None:
    publish(world, month="2018-05", published_at=at("2018-04-28"))
    publish(world, month="2018-04")
    publish(world, month="2019-01", published_at=at("2018-12-28"))
    assert [plan.month for plan in world.cases.patrol_plans_of("STN03", 2018)] == ["2018-04", "2018-05"]
    assert world.cases.patrol_plans_of("STN04", 2018) == []
