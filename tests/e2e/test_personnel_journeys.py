"""Personnel through real processes: the exam failed twice, through the gateway, removes the officer
from the enforcement post once, and cases and assessment see it over NATS; the scheduler records an
expiry; the public endpoints answer without login from personnel's own directory."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from shared.devstack.launcher import Stack
from tests.e2e.conftest import client_for
from tests.support.e2e_personnel import enrol_train_post_and_certify, ok
from tests.support.wait import eventually_sync

pytestmark = pytest.mark.usefixtures("units")  # the units the tests enrol officers into

REMOVED = "personnel.officer.enforcement_post_removed.v1"


def test_failing_the_retake_removes_the_officer_once_and_cases_and_assessment_see_it(stack: Stack) -> None:
    director = client_for(stack, "director", subject="director-zhang")
    legal = client_for(stack, "legal_affairs", subject="legal-li")
    officer = enrol_train_post_and_certify(director, legal, "赵强", "HN-E2E-0001")
    exam = {"exam_round": "2017Q3", "kind": "quarterly_course", "closed_book": True}
    ok(
        legal.post(
            f"/api/personnel/officers/{officer}/exams",
            json={**exam, "attempt_no": 1, "score": 48, "taken_at": "2017-09-15T09:00:00+08:00"},
        )
    )
    retake = {**exam, "attempt_no": 2, "score": 52, "taken_at": "2017-09-29T09:00:00+08:00"}
    key = {"Idempotency-Key": "exam-2017Q3-zhao-retake"}
    first = legal.post(f"/api/personnel/officers/{officer}/exams", json=retake, headers=key)
    again = legal.post(f"/api/personnel/officers/{officer}/exams", json=retake, headers=key)  # a client's retry
    assert first.status_code == again.status_code == 200, first.text
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    refused = legal.post(f"/api/personnel/officers/{officer}/exams", json=retake)
    assert refused.status_code == 409
    assert refused.json()["code"] == "no_second_retake"

    view = ok(director.get(f"/api/personnel/officers/{officer}"))
    assert not view["on_enforcement_post"]
    (removal,) = view["removals"]
    assert (removal["reason"], removal["decided_by"]) == ("exam_failed_twice", "rule:exam_failed_twice")
    standing = ok(director.get(f"/api/personnel/officers/{officer}/standing", params={"at": "2017-10-01T00:00:00Z"}))
    assert (standing["can_enforce"], standing["reason"]) == (False, "removed_from_post")

    # Cases: the officer could enforce before the retake, and not after it.
    def enforcers(at: str) -> set[str]:
        rows = ok(director.get("/api/cases/enforcers", params={"at": at}))["enforcers"]
        return {row["officer_id"] for row in rows}

    eventually_sync(lambda: officer in enforcers("2017-09-01T00:00:00Z"))
    eventually_sync(lambda: officer not in enforcers("2017-10-01T00:00:00Z"))

    # Assessment: the roster reflects the removal, and the history holds it once, with its cause.
    def on_roster(day: str) -> bool:
        officers = ok(director.get("/api/assessment/roster", params={"as_of": day}))["officers"]
        return any(entry["officer_id"] == officer for entry in officers)

    def history_with_the_removal() -> list[dict[str, Any]] | None:
        entries: list[dict[str, Any]] = director.get(f"/api/assessment/officers/{officer}/history").json()["events"]
        return entries if any(entry["event_type"] == REMOVED for entry in entries) else None

    history = eventually_sync(history_with_the_removal)
    assert on_roster("2017-09-01")
    assert not on_roster("2017-10-01")
    removals = [entry for entry in history if entry["event_type"] == REMOVED]
    assert len(removals) == 1
    assert removals[0]["data"]["reason"] == "exam_failed_twice"
    assert removals[0]["actor"] == {"id": "legal-li", "role": "legal_affairs"}  # who recorded the failing retake
    exams = [entry["data"]["attempt_no"] for entry in history if entry["event_type"] == "personnel.exam.taken.v1"]
    assert sorted(exams) == [1, 1, 2]  # the qualification exam, then the quarterly exam and its retake

    # Restored by a decision: cases sees that too.
    ok(
        director.post(
            f"/api/personnel/officers/{officer}/enforcement-post/restoration",
            json={"reason": "2017Q4 考试合格", "decided_by": "局长办公会", "at": "2017-12-29T09:00:00+08:00"},
        )
    )
    eventually_sync(lambda: officer in enforcers("2018-01-02T00:00:00Z"))
    assert officer not in enforcers("2017-10-01T00:00:00Z")  # the past stays as it was


def test_the_scheduler_records_an_expiry_and_the_public_sees_the_directory(stack: Stack) -> None:
    director = client_for(stack, "director")
    legal = client_for(stack, "legal_affairs")
    today = date.today()
    recent = (today - timedelta(days=20)).isoformat()
    valid = enrol_train_post_and_certify(
        director,
        legal,
        "钱明",
        "HN-E2E-PUB-1",
        trained_at=f"{recent}T09:00:00+08:00",
        posted_at=f"{recent}T10:00:00+08:00",
        examined_at=f"{recent}T11:00:00+08:00",
        issued_on=recent,
    )
    expired = enrol_train_post_and_certify(director, legal, "孙亮", "HN-E2E-OLD-1")  # 2017 to 2022

    history = eventually_sync(
        lambda: [
            e
            for e in legal.get("/api/personnel/certificates/HN-E2E-OLD-1/history").json()
            if e["event_type"] == "Certificate.Expired"
        ],
        timeout=60,
    )
    assert history[0]["actor"] == {"id": "scheduler:certificate-expiry", "role": "system"}
    assert ok(legal.get("/api/personnel/certificates/HN-E2E-OLD-1"))["status"] == "expired"

    # ENF is registered as 执法监察大队 by the `units` fixture (tests.support.e2e_personnel.UNITS).
    ok(
        legal.post(
            "/api/personnel/enforcement-subjects",
            json={"code": "MJ", "name": "孟津县国土资源局", "legal_basis": ["《土地管理法》"]},
        ),
        201,
    )
    ok(
        legal.post(
            "/api/personnel/powers",
            json={
                "code": "XZCF-001",
                "subject_code": "MJ",
                "category": "penalty",
                "name": "对非法占用土地的行政处罚",
                "legal_basis": ["《土地管理法》第七十六条"],
                "responsible_unit_id": "ENF",
                "procedure_template_id": "penalty_general",
            },
        ),
        201,
    )

    # The public endpoints answer without any identity (the gateway exposes them without login).
    public = httpx.Client(base_url=stack.url("personnel"), timeout=10)

    def roster_with_the_new_certificate() -> dict[str, Any] | None:
        body: dict[str, Any] = public.get("/public/roster").json()
        return body if any(o["certificate_no"] == "HN-E2E-PUB-1" for o in body["officers"]) else None

    roster = eventually_sync(roster_with_the_new_certificate)
    entry = next(o for o in roster["officers"] if o["certificate_no"] == "HN-E2E-PUB-1")
    assert (entry["name"], entry["unit_id"], entry["unit_name"]) == ("钱明", "ENF", "执法监察大队")
    assert all(o["certificate_no"] != "HN-E2E-OLD-1" for o in roster["officers"])
    checked = ok(public.get("/public/certificates/HN-E2E-OLD-1"))
    assert checked == {
        "certificate_no": "HN-E2E-OLD-1",
        "valid": False,
        "holder_name": "孙亮",
        "unit_id": "ENF",
        "unit_name": "执法监察大队",
        "expires_on": "2022-06-01",
    }
    powers = eventually_sync(lambda: public.get("/public/powers").json()["powers"])
    assert [p["code"] for p in powers] == ["XZCF-001"]
    assert ok(public.get("/public/powers", params={"limit": 1}))["next_cursor"] is None  # no empty page after
    officers = ok(director.get("/api/personnel/officers", params={"unit_id": "ENF"}))["officers"]
    assert {valid, expired} <= {o["officer_id"] for o in officers}
    # Removals are personal: a station's officer lists the station's staff only.
    station = client_for(stack, "officer", unit="STN03")
    assert station.get("/api/personnel/officers", params={"unit_id": "ENF"}).status_code == 403
    own = ok(station.get("/api/personnel/officers", params={"limit": 200}))["officers"]
    assert {o["unit_id"] for o in own} <= {"STN03"}
    assert not {valid, expired} & {o["officer_id"] for o in own}

    # The roster as published (名单公示): judged at that instant, kept as published, public.
    problem = director.post("/api/personnel/roster/publications", json={"channel": "billboard"})
    assert problem.status_code == 422, problem.text
    published = ok(legal.post("/api/personnel/roster/publications", json={"channel": "website"}), 201)
    visitor = httpx.Client(base_url=stack.url("gateway"), timeout=10)  # no token at all
    shown = ok(visitor.get(f"/api/personnel/public/roster/publications/{published['id']}"))
    numbers = [o["certificate_no"] for o in shown["officers"]]
    assert "HN-E2E-PUB-1" in numbers
    assert "HN-E2E-OLD-1" not in numbers
    assert numbers == sorted(numbers)
    assert next(o for o in shown["officers"] if o["certificate_no"] == "HN-E2E-PUB-1")["name"] == "钱明"

    def latest_publication() -> dict[str, Any] | None:
        body: dict[str, Any] = visitor.get("/api/personnel/public/roster/publications/latest").json()
        return body if body.get("roster_id") == published["id"] else None

    assert eventually_sync(latest_publication) == shown
    listed = ok(visitor.get("/api/personnel/public/roster/publications"))["publications"]
    assert (listed[0]["roster_id"], listed[0]["officers"]) == (published["id"], len(numbers))
    assert visitor.post("/api/personnel/roster/publications", json={"channel": "website"}).status_code == 401
