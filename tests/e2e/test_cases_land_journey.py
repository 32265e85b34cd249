"""Land journeys through the gateway and real processes: an expropriation project held back by an
open grievance until it is resolved, a normative document published only after its legality review
and filed on time, the rates endpoint, and the public events on JetStream."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx
import nats

from shared.devstack.launcher import Stack
from tests.e2e.conftest import client_for

TODAY = datetime.now(tz=UTC).date()


def day(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


def moment(days_ago: int) -> str:
    return datetime.combine(day(days_ago), time(2, 0), tzinfo=UTC).isoformat()


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def test_an_open_grievance_blocks_the_approval_application_until_it_is_resolved(stack: Stack) -> None:
    handler = client_for(stack, "unit_head", subject="head-sec06", unit="SEC06")
    legal = client_for(stack, "legal_affairs", subject="legal-1")
    project = {
        "name": "产业集聚区纬二路",
        "purpose": "道路建设",
        "county_code": "410322",
        "handling_unit_id": "SEC06",
        "year": TODAY.year,
        "parcels": [
            {"parcel_id": "P-1", "village": "城关村", "area_mu": 12, "cultivated_mu": 10, "basic_farmland_mu": 0}
        ],
        "requesting_party": "县交通运输局",
        "households_total": 1,
    }
    created = handler.post("/api/cases/expropriation-projects", json=project)
    project_id = ok(created, 201)["id"]
    assert created.headers["location"] == f"/api/cases/expropriation-projects/{project_id}"
    base = f"/api/cases/expropriation-projects/{project_id}"

    outside = handler.post(f"{base}/submission", json={})
    assert outside.status_code == 409
    assert outside.headers["content-type"] == "application/problem+json"
    assert outside.json()["details"]["failed_checks"] == ["plan_conformity_checked"]
    plan = {"plan_zone": "allowed", "quota_available": True, "basic_farmland_involved": False, "offset_secured": True}
    ok(handler.post(f"{base}/plan-conformity-checks", json=plan))
    ok(handler.post(f"{base}/submission", json={"at": moment(120)}))
    for path, body in [
        ("pre-notice", {"scope": "城关村三组", "issued_at": moment(110)}),
        ("land-status-survey", {"survey_id": "S-1", "surveyed_at": moment(105)}),
        ("land-status-confirmation", {"confirmed_by": ["村委会", "H-1"], "confirmed_at": moment(104)}),
        ("stability-risk-assessment", {"level": "low", "passed": True, "assessed_at": moment(103)}),
        (
            "compensation-plan-announcement",
            {"ends_on": day(60).isoformat(), "social_security_required_yuan": 8000, "announced_at": moment(100)},
        ),
        ("hearing-right-notice", {"at": moment(95)}),
        ("compensation-claims", {"household_id": "H-1", "items": ["land"], "registered_at": moment(90)}),
        ("compensation-agreements", {"household_id": "H-1", "amount_yuan": 260000, "signed_at": moment(50)}),
    ]:
        ok(handler.post(f"{base}/{path}", json=body))

    ok(handler.post(f"{base}/grievances", json={"type": "petition", "cause": "compensation", "party": "村民王某"}))
    blocked = handler.post(f"{base}/approval-application", json={})
    assert blocked.status_code == 409
    problem = blocked.json()
    assert problem["code"] == "three_no_gate_blocked"
    assert problem["details"]["gate"] == "grievance_resolved"
    assert problem["details"]["failed_checks"] == ["no_open_grievance"]
    (grievance,) = ok(handler.get(base))["grievances"]
    assert problem["details"]["open_grievances"][0]["grievance_id"] == grievance["grievance_id"]

    resolution = {"resolution": "补足地上附着物补偿"}
    ok(legal.post(f"{base}/grievances/{grievance['grievance_id']}/resolution", json=resolution))
    applied = ok(handler.post(f"{base}/approval-application", json={}))
    assert applied["id"] == project_id
    gates = {g["gate"]: g["passed"] for g in ok(handler.get(f"{base}/gates"))["gates"]}
    assert gates == {"plan_conformity": True, "grievance_resolved": True, "compensation_fulfilled": False}

    counters = ok(legal.get("/api/cases/expropriation-projects/three-none", params={"year": TODAY.year}))
    mine = next(c for c in counters["projects"] if c["project_id"] == project_id)
    assert (mine["petition"], mine["total"], mine["met"]) == (1, 1, False)

    subjects = asyncio.run(_published_subjects(stack.nats_url, "cases.expropriation_project.>", project_id))
    assert subjects == [
        "cases.expropriation_project.registered.v1",
        "cases.expropriation_project.submitted_to_higher_government.v1",
        "cases.expropriation_project.grievance_registered.v1",
        "cases.expropriation_project.grievance_resolved.v1",
        "cases.expropriation_project.approval_applied.v1",
    ]


def test_a_document_is_published_only_after_review_and_the_rates_say_so(stack: Stack) -> None:
    drafter = client_for(stack, "officer", subject="officer-sec04", unit="SEC04")
    legal = client_for(stack, "legal_affairs", subject="legal-2")
    director = client_for(stack, "director", subject="director-1")
    draft = {
        "title": "关于规范国土资源执法的通知",
        "drafting_unit_id": "SEC04",
        "bases": ["土地管理法"],
        "drafted_at": moment(90),
    }
    doc_id = ok(drafter.post("/api/cases/normative-documents", json=draft), 201)["id"]
    base = f"/api/cases/normative-documents/{doc_id}"
    publication = {
        "doc_no": f"孟国土资〔{TODAY.year}〕{TODAY.toordinal() % 1000}号",
        "effective_on": day(40).isoformat(),
        "channels": ["website", "gazette"],
        "published_at": moment(80),
    }
    refused = legal.post(f"{base}/publication", json=publication)
    assert (refused.status_code, refused.json()["code"]) == (409, "publication_without_legality_review")

    ok(legal.post(f"{base}/legality-reviews", json={"result": "passed", "completed_at": moment(85)}))
    ok(director.post(f"{base}/adoption", json={"meeting_id": "局务会", "adopted_at": moment(82)}))
    ok(legal.post(f"{base}/publication", json=publication))
    materials = ["report", "text", "explanation", "bases", "review_opinion"]
    ok(legal.post(f"{base}/filings", json={"materials": materials, "filed_at": moment(70)}))
    ok(legal.post(f"{base}/filing/registration", json={"registered_at": moment(65)}))
    document = ok(drafter.get(base))
    assert document["filing"]["filed_on_time"] is True
    assert document["filing"]["due_on"] == (day(80) + timedelta(days=30)).isoformat()

    rates = ok(
        director.get(
            "/api/cases/normative-documents/rates",
            params={"period_from": day(80).isoformat(), "period_to": day(80).isoformat()},
        )
    )
    assert rates["bureau"]["published"] == 1
    assert (rates["bureau"]["review_rate"], rates["bureau"]["filing_rate"], rates["bureau"]["timely_filing_rate"]) == (
        1.0,
        1.0,
        1.0,
    )
    assert rates["by_unit"]["SEC04"]["compliance_rate"] == 1.0
    applicable = ok(director.get(f"{base}/applicability", params={"on": day(41).isoformat()}))
    assert (applicable["applicable"], applicable["reason"]) == (False, "not_yet_effective")


async def _published_subjects(nats_url: str, subjects: str, aggregate_id: str) -> list[str]:
    """The subjects published for one aggregate, in order, once the relay has caught up."""
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        seen: list[str] = []
        for _ in range(150):
            subscription = await js.subscribe(subjects, ordered_consumer=True)
            seen = []
            try:
                while True:
                    message = await subscription.next_msg(timeout=0.5)
                    if f'"aggregate_id":"{aggregate_id}"' in message.data.decode():
                        seen.append(message.subject)
            except nats.errors.TimeoutError:
                pass
            finally:
                await subscription.unsubscribe()
            if seen and seen[-1].endswith("approval_applied.v1"):
                return seen
        return seen
    finally:
        await nc.close()


def test_the_land_rules_are_published_and_read_through_the_gateway(stack: Stack) -> None:
    director = client_for(stack, "director")
    auditor = client_for(stack, "auditor")
    rules = ok(auditor.get("/api/cases/land-rules/expropriation"))
    assert rules["versions"][0] == {
        "version": 0,
        "effective_from": None,
        "values": {
            "agreement_share_required": 1.0,
            "pre_notice_min_working_days": 10,
            "plan_announcement_min_days": 30,
            "hearing_request_working_days": 5,
        },
    }
    assert auditor.post("/api/cases/land-rules/expropriation/versions", json={}).status_code == 403
    values = {**rules["versions"][0]["values"], "agreement_share_required": 0.9}
    published = director.post(
        "/api/cases/land-rules/expropriation/versions",
        json={"effective_from": (TODAY + timedelta(days=365)).isoformat(), "values": values, "note": "e2e"},
    )
    ok(published, 201)
    versions = ok(auditor.get("/api/cases/land-rules/expropriation"))["versions"]
    assert [v["version"] for v in versions] == [0, 1]
