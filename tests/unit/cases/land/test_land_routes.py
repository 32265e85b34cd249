"""The land routes over HTTP (in memory, no server): roles, unit scope, problems with stable codes,
and refusals that write nothing. The journey through real processes is in tests/e2e."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from cases.api import expropriation as expropriation_api
from cases.api import land_rules as land_rules_api
from cases.api import normative_documents as normative_documents_api
from cases.api import satellite as satellite_api
from cases.application import Cases
from tests.support.service_app import GatewaySigner, service_app


class Caller:
    def __init__(self, client: httpx.AsyncClient, signer: GatewaySigner) -> None:
        self.client = client
        self.signer = signer

    def headers(self, role: str, unit: str | None, extra: dict[str, str] | None) -> dict[str, str]:
        return {**self.signer.headers(role, unit), **(extra or {})}

    def post(
        self, path: str, body: dict[str, Any], role: str = "director", unit: str | None = None, **headers: str
    ) -> Any:
        return self.client.post(path, json=body, headers=self.headers(role, unit, headers))

    def get(self, path: str, role: str = "director", unit: str | None = None, **params: Any) -> Any:
        return self.client.get(path, params=params, headers=self.headers(role, unit, None))


@pytest.fixture
async def api(cases: Cases) -> AsyncIterator[Caller]:
    signer = GatewaySigner("cases")
    routers = [normative_documents_api.router, satellite_api.router, expropriation_api.router, land_rules_api.router]
    transport = httpx.ASGITransport(app=service_app(signer, routers, cases))
    async with httpx.AsyncClient(transport=transport, base_url="http://cases") as client:
        yield Caller(client, signer)


DRAFT = {"title": "关于规范执法的通知", "drafting_unit_id": "SEC04", "bases": ["土地管理法"]}
PUBLISH = {"doc_no": "孟国土资〔2018〕1号", "effective_on": "2018-04-01", "channels": ["website"]}


async def test_publishing_without_review_is_a_409_that_names_the_rule_and_writes_nothing(api: Caller) -> None:
    created = await api.post("/normative-documents", DRAFT, role="officer", unit="SEC04")
    assert created.status_code == 201, created.text
    doc_id = created.json()["id"]
    assert created.headers["location"] == f"/normative-documents/{doc_id}"
    refused = await api.post(f"/normative-documents/{doc_id}/publication", PUBLISH, role="legal_affairs")
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "publication_without_legality_review"
    document = (await api.get(f"/normative-documents/{doc_id}")).json()
    assert (document["version"], document["stage"], document["doc_no"]) == (1, "drafting", None)
    applicability = (await api.get(f"/normative-documents/{doc_id}/applicability", on="2018-03-01")).json()
    assert (applicability["applicable"], applicability["reason"]) == (False, "not_published")


async def test_roles_unit_scope_and_validation(api: Caller) -> None:
    doc_id = (await api.post("/normative-documents", DRAFT)).json()["id"]
    review = await api.post(
        f"/normative-documents/{doc_id}/legality-reviews", {"result": "passed"}, role="officer", unit="SEC04"
    )
    assert (review.status_code, review.json()["code"]) == (403, "forbidden")
    other_unit = await api.post(
        f"/normative-documents/{doc_id}/amendments", {"title": "x", "bases": ["y"]}, role="officer", unit="STN03"
    )
    assert (other_unit.status_code, other_unit.json()["code"]) == (403, "forbidden")
    unknown_field = await api.post("/normative-documents", {**DRAFT, "stage": "published"})
    assert (unknown_field.status_code, unknown_field.json()["code"]) == (422, "validation_failed")
    bad_enum = await api.post(f"/normative-documents/{doc_id}/legality-reviews", {"result": "ok"}, role="legal_affairs")
    assert bad_enum.status_code == 422
    future = await api.post(
        f"/normative-documents/{doc_id}/legality-reviews",
        {"result": "passed", "completed_at": "2030-01-01T00:00:00Z"},
        role="legal_affairs",
    )
    assert (future.status_code, future.json()["code"]) == (422, "time_in_future")
    missing = await api.get("/normative-documents/8b6c1a0e-4f5d-4e2a-9f1b-3c2d1e0f9a87")
    assert (missing.status_code, missing.json()["code"]) == (404, "normative_document_not_found")
    assert (await api.get(f"/normative-documents/{doc_id}")).json()["version"] == 1


async def test_a_stale_version_is_refused_and_a_retry_is_replayed(api: Caller) -> None:
    doc_id = (await api.post("/normative-documents", DRAFT)).json()["id"]
    stale = await api.post(
        f"/normative-documents/{doc_id}/amendments", {"title": "t", "bases": ["b"]}, **{"If-Match": '"7"'}
    )
    assert (stale.status_code, stale.json()["code"]) == (409, "version_conflict")
    body = {"result": "passed"}
    first = await api.post(
        f"/normative-documents/{doc_id}/legality-reviews", body, role="legal_affairs", **{"Idempotency-Key": "k1"}
    )
    again = await api.post(
        f"/normative-documents/{doc_id}/legality-reviews", body, role="legal_affairs", **{"Idempotency-Key": "k1"}
    )
    assert first.json() == again.json() == {"id": doc_id, "version": 2}
    assert again.headers["idempotent-replayed"] == "true"


async def test_a_blocked_gate_is_a_409_listing_every_failed_check(api: Caller) -> None:
    project = {
        "name": "道路项目",
        "purpose": "道路",
        "county_code": "410322",
        "handling_unit_id": "SEC06",
        "year": 2018,
        "parcels": [
            {"parcel_id": "P-1", "village": "城关村", "area_mu": 10, "cultivated_mu": 8, "basic_farmland_mu": 0}
        ],
        "requesting_party": "县交通局",
        "households_total": 1,
    }
    project_id = (await api.post("/expropriation-projects", project, role="unit_head", unit="SEC06")).json()["id"]
    refused = await api.post(f"/expropriation-projects/{project_id}/submission", {}, role="unit_head", unit="SEC06")
    assert refused.status_code == 409
    assert refused.json()["code"] == "three_no_gate_blocked"
    assert refused.json()["details"] == {"gate": "plan_conformity", "failed_checks": ["plan_conformity_checked"]}
    gates = (await api.get(f"/expropriation-projects/{project_id}/gates", on="2018-03-01")).json()["gates"]
    assert [(g["gate"], g["passed"]) for g in gates] == [
        ("plan_conformity", False),
        ("grievance_resolved", False),
        ("compensation_fulfilled", False),
    ]
    stranger = await api.post(f"/expropriation-projects/{project_id}/submission", {}, role="unit_head", unit="STN03")
    assert stranger.status_code == 403
    bad_parcels = await api.post("/expropriation-projects", {**project, "parcels": []}, role="unit_head", unit="SEC06")
    assert bad_parcels.status_code == 422


async def test_rates_and_rules_are_readable_and_rules_are_published_by_the_right_roles(api: Caller) -> None:
    rates = await api.get(
        "/normative-documents/rates", period_from="2018-01-01", period_to="2018-12-31", as_of="2018-03-01"
    )
    assert rates.status_code == 200
    assert rates.json()["bureau"]["filing_rate"] is None
    backwards = await api.get("/normative-documents/rates", period_from="2018-12-01", period_to="2018-01-01")
    assert backwards.status_code == 422
    rules = (await api.get("/land-rules/satellite_inspection", role="auditor")).json()
    assert rules["versions"][0]["values"]["accountability_threshold"] == 0.15
    body = {"effective_from": "2019-01-01", "values": {"agreement_share_required": 2}}
    assert (await api.post("/land-rules/expropriation/versions", body, role="officer", unit="STN03")).status_code == 403
    invalid = await api.post("/land-rules/expropriation/versions", body, role="legal_affairs")
    assert (invalid.status_code, invalid.json()["code"]) == (422, "invalid_rule_values")
    assert (await api.get("/land-rules/unknown")).status_code == 422


async def test_patches_assigned_to_another_unit_are_hidden_from_its_officers(api: Caller) -> None:
    batch = await api.post(
        "/satellite/batches",
        {
            "region_code": "410322",
            "period": "2018-01",
            "source": "ministry",
            "patch_count": 2,
            "received_at": "2018-02-05T02:00:00Z",
        },
        role="unit_head",
        unit="SEC02",
    )
    assert batch.status_code == 201, batch.text
    batch_id = batch.json()["id"]
    entry = {
        "township_code": "410322101",
        "centroid_lng": 112.4,
        "centroid_lat": 34.8,
        "monitored_mu": 3,
        "cultivated_mu": 2,
        "basic_farmland_mu": 0,
        "before_image_date": "2017-12-01",
        "after_image_date": "2018-01-20",
        "change_type": "construction",
    }
    registered = await api.post(
        f"/satellite/batches/{batch_id}/patches",
        {"patches": [{**entry, "patch_no": "M-1"}, {**entry, "patch_no": "M-2"}]},
        role="unit_head",
        unit="SEC02",
    )
    assert registered.status_code == 200, registered.text
    patches = (await api.get(f"/satellite/batches/{batch_id}/patches")).json()["patches"]
    first = patches[0]["id"]
    assign = {"unit_id": "STN03", "officer_ids": ["o-1"], "due_on": "2018-02-20"}
    assert (await api.post(f"/satellite/patches/{first}/assignment", assign)).status_code == 200
    seen_by_stn05 = (await api.get(f"/satellite/batches/{batch_id}/patches", role="officer", unit="STN05")).json()[
        "patches"
    ]
    assert [p["patch_no"] for p in seen_by_stn05] == ["M-2"]
    assert (await api.get(f"/satellite/patches/{first}", role="officer", unit="STN05")).status_code == 403
    assert (await api.get(f"/satellite/patches/{first}", role="officer", unit="STN03")).status_code == 200
    classify = {
        "patch_class": "illegal",
        "illegal_kind": "illegal_occupation",
        "measured_mu": 3,
        "cultivated_mu": 2,
        "basic_farmland_mu": 0,
    }
    early = await api.post(f"/satellite/patches/{first}/classification", classify, role="officer", unit="STN03")
    assert (early.status_code, early.json()["code"], early.json()["details"]) == (
        409,
        "patch_step_out_of_order",
        {"missing": "field_verified"},
    )


async def test_the_patch_list_pages_through_the_batch_loading_one_page_at_a_time(api: Caller) -> None:
    batch = await api.post(
        "/satellite/batches",
        {"region_code": "410322", "period": "2018-02", "source": "ministry", "patch_count": 5},
        role="unit_head",
        unit="SEC02",
    )
    batch_id = batch.json()["id"]
    entry = {
        "township_code": "410322101",
        "centroid_lng": 112.4,
        "centroid_lat": 34.8,
        "monitored_mu": 3,
        "cultivated_mu": 2,
        "basic_farmland_mu": 0,
        "before_image_date": "2017-12-01",
        "after_image_date": "2018-01-20",
        "change_type": "construction",
    }
    body = {"patches": [{**entry, "patch_no": f"N-{n}"} for n in range(5)]}
    assert (await api.post(f"/satellite/batches/{batch_id}/patches", body)).status_code == 200
    first = (await api.get(f"/satellite/batches/{batch_id}/patches", limit=2)).json()
    assert ([p["patch_no"] for p in first["patches"]], first["next_cursor"]) == (["N-0", "N-1"], "2")
    last = (await api.get(f"/satellite/batches/{batch_id}/patches", limit=3, cursor="2")).json()
    assert ([p["patch_no"] for p in last["patches"]], last["next_cursor"]) == (["N-2", "N-3", "N-4"], None)
