"""The cases API in process: status codes, problem+json codes and details, roles and unit scope."""

from __future__ import annotations

import warnings
from typing import Any
from uuid import uuid4

import pytest

from cases.application import Cases
from cases.bootstrap import ROUTERS
from tests.support.service_app import GatewaySigner, service_app
from tests.unit.cases.procedure.support import World, decided_case, serve

with warnings.catch_warnings():  # starlette suggests another httpx package; the test client works as is
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


class Api:
    def __init__(self, cases: Cases) -> None:
        self.signer = GatewaySigner("cases")
        self.client = TestClient(service_app(self.signer, ROUTERS, cases))

    def post(
        self, path: str, body: dict[str, Any], role: str = "officer", unit: str | None = "STN03", **headers: str
    ) -> Any:
        return self.client.post(path, json=body, headers={**self.signer.headers(role, unit), **headers})

    def get(self, path: str, role: str = "officer", unit: str | None = "STN03") -> Any:
        return self.client.get(path, headers=self.signer.headers(role, unit))


@pytest.fixture
def api(world: World) -> Api:
    return Api(world.cases)


LEAD = {
    "register_no": "孟国土线〔2018〕031号",
    "source": "hotline_12336",
    "unit_id": "STN03",
    "received_at": "2018-03-01T09:00:00+08:00",
    "location": {"township_code": "410322100", "village": "东村"},
    "description": "未批先建",
    "reporter": {"name": "李四", "phone": "138", "confidential": True},
}


def team(world: World) -> list[dict[str, Any]]:
    return [{"officer_id": str(o), "certificate_shown": True} for o in (world.a, world.b)]


def test_a_lead_is_registered_read_and_verified_over_http(api: Api, world: World) -> None:
    created = api.post("/leads", LEAD)
    assert created.status_code == 201, created.text
    lead_id = created.json()["id"]
    assert created.headers["location"] == f"/leads/{lead_id}"
    read = api.get(f"/leads/{lead_id}")
    assert read.headers["etag"] == '"1"'
    assert read.json()["reporter"] == {"confidential": True}
    refused = api.post(
        f"/leads/{lead_id}/verification",
        {
            "outcome": "violation_confirmed",
            "record_no": "HC-1",
            "officers": team(world)[:1],
            "verified_at": "2018-03-02T10:00:00+08:00",
        },
    )
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "enforcement_team_too_small"
    assert refused.json()["details"] == {"required": 2, "listed": 1}
    assert api.get(f"/leads/{lead_id}").json()["version"] == 1
    verified = api.post(
        f"/leads/{lead_id}/verification",
        {
            "outcome": "violation_confirmed",
            "record_no": "HC-1",
            "officers": team(world),
            "verified_at": "2018-03-02T10:00:00+08:00",
        },
        **{"If-Match": '"1"'},
    )
    assert verified.status_code == 200, verified.text
    assert verified.json()["version"] == 2
    stale = api.post(
        f"/leads/{lead_id}/verification-assignment", {"officer_ids": [str(world.a)]}, **{"If-Match": '"1"'}
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "version_conflict"
    history = api.get(f"/leads/{lead_id}/history").json()
    assert [h["event_type"] for h in history] == ["ViolationLead.Registered", "ViolationLead.Verified"]


def test_filing_a_lead_with_a_step_missing_is_a_409_naming_the_steps(api: Api, world: World) -> None:
    lead_id = api.post("/leads", LEAD).json()["id"]
    body = {
        "case_no": "孟国土资罚〔2018〕012号",
        "filing_form_no": "LA-1",
        "party": {"type": "person", "name": "张三"},
        "cause": "非法占地",
        "facts_summary": "built without approval",
        "violation_type": "illegal_occupation",
        "conditions": dict.fromkeys(
            ("identified_party", "violation_fact", "liability", "jurisdiction", "within_limitation"), True
        ),
        "handling_officer_ids": [str(world.a), str(world.b)],
        "approved_by": str(world.director),
        "filed_at": "2018-03-05T10:00:00+08:00",
    }
    refused = api.post(f"/leads/{lead_id}/filing", body)
    assert refused.status_code == 409
    assert refused.json()["code"] == "violation_not_confirmed"
    api.post(
        f"/leads/{lead_id}/verification",
        {
            "outcome": "violation_confirmed",
            "record_no": "HC-1",
            "officers": team(world),
            "verified_at": "2018-03-02T10:00:00+08:00",
            "violation_ongoing": True,
        },
    )
    missing = api.post(f"/leads/{lead_id}/filing", body)
    assert missing.status_code == 409
    assert missing.json()["code"] == "steps_missing"
    assert missing.json()["details"] == {"step": "case_filing", "missing_steps": ["stop_order"]}
    api.post(
        f"/leads/{lead_id}/stop-orders",
        {"doc_no": "ZL-1", "party": "张三", "officers": team(world), "issued_at": "2018-03-02T15:00:00+08:00"},
    )
    filed = api.post(f"/leads/{lead_id}/filing", body, **{"Idempotency-Key": "file-012"})
    again = api.post(f"/leads/{lead_id}/filing", body, **{"Idempotency-Key": "file-012"})
    assert filed.status_code == again.status_code == 201
    assert again.json() == filed.json()
    assert again.headers["idempotent-replayed"] == "true"
    case_id = filed.json()["id"]
    assert filed.headers["location"] == f"/cases/{case_id}"
    case = api.get(f"/cases/{case_id}").json()
    assert (case["stage"], case["template_version"], case["rule_version"]) == ("investigating", "2014", 2)
    checklist = api.get(f"/cases/{case_id}/checklist").json()
    assert checklist["complete"] is False
    stop = next(step for step in checklist["steps"] if step["code"] == "stop_order")
    assert stop["applies"]
    assert stop["documents"][0]["on_file"] == ["ZL-1"]


def test_roles_and_units_are_enforced(api: Api, world: World) -> None:
    lead_id = api.post("/leads", LEAD).json()["id"]
    other_unit = api.get(f"/leads/{lead_id}", unit="STN05")
    assert other_unit.status_code == 403
    assert other_unit.json()["code"] == "forbidden"
    assert api.get(f"/leads/{lead_id}", role="auditor", unit=None).status_code == 200
    auditor_write = api.post("/leads", {**LEAD, "register_no": "X-2"}, role="auditor", unit=None)
    assert auditor_write.status_code == 403
    review = api.post(f"/cases/{uuid4()}/case-review", {}, role="officer")
    assert review.status_code == 403  # officers do not review cases, whatever the body


def test_bad_input_is_a_422_and_unknown_ids_a_404(api: Api) -> None:
    extra = api.post("/leads", {**LEAD, "status": "filed"})
    assert extra.status_code == 422
    assert extra.json()["code"] == "validation_failed"
    naive = api.post("/leads", {**LEAD, "received_at": "2018-03-01T09:00:00"})
    assert naive.status_code == 422
    future = api.post("/leads", {**LEAD, "register_no": "F-1", "received_at": "2030-01-01T09:00:00+08:00"})
    assert future.status_code == 422
    assert future.json()["code"] == "occurred_in_future"
    ancient = api.post("/leads", {**LEAD, "register_no": "F-2", "received_at": "0001-01-01T00:00:00+14:00"})
    assert ancient.status_code == 422  # year 0 in UTC has no bureau day: refused, never an overflow
    assert ancient.json()["code"] == "validation_failed"
    unknown = api.get(f"/cases/{uuid4()}")
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "case_not_found"


def test_templates_are_public_and_rules_are_readable_and_published_by_legal_affairs(api: Api) -> None:
    anonymous = api.client.get("/public/procedure-templates")  # published beforehand: no identity needed
    assert anonymous.status_code == 200
    templates = api.get("/public/procedure-templates").json()
    assert templates == anonymous.json()
    assert [(t["template_id"], t["version"]) for t in templates] == [
        ("penalty_general", "2014"),
        ("penalty_general", "2024"),
    ]
    assert templates[0]["steps"][5]["documents"][0] == {
        "kind": "inquiry_record",
        "form_no": "F07",
        "title": "询问笔录",
        "mandatory": True,
        "condition": None,
    }
    assert templates[0]["time_limits"]["filing"] == {"days": 10, "unit": "working", "rule_version": 1}
    assert templates[1]["time_limits"]["decision"] == {"days": 90, "unit": "calendar", "rule_version": 5}
    one = api.get("/public/procedure-templates/penalty_general/2024")
    assert one.json()["steps"][10]["code"] == "penalty_notice"
    assert api.get("/public/procedure-templates/penalty_general/1999").json()["code"] == "template_not_found"
    rules = api.get("/rules/penalty_procedure").json()
    assert [v["effective_from"] for v in rules["versions"]] == [
        "2014-07-01",
        "2015-05-01",
        "2021-07-15",
        "2021-12-01",
        "2024-05-01",
    ]
    body = {
        "effective_from": "2026-01-01",
        "values": {"holidays": ["2026-01-01"], "makeup_workdays": []},
        "note": "2026 holidays",
    }
    assert api.post("/rules/working_calendar/versions", body).status_code == 403
    published = api.post("/rules/working_calendar/versions", body, role="legal_affairs", unit=None)
    assert published.status_code == 201, published.text
    malformed = api.post(
        "/rules/working_calendar/versions", {**body, "values": {"holidays": ["soon"]}}, role="legal_affairs", unit=None
    )
    assert malformed.status_code == 422
    assert malformed.json()["code"] == "rules_invalid"
    procedure = api.get("/rules/penalty_procedure").json()["versions"][-1]["values"]
    wrong_shape = api.post(
        "/rules/penalty_procedure/versions",
        {**body, "values": {**procedure, "limits": []}},
        role="legal_affairs",
        unit=None,
    )
    assert (wrong_shape.status_code, wrong_shape.json()["code"]) == (422, "rules_invalid")


def test_every_cases_operation_states_its_roles_and_the_auditor_only_reads() -> None:
    from cases.bootstrap import create_api

    spec = create_api().openapi()
    operations = [
        (path, method, op)
        for path, methods in spec["paths"].items()
        if path not in ("/healthz", "/readyz")
        for method, op in methods.items()
    ]
    assert [(p, m) for p, m, op in operations if "x-zeren-roles" not in op and not op.get("x-zeren-public")] == []
    assert sorted(p for p, m, op in operations if op.get("x-zeren-public")) == [
        "/public/procedure-templates",
        "/public/procedure-templates/{template_id}/{version}",
    ]
    writes = [(p, op["x-zeren-roles"]) for p, m, op in operations if m == "post"]
    assert len(writes) >= 45
    assert [p for p, roles in writes if "auditor" in roles] == []
    assert spec["paths"]["/cases/{case_id}/legal-review"]["post"]["x-zeren-roles"] == ["legal_affairs"]
    assert "auditor" in spec["paths"]["/cases/{case_id}"]["get"]["x-zeren-roles"]


def test_the_late_payment_surcharge_is_read_over_http(api: Api, world: World) -> None:
    case_id = decided_case(world)
    path = f"/cases/{case_id}/late-payment-surcharge"
    not_served = api.client.get(path, params={"on": "2018-04-21"}, headers=api.signer.headers("officer", "STN03"))
    assert (not_served.status_code, not_served.headers["content-type"]) == (409, "application/problem+json")
    assert not_served.json()["code"] == "decision_not_served"
    serve(world, case_id, day="2018-03-27")
    read = api.client.get(path, params={"on": "2018-04-21"}, headers=api.signer.headers("auditor", None))
    assert read.status_code == 200, read.text
    assert {k: read.json()[k] for k in ("due_on", "days_late", "surcharge_yuan", "outstanding_fine_yuan")} == {
        "due_on": "2018-04-11",
        "days_late": 10,
        "surcharge_yuan": "1200.00",
        "outstanding_fine_yuan": 4000,
    }
    assert api.client.get(path, headers=api.signer.headers("officer", "STN05")).status_code == 403
    assert (
        api.client.get(path, params={"on": "2018-13-01"}, headers=api.signer.headers("auditor", None)).status_code
        == 422
    )


def test_a_changed_decision_names_its_penalties_over_http(api: Api, world: World) -> None:
    case_id = decided_case(world)
    serve(world, case_id, day="2018-03-27")
    filed = {"proceeding": "reconsideration", "body": "孟津县人民政府", "reference": "FY-1"}
    assert api.post(f"/cases/{case_id}/challenges", filed, role="legal_affairs", unit=None).status_code < 300
    decided = {
        "proceeding": "reconsideration",
        "reference": "FY-1",
        "outcome": "changed",
        "category": "discretion",
        "description": "罚款畸重",
        "responsible": [{"officer_id": str(world.a), "role": "handler"}],
    }
    missing = api.post(f"/cases/{case_id}/challenge-decisions", decided, role="legal_affairs", unit=None)
    assert (missing.status_code, missing.json()["code"]) == (422, "changed_penalties_required")
    changed = {**decided, "penalties": [{"kind": "fine", "amount_yuan": 2_000}]}
    ok = api.post(f"/cases/{case_id}/challenge-decisions", changed, role="legal_affairs", unit=None)
    assert ok.status_code < 300, ok.text
    case = api.get(f"/cases/{case_id}").json()
    assert case["decision"]["changed_penalties"] == [{"kind": "fine", "amount_yuan": 2_000, "area_m2": None}]
