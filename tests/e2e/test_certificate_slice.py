"""The vertical slice through real processes: an officer is enrolled and certified through the gateway;
personnel stores it, the relay publishes it, assessment and cases project it, the gateway reads it back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shared.devstack.launcher import Stack
from tests.e2e.conftest import client_for
from tests.support.wait import eventually_sync

pytestmark = pytest.mark.usefixtures("units")  # the units the tests enrol officers into


def test_a_certificate_issued_through_the_gateway_reaches_assessment_and_cases(stack: Stack) -> None:
    director = client_for(stack, "director", subject="director-zhang")
    enrolled = director.post(
        "/api/personnel/officers", json={"name": "王建国", "unit_id": "STN03", "staff_kind": "permanent"}
    )
    assert enrolled.status_code == 201, enrolled.text
    officer_id = enrolled.json()["id"]
    assert enrolled.headers["location"] == f"/api/personnel/officers/{officer_id}"
    assert enrolled.headers["x-request-id"]

    # A certificate is issued on an application, which needs a passed qualification exam.
    exam = director.post(
        f"/api/personnel/officers/{officer_id}/exams",
        json={
            "exam_round": "QUAL-2017",
            "kind": "general_law",
            "attempt_no": 1,
            "score": 78,
            "taken_at": "2017-05-10T09:00:00+08:00",
        },
    )
    assert exam.status_code == 200, exam.text
    applied = director.post(f"/api/personnel/officers/{officer_id}/certificate-applications", json={})
    assert applied.status_code == 200, applied.text
    issued = director.post(
        "/api/personnel/certificates",
        json={
            "officer_id": officer_id,
            "certificate_no": "HN-LY-2017-0042",
            "scope_area": "410322",
            "issued_on": "2017-06-01",
            "expires_on": "2022-06-01",
        },
    )
    assert issued.status_code == 201, issued.text

    roster = eventually_sync(
        lambda: list(director.get("/api/assessment/roster", params={"as_of": "2018-01-01"}).json()["officers"])
    )
    assert [(o["officer_id"], o["name"], o["certificates"][0]["certificate_no"]) for o in roster] == [
        (officer_id, "王建国", "HN-LY-2017-0042")
    ]
    assert director.get("/api/assessment/roster", params={"as_of": "2022-06-01"}).json()["officers"] == []

    # Oldest first by business time (the exam is dated 2017). The scheduler may already have recorded
    # the certificate's 2022 expiry: that entry is the scheduler's, not the director's.
    history = [
        entry
        for entry in director.get(f"/api/assessment/officers/{officer_id}/history").json()["events"]
        if entry["event_type"] != "personnel.certificate.expired.v1"
    ]
    assert [entry["event_type"] for entry in history] == [
        "personnel.exam.taken.v1",
        "personnel.officer.enrolled.v1",
        "personnel.certificate.applied.v1",
        "personnel.certificate.issued.v1",
    ]
    assert {entry["actor"]["id"] for entry in history} == {"director-zhang"}  # from the token, not the body
    assert all(entry["recorded_at"] and entry["occurred_at"] for entry in history)

    enforcers = eventually_sync(
        lambda: director.get("/api/cases/enforcers", params={"at": "2018-01-01T00:00:00Z"}).json()["enforcers"]
    )
    assert [e["officer_id"] for e in enforcers] == [officer_id]

    own_history = director.get(f"/api/personnel/officers/{officer_id}/history").json()
    assert own_history[0]["actor"] == {"id": "director-zhang", "role": "director"}


def test_bad_input_and_missing_identity_are_problems(stack: Stack) -> None:
    director = client_for(stack, "director")
    invalid = director.post("/api/personnel/officers", json={"name": "x", "unit_id": "STN03", "staff_kind": "boss"})
    assert invalid.status_code == 422
    assert invalid.headers["content-type"] == "application/problem+json"
    assert invalid.json()["code"] == "validation_failed"

    extra = director.post(
        "/api/personnel/officers", json={"name": "x", "unit_id": "STN03", "staff_kind": "permanent", "role": "admin"}
    )
    assert extra.status_code == 422

    unknown = director.get("/api/personnel/officers/8b6c1a0e-4f5d-4e2a-9f1b-3c2d1e0f9a87")
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "officer_not_found"

    anonymous = client_for(stack, "director")
    anonymous.headers.pop("Authorization")
    refused = anonymous.get("/api/assessment/roster")
    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed"

    import httpx

    direct = httpx.get(f"{stack.url('personnel')}/officers/8b6c1a0e-4f5d-4e2a-9f1b-3c2d1e0f9a87", timeout=5)
    assert direct.status_code == 401  # a service trusts only identities the gateway signed
    assert direct.json()["code"] == "identity_invalid"


def test_a_retried_command_through_the_gateway_has_one_effect(stack: Stack) -> None:
    director = client_for(stack, "director", subject="director-li")
    body = {"name": "赵六", "unit_id": "STN05", "staff_kind": "permanent"}
    headers = {"Idempotency-Key": "enrol-zhao-liu"}
    first = director.post("/api/personnel/officers", json=body, headers=headers)
    retry = director.post("/api/personnel/officers", json=body, headers=headers)
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    other = director.post("/api/personnel/officers", json={**body, "name": "钱七"}, headers=headers)
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"


def test_a_record_entered_after_the_fact_keeps_both_times_and_only_record_keepers_may_do_it(stack: Stack) -> None:
    body = {"name": "孙八", "unit_id": "STN06", "staff_kind": "permanent"}
    late = {"Occurred-At": "2017-03-01T09:00:00+08:00"}
    officer = client_for(stack, "officer", unit="STN06")
    refused = officer.post("/api/personnel/officers", json=body, headers=late)
    assert refused.status_code == 403

    director = client_for(stack, "director", subject="director-zhou")
    future = director.post("/api/personnel/officers", json=body, headers={"Occurred-At": "2999-01-01T00:00:00Z"})
    assert future.status_code == 422
    assert future.json()["code"] == "invalid_header"

    entered = director.post("/api/personnel/officers", json=body, headers=late)
    assert entered.status_code == 201, entered.text
    (enrolled,) = director.get(f"/api/personnel/officers/{entered.json()['id']}/history").json()
    occurred = datetime.fromisoformat(enrolled["occurred_at"])
    assert occurred == datetime(2017, 3, 1, 1, 0, tzinfo=UTC)
    assert datetime.fromisoformat(enrolled["recorded_at"]) > occurred
