"""The patrol routes in process: status codes, problem+json codes and details, roles and unit scope."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.cases.procedure.support import World
from tests.unit.cases.procedure.test_http import Api

PLAN = {
    "unit_id": "STN03",
    "month": "2018-04",
    "areas": [
        {"area_code": "A01", "township_code": "410322100", "village": "东村", "visits_required": 2},
        {"area_code": "A02", "township_code": "410322100", "village": "西村"},
    ],
    "published_at": "2018-03-28T10:00:00+08:00",
}


@pytest.fixture
def api(world: World) -> Api:
    return Api(world.cases)


def patrol(world: World, patrol_id: str, area_code: str, day: str, **fields: Any) -> dict[str, Any]:
    return {
        "patrol_id": patrol_id,
        "area_code": area_code,
        "patrolled_at": f"{day}T09:00:00+08:00",
        "officers": [{"officer_id": str(o), "certificate_shown": True} for o in (world.a, world.b)],
        "findings": "none",
        **fields,
    }


def test_a_plan_is_published_patrolled_and_read_with_its_coverage_over_http(api: Api, world: World) -> None:
    created = api.post("/patrol-plans", PLAN, role="unit_head")
    assert created.status_code == 201, created.text
    plan_id = created.json()["id"]
    assert created.headers["location"] == f"/patrol-plans/{plan_id}"
    again = api.post("/patrol-plans", PLAN, role="unit_head")
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    assert again.json()["code"] == "patrol_plan_already_published"
    assert again.json()["details"]["plan_id"] == plan_id

    assert api.post(f"/patrol-plans/{plan_id}/patrols", patrol(world, "XC-1", "A01", "2018-04-03")).status_code == 200
    logged = api.post(f"/patrol-plans/{plan_id}/patrols", patrol(world, "XC-2", "A02", "2018-04-04"))
    assert logged.json()["version"] == 3
    read = api.get(f"/patrol-plans/{plan_id}", role="auditor", unit=None)
    assert read.status_code == 200
    assert read.headers["etag"] == '"3"'
    body = read.json()
    assert (body["revision"], body["coverage"]) == (1, 0.75)
    assert [(a["area_code"], a["visits"], a["coverage"], a["patrolled_on"]) for a in body["areas"]] == [
        ("A01", 1, 0.5, ["2018-04-03"]),
        ("A02", 1, 1.0, ["2018-04-04"]),
    ]
    assert [p["patrol_id"] for p in body["patrols"]] == ["XC-1", "XC-2"]
    listed = api.get("/patrol-plans?unit_id=STN03&year=2018").json()
    assert listed["plans"] == [
        {"plan_id": plan_id, "month": "2018-04", "revision": 1, "coverage": 0.75, "areas": 2, "patrols": 2}
    ]
    history = api.get(f"/patrol-plans/{plan_id}/history").json()
    assert [h["event_type"] for h in history] == [
        "PatrolPlan.Published",
        "PatrolPlan.PatrolLogged",
        "PatrolPlan.PatrolLogged",
    ]


def test_refusals_name_the_rule_and_write_nothing(api: Api, world: World) -> None:
    plan_id = api.post("/patrol-plans", PLAN, role="unit_head").json()["id"]
    api.post(f"/patrol-plans/{plan_id}/patrols", patrol(world, "XC-1", "A02", "2018-04-03"))
    dropped = api.post(
        f"/patrol-plans/{plan_id}/revisions",
        {"areas": PLAN["areas"][:1], "revised_at": "2018-04-10T10:00:00+08:00"},
        role="unit_head",
    )
    assert dropped.status_code == 409
    assert dropped.json()["code"] == "patrolled_area_dropped"
    assert dropped.json()["details"] == {"area_codes": ["A02"], "patrol_ids": ["XC-1"]}
    unplanned = api.post(f"/patrol-plans/{plan_id}/patrols", patrol(world, "XC-2", "A09", "2018-04-03"))
    assert (unplanned.status_code, unplanned.json()["code"]) == (409, "patrol_area_not_planned")
    alone = patrol(world, "XC-3", "A01", "2018-04-03")
    alone["officers"] = alone["officers"][:1]
    too_small = api.post(f"/patrol-plans/{plan_id}/patrols", alone)
    assert (too_small.status_code, too_small.json()["code"]) == (409, "enforcement_team_too_small")
    no_lead = api.post(
        f"/patrol-plans/{plan_id}/patrols", patrol(world, "XC-4", "A01", "2018-04-03", findings="suspected_violation")
    )
    assert (no_lead.status_code, no_lead.json()["code"]) == (422, "invalid_input")
    malformed = api.post("/patrol-plans", {**PLAN, "month": "2018-4"}, role="unit_head")
    assert malformed.status_code == 422
    stale = api.post(
        f"/patrol-plans/{plan_id}/revisions",
        {"areas": PLAN["areas"], "revised_at": "2018-04-10T10:00:00+08:00"},
        role="unit_head",
        **{"If-Match": '"1"'},
    )
    assert (stale.status_code, stale.json()["code"]) == (409, "version_conflict")
    assert api.get(f"/patrol-plans/{plan_id}").json()["version"] == 2


def test_officers_and_unit_heads_see_and_act_on_their_own_units_plans_only(api: Api, world: World) -> None:
    officer_publishes = api.post("/patrol-plans", PLAN, role="officer")
    assert officer_publishes.status_code == 403
    other_head = api.post("/patrol-plans", PLAN, role="unit_head", unit="STN04")
    assert other_head.status_code == 403
    plan_id = api.post("/patrol-plans", PLAN, role="unit_head").json()["id"]
    assert api.get(f"/patrol-plans/{plan_id}", role="officer", unit="STN04").status_code == 403
    assert api.get("/patrol-plans?unit_id=STN03&year=2018", role="unit_head", unit="STN04").status_code == 403
    elsewhere = api.post(f"/patrol-plans/{plan_id}/patrols", patrol(world, "XC-1", "A01", "2018-04-03"), unit="STN04")
    assert elsewhere.status_code == 403
    auditor = api.post(f"/patrol-plans/{plan_id}/patrols", patrol(world, "XC-1", "A01", "2018-04-03"), role="auditor")
    assert auditor.status_code == 403
    director = api.post(
        f"/patrol-plans/{plan_id}/patrols", patrol(world, "XC-1", "A01", "2018-04-03"), role="director", unit=None
    )
    assert director.status_code == 200
    assert api.get(f"/patrol-plans/{plan_id}", role="director", unit=None).json()["version"] == 2
