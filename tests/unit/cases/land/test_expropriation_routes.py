"""Expropriation refusals over HTTP (in memory, no server): a non-finite amount is malformed input,
and a step dated before the step it follows is a 422 that names both times; neither writes anything."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from uuid import UUID

import httpx
import pytest

from cases.api import expropriation as expropriation_api
from cases.application import Cases
from tests.support.service_app import GatewaySigner, service_app
from tests.unit.cases.land.expropriation_helpers import prepared, submitted


class Client:
    def __init__(self, client: httpx.AsyncClient, signer: GatewaySigner) -> None:
        self.client = client
        self.signer = signer

    async def post_raw(self, path: str, content: str) -> httpx.Response:
        """`content` as sent: JSON as Python writes it (Infinity, NaN) is not what httpx would send."""
        headers = {**self.signer.headers("director"), "content-type": "application/json"}
        return await self.client.post(path, content=content, headers=headers)


@pytest.fixture
async def api(cases: Cases) -> AsyncIterator[Client]:
    signer = GatewaySigner("cases")
    transport = httpx.ASGITransport(app=service_app(signer, [expropriation_api.router], cases))
    async with httpx.AsyncClient(transport=transport, base_url="http://cases") as client:
        yield Client(client, signer)


@pytest.mark.parametrize("amount", ["Infinity", "-Infinity", "NaN", "1e300"])
async def test_a_compensation_standard_that_is_not_a_finite_bounded_amount_is_a_422(
    api: Client, cases: Cases, amount: str
) -> None:
    project_id = submitted(cases)
    version = cases.expropriation_project(project_id).version
    body = f'{{"ends_on": "2018-04-10", "standards": {{"land_yuan_per_mu": {amount}}}}}'
    response = await api.post_raw(f"/expropriation-projects/{project_id}/compensation-plan-announcement", body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == ["body", "standards", "land_yuan_per_mu"]
    assert cases.expropriation_project(project_id).version == version


async def test_an_application_dated_before_the_submission_is_a_422_naming_both_times(api: Client, cases: Cases) -> None:
    project_id: UUID = prepared(cases)  # submitted 2018-01-02 09:00 Beijing time
    version = cases.expropriation_project(project_id).version
    response = await api.post_raw(
        f"/expropriation-projects/{project_id}/approval-application", '{"at": "2018-01-01T10:00:00+08:00"}'
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "time_out_of_order"
    assert problem["details"]["field"] == "applied_at"
    assert problem["details"]["submitted_at"] == "2018-01-02T01:00:00+00:00"
    assert cases.expropriation_project(project_id).version == version


async def test_a_majority_objection_dated_in_the_future_is_a_422_and_writes_nothing(api: Client, cases: Cases) -> None:
    project_id = prepared(cases)  # the clock stands at 2018-03-01 17:00 Beijing time
    version = cases.expropriation_project(project_id).version
    body = '{"objecting_members": 31, "total_members": 60, "objected_at": "2018-03-02T10:00:00+08:00"}'
    response = await api.post_raw(f"/expropriation-projects/{project_id}/majority-objection", body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert (problem["code"], problem["details"]["field"]) == ("time_in_future", "objected_at")
    assert cases.expropriation_project(project_id).version == version


async def test_a_claim_and_a_resettlement_carry_the_business_time_they_are_given(api: Client, cases: Cases) -> None:
    project_id = submitted(cases)
    base = f"/expropriation-projects/{project_id}"
    claim = '{"household_id": "H-1", "items": ["land"], "registered_at": "2018-02-05T10:00:00+08:00"}'
    assert (await api.post_raw(f"{base}/compensation-claims", claim)).status_code == 200
    assert cases.stored_events(project_id)[-1].occurred_at == datetime(2018, 2, 5, 2, tzinfo=UTC)
    agreement = '{"household_id": "H-1", "amount_yuan": 1000, "signed_at": "2018-02-12T10:00:00+08:00"}'
    assert (await api.post_raw(f"{base}/compensation-agreements", agreement)).status_code == 200
    version = cases.expropriation_project(project_id).version

    early = '{"household_id": "H-1", "kind": "plot", "resettled_at": "2018-02-11T10:00:00+08:00"}'
    response = await api.post_raw(f"{base}/resettlements", early)
    assert response.status_code == 422
    problem = response.json()
    assert (problem["code"], problem["details"]["field"]) == ("time_out_of_order", "resettled_at")
    assert problem["details"]["signed_at"] == "2018-02-12T10:00:00+08:00"
    assert cases.expropriation_project(project_id).version == version

    on_time = '{"household_id": "H-1", "kind": "plot", "resettled_at": "2018-02-13T10:00:00+08:00"}'
    assert (await api.post_raw(f"{base}/resettlements", on_time)).status_code == 200
    assert cases.expropriation_project(project_id).resettled_at == {"H-1": datetime(2018, 2, 13, 2, tzinfo=UTC)}
