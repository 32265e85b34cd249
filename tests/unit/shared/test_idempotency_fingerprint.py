"""An Idempotency-Key is bound to what the request means: its body, and its business time
(`Occurred-At`) and the version it was made against (`If-Match`)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from personnel.application import Personnel
from personnel.bootstrap import ROUTERS
from personnel.domain import StaffKind, UnitKind
from shared.domain import FixedClock
from shared.web.commands import request_fingerprint
from tests.support.service_app import GatewaySigner, service_app

with warnings.catch_warnings():  # starlette suggests another httpx package; the test client works as is
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

OCCURRED = datetime(2018, 2, 12, 6, 30, tzinfo=UTC)


def fingerprint(*, occurred_at: datetime | None = None, expected_version: int | None = None) -> str:
    return request_fingerprint(
        "POST", "/units", "", b'{"code": "STN42"}', occurred_at=occurred_at, expected_version=expected_version
    )


def test_the_business_time_and_the_version_seen_are_part_of_the_request() -> None:
    plain = fingerprint()
    variants = {
        fingerprint(occurred_at=OCCURRED),
        fingerprint(occurred_at=OCCURRED + timedelta(days=1)),
        fingerprint(expected_version=3),
        fingerprint(expected_version=4),
        fingerprint(occurred_at=OCCURRED, expected_version=3),
    }
    assert len(variants) == 5
    assert plain not in variants


def test_the_same_instant_in_another_offset_is_the_same_request() -> None:
    beijing = OCCURRED.astimezone(timezone(timedelta(hours=8)))
    assert fingerprint(occurred_at=beijing) == fingerprint(occurred_at=OCCURRED)


class Api:
    def __init__(self, personnel: Personnel) -> None:
        self.signer = GatewaySigner("personnel")
        self.client = TestClient(service_app(self.signer, ROUTERS, personnel))

    def post(self, path: str, body: dict[str, Any], **headers: str) -> Any:
        return self.client.post(path, json=body, headers={**self.signer.headers("director"), **headers})


@pytest.fixture
def api(fixed_clock: FixedClock) -> Iterator[Api]:
    personnel = Personnel()
    yield Api(personnel)
    personnel.close()


def outcome(response: Any) -> tuple[int, str | None]:
    if response.status_code >= 400:
        return response.status_code, response.json()["code"]
    return response.status_code, response.headers.get("idempotent-replayed")


def test_a_key_reused_with_another_occurred_at_is_refused_like_another_body(api: Api) -> None:
    unit = {"code": "STN42", "name": "Station 42", "kind": UnitKind.STATION.value}
    key = {"Idempotency-Key": "register-stn42"}
    first = api.post("/units", unit, **key, **{"Occurred-At": "2018-02-12T14:30:00+08:00"})
    answers = [
        api.post("/units", unit, **key, **{"Occurred-At": "2018-02-13T14:30:00+08:00"}),
        api.post("/units", unit, **key),
        api.post("/units", unit, **key, **{"Occurred-At": "2018-02-12T06:30:00+00:00"}),
    ]
    assert outcome(first) == (201, None)
    assert [outcome(a) for a in answers] == [
        (422, "idempotency_key_reused"),
        (422, "idempotency_key_reused"),
        (201, "true"),
    ]
    assert answers[2].json() == first.json()


def test_a_key_reused_with_another_if_match_is_refused_like_another_body(api: Api) -> None:
    registered = api.post("/units", {"code": "STN42", "name": "Station 42", "kind": UnitKind.STATION.value})
    officer = api.post("/officers", {"name": "王", "unit_id": "STN42", "staff_kind": StaffKind.PERMANENT.value})
    version = registered.json()["version"]
    head = {"officer_id": officer.json()["id"]}
    key = {"Idempotency-Key": "appoint-head"}
    first = api.post("/units/STN42/head", head, **key, **{"If-Match": f'"{version}"'})
    answers = [
        api.post("/units/STN42/head", head, **key, **{"If-Match": f'"{version + 1}"'}),
        api.post("/units/STN42/head", head, **key),
        api.post("/units/STN42/head", head, **key, **{"If-Match": f'W/"{version}"'}),
    ]
    assert outcome(first) == (200, None)
    assert [outcome(a) for a in answers] == [
        (422, "idempotency_key_reused"),
        (422, "idempotency_key_reused"),
        (200, "true"),
    ]
    assert answers[2].json() == first.json()


@pytest.mark.parametrize("occurred_at", ["0001-01-01T00:00:00+14:00", "1850-01-01T00:00:00+08:00"])
def test_an_occurred_at_outside_the_bureaus_calendar_is_an_invalid_header_and_nothing_is_recorded(
    api: Api, occurred_at: str
) -> None:
    # Year 1 at +14:00 is before year 1 in UTC: it overflowed in the request's fingerprint (a 500).
    unit = {"code": "STN42", "name": "Station 42", "kind": UnitKind.STATION.value}
    refused = api.post("/units", unit, **{"Occurred-At": occurred_at, "Idempotency-Key": "register-stn42"})
    assert outcome(refused) == (422, "invalid_header")
    assert refused.json()["details"]["header"] == "Occurred-At"
    assert outcome(api.post("/units", unit)) == (201, None)  # the refused request recorded nothing
