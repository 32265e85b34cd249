"""The personnel API on real PostgreSQL: each area's routes, with identities as the gateway signs
them; every refusal a problem+json whose code names the rule, and nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from personnel.bootstrap import create_api
from personnel.settings import PersonnelSettings
from shared.devstack.keys import ensure_dev_keys
from shared.domain import FixedClock
from shared.web.identity import IDENTITY_HEADER, Identity, mint_identity_token
from tests.support.asgi import SyncClient, serving
from tests.support.personnel import TEST_UNITS


class Caller:
    def __init__(self, client: SyncClient, key: str, role: str, unit: str | None = None) -> None:
        self.client, self.key, self.role, self.unit = client, key, role, unit

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        identity = Identity(subject=f"user-{self.role}", role=self.role, unit_id=self.unit)
        token = mint_identity_token(identity, private_key_pem=self.key, audience="personnel", issuer="zeren-gateway")
        return {IDENTITY_HEADER: token, **(extra or {})}

    def post(self, path: str, body: dict[str, Any], **headers: str) -> Any:
        return self.client.post(path, json=body, headers=self.headers(headers))

    def get(self, path: str, **params: str) -> Any:
        return self.client.get(path, params=params, headers=self.headers())


@pytest.fixture
def api(database_url: str, tmp_path: Path, fixed_clock: FixedClock) -> Iterator[tuple[SyncClient, str]]:
    keys = ensure_dev_keys(tmp_path / "keys")
    settings = PersonnelSettings(
        database_url=database_url,
        nats_url="nats://127.0.0.1:1",
        identity_public_key=keys.identity_public.read_text(),
    )
    with serving(create_api(settings)) as client:
        key = keys.identity_private.read_text()
        director = Caller(client, key, "director")
        for code, kind in TEST_UNITS.items():  # the units the tests enrol into: personnel refuses any other
            registered = director.post("/units", {"code": code, "name": f"{code} unit", "kind": kind.value})
            assert registered.status_code == 201, registered.text
        yield client, key


@pytest.fixture
def director(api: tuple[SyncClient, str]) -> Caller:
    return Caller(*api, "director")


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    return body


def enrol(caller: Caller, name: str = "王建国", unit: str = "STN03") -> str:
    response = caller.post("/officers", {"name": name, "unit_id": unit, "staff_kind": "permanent"})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def certified(caller: Caller, legal: Caller, number: str = "HN-1") -> str:
    officer = enrol(caller)
    session = caller.post(
        "/training-sessions",
        {
            "kind": "pre_post",
            "held_at": "2017-04-20T09:00:00+08:00",
            "trainer": "县政府法制办",
            "attendee_ids": [officer],
        },
    )
    assert session.status_code == 201, session.text
    posted = caller.post(
        f"/officers/{officer}/post",
        {"title": "执法监察员", "enforcement": True, "reason": "录用", "decided_by": "局长办公会"},
    )
    assert posted.status_code == 200, posted.text
    exam = legal.post(
        f"/officers/{officer}/exams",
        {"exam_round": "QUAL", "kind": "general_law", "attempt_no": 1, "score": 80, "taken_at": "2017-04-25T09:00:00Z"},
    )
    assert exam.status_code == 200, exam.text
    assert legal.post(f"/officers/{officer}/certificate-applications", {}).status_code == 200
    issued = legal.post(
        "/certificates",
        {"officer_id": officer, "certificate_no": number, "scope_area": "410322", "issued_on": "2017-06-01"},
    )
    assert issued.status_code == 201, issued.text
    assert issued.headers["location"] == f"/certificates/{number}"
    return officer


def test_the_certificate_lifecycle_through_the_api(api: tuple[SyncClient, str]) -> None:
    director, legal = Caller(*api, "director"), Caller(*api, "legal_affairs")
    bare = enrol(director, "甲")
    no_exam = legal.post(
        "/certificates",
        {"officer_id": bare, "certificate_no": "HN-X", "scope_area": "410322", "issued_on": "2017-06-01"},
    )
    assert problem(no_exam, 409, "passed_exam_required")["details"]["missing"] == ["passed_qualification_exam"]
    officer = certified(director, legal)

    certificate = legal.get("/certificates/HN-1").json()
    assert (certificate["status"], certificate["expires_on"], certificate["review_due_on"]) == (
        "active",
        "2022-06-01",
        "2018-06-01",
    )
    reinstate_active = legal.post("/certificates/HN-1/reinstatement", {})
    problem(reinstate_active, 409, "reinstatement_requires_suspension")
    stale = legal.post(
        "/certificates/HN-1/suspension", {"reason": "not_shown", "decided_by": "法规股"}, **{"If-Match": '"7"'}
    )
    problem(stale, 409, "version_conflict")
    suspended = legal.post(
        "/certificates/HN-1/suspension",
        {"reason": "not_shown", "decided_by": "法规股", "at": "2017-08-01T09:00:00+08:00", "until": "2017-09-01"},
        **{"If-Match": '"1"'},
    )
    assert suspended.status_code == 200, suspended.text
    assert suspended.headers["etag"] == '"2"'
    during = director.get(f"/officers/{officer}/standing", at="2017-08-15T00:00:00Z").json()
    after = director.get(f"/officers/{officer}/standing", at="2017-09-01T00:00:00Z").json()
    assert (during["can_enforce"], during["reason"]) == (False, "suspended")
    assert (after["can_enforce"], after["reason"]) == (True, None)

    for reason, day in (("not_shown", "2017-10-01"), ("refused_supervision", "2017-10-05")):
        overlapping = legal.post(
            "/certificates/HN-1/suspension", {"reason": reason, "decided_by": "法规股", "at": f"{day}T09:00:00+08:00"}
        )
        assert overlapping.status_code == 200, overlapping.text
    again = legal.post(
        "/certificates/HN-1/suspension",
        {"reason": "not_shown", "decided_by": "法规股", "at": "2017-10-06T09:00:00+08:00"},
    )
    assert (
        problem(again, 409, "suspension_already_running")["details"]["suspended_since"] == "2017-10-01T09:00:00+08:00"
    )
    which = problem(
        legal.post("/certificates/HN-1/reinstatement", {"at": "2017-10-08T09:00:00+08:00"}),
        409,
        "suspension_to_reinstate_ambiguous",
    )
    assert [running["reason"] for running in which["details"]["running"]] == ["not_shown", "refused_supervision"]
    lifted = legal.post(
        "/certificates/HN-1/reinstatement", {"at": "2017-10-08T09:00:00+08:00", "reason": "refused_supervision"}
    )
    assert lifted.status_code == 200, lifted.text
    still = director.get(f"/officers/{officer}/standing", at="2017-10-09T00:00:00Z").json()
    assert (still["can_enforce"], still["reason"]) == (False, "suspended")  # the card is still not shown

    sanction_suspension = legal.post(
        "/certificates/HN-1/suspension", {"reason": "accountability_sanction", "decided_by": "x"}
    )
    problem(sanction_suspension, 422, "validation_failed")  # sanctions come through /sanctions
    revoked = legal.post(
        "/certificates/HN-1/revocation",
        {"reason": "lent", "decided_by": "县政府法制办", "at": "2017-12-01T09:00:00+08:00"},
    )
    assert revoked.status_code == 200, revoked.text
    problem(legal.post("/certificates/HN-1/reinstatement", {}), 409, "reinstatement_requires_suspension")
    review = legal.post("/certificates/HN-1/reviews", {"period": "2018", "result": "passed"})
    problem(review, 409, "review_requires_certificate_in_force")
    barred = problem(legal.post(f"/officers/{officer}/certificate-applications", {}), 409, "reapplication_barred")
    assert barred["details"]["reapply_not_before"] == "2019-12-01"
    history = legal.get("/certificates/HN-1/history").json()
    assert [entry["event_type"] for entry in history] == [
        "Certificate.Issued",
        "Certificate.Suspended",
        "Certificate.Suspended",
        "Certificate.Suspended",
        "Certificate.Reinstated",
        "Certificate.Revoked",
    ]
    assert history[1]["actor"] == {"id": "user-legal_affairs", "role": "legal_affairs"}


def test_the_public_check_needs_no_identity_and_tells_nothing_more(api: tuple[SyncClient, str]) -> None:
    client = api[0]
    director, legal = Caller(*api, "director"), Caller(*api, "legal_affairs")
    certified(director, legal, "HN-PUB-1")
    checked = client.get("/public/certificates/hn-pub-1")
    assert checked.status_code == 200, checked.text
    assert checked.json() == {
        "certificate_no": "HN-PUB-1",
        "valid": True,
        "holder_name": "王建国",
        "unit_id": "STN03",
        "unit_name": "STN03 unit",
        "expires_on": "2022-06-01",
    }
    problem(client.get("/public/certificates/HN-NONE"), 404, "certificate_not_found")
    problem(client.get("/certificates/HN-PUB-1"), 401, "identity_invalid")  # the rest needs the gateway's identity


def test_the_exam_rules_through_the_api(api: tuple[SyncClient, str]) -> None:
    director, legal = Caller(*api, "director"), Caller(*api, "legal_affairs")
    officer = enrol(director)
    refused = director.post(
        f"/officers/{officer}/post",
        {"title": "执法监察员", "enforcement": True, "reason": "录用", "decided_by": "局长"},
    )
    problem(refused, 409, "pre_post_training_required")
    exam = {"exam_round": "2017Q3", "kind": "quarterly_course", "score": 40, "taken_at": "2017-09-15T09:00:00Z"}
    problem(
        legal.post(f"/officers/{officer}/exams", {**exam, "attempt_no": 2}), 409, "retake_requires_failed_first_attempt"
    )
    problem(legal.post(f"/officers/{officer}/exams", {**exam, "attempt_no": 3}), 422, "validation_failed")
    problem(
        legal.post(f"/officers/{officer}/exams", {**exam, "attempt_no": 1, "closed_book": False}),
        409,
        "quarterly_exam_must_be_closed_book",
    )
    assert legal.post(f"/officers/{officer}/exams", {**exam, "attempt_no": 1}).status_code == 200
    view = director.get(f"/officers/{officer}").json()
    assert [(e["attempt_no"], e["passed"], e["pass_mark"]) for e in view["exams"]] == [(1, False, 60)]
    problem(
        Caller(api[0], api[1], "officer", unit="STN05").get(f"/officers/{officer}"), 403, "forbidden"
    )  # exam scores are not another unit's business
    assert Caller(api[0], api[1], "officer", unit="STN03").get(f"/officers/{officer}").status_code == 200
    problem(Caller(*api, "auditor").post(f"/officers/{officer}/exams", {**exam, "attempt_no": 2}), 403, "forbidden")


def test_the_organisation_routes(api: tuple[SyncClient, str]) -> None:
    director = Caller(*api, "director")
    assert director.post("/units", {"code": "STN04", "name": "第四国土资源所", "kind": "station"}).status_code == 201
    problem(director.post("/units", {"code": "STN04", "name": "x", "kind": "station"}), 409, "unit_already_registered")
    head = enrol(director, "所长")
    assert director.post("/units/STN03/head", {"officer_id": head}).status_code == 200
    chief = enrol(director, "局长", "LEAD")
    deputy = enrol(director, "副局长", "LEAD")
    for officer_id, rank in ((chief, "director"), (deputy, "deputy_director")):
        posted = director.post(
            f"/officers/{officer_id}/post",
            {"title": rank, "rank": rank, "enforcement": False, "reason": "任命", "decided_by": "县委"},
        )
        assert posted.status_code == 200
    wrong = director.post("/leadership-group", {"leader_id": deputy, "office_head_id": chief})
    problem(wrong, 409, "leader_must_be_director")
    group = director.post("/leadership-group", {"leader_id": chief, "office_head_id": deputy})
    assert group.status_code == 201, group.text
    meeting = {"held_at": "2018-02-05T09:00:00+08:00", "chair_id": deputy, "resolutions": ["案卷评查"]}
    assert director.post("/leadership-group/meetings", meeting).status_code == 200
    problem(director.post("/leadership-group/meetings", meeting), 409, "monthly_meeting_already_held")
    assert len(director.get("/leadership-group").json()["meetings"]) == 1
    letter = {
        "year": 2018,
        "unit_id": "STN03",
        "head_officer_id": head,
        "director_id": chief,
        "targets": [{"code": "case_quality", "description": "案卷", "weight": 90, "metric": "m", "threshold": "t"}],
    }
    problem(director.post("/target-letters", letter), 422, "target_weights_must_total_100")
    letter["targets"][0]["weight"] = 100  # type: ignore[index]
    signed = director.post("/target-letters", letter)
    assert signed.status_code == 201, signed.text
    assert director.get(f"/target-letters/{signed.json()['id']}").json()["targets"][0]["weight"] == 100
    problem(director.post("/target-letters", letter), 409, "target_letter_already_signed")


def test_powers_assets_rules_and_sanctions(api: tuple[SyncClient, str]) -> None:
    director, legal = Caller(*api, "director"), Caller(*api, "legal_affairs")
    power = {
        "code": "XZCF-001",
        "subject_code": "MJ",
        "category": "penalty",
        "name": "对非法占用土地的行政处罚",
        "legal_basis": ["《土地管理法》第七十六条"],
        "responsible_unit_id": "ENF",
        "procedure_template_id": "penalty_general",
    }
    problem(legal.post("/powers", power), 409, "enforcement_subject_not_confirmed")
    subject = {"code": "MJ", "name": "孟津县国土资源局", "legal_basis": ["《土地管理法》"]}
    assert legal.post("/enforcement-subjects", subject).status_code == 201
    assert legal.post("/powers", power).status_code == 201
    assert director.post("/assets", {"asset_no": "BC-01", "kind": "body_camera"}).status_code == 201
    problem(director.post("/assets/BC-01/assignment", {}), 422, "invalid_input")
    assert director.post("/assets/BC-01/assignment", {"unit_id": "ENF"}).status_code == 200
    budget = director.post("/budget-records", {"year": 2017, "amount_yuan": "1300000.00", "purpose": "执法装备"})
    assert budget.status_code == 201
    rules = legal.post("/rules/versions", {"effective_from": "2019-01-01", "values": {"exam_pass_mark": 70}})
    assert rules.status_code == 201, rules.text
    problem(
        legal.post("/rules/versions", {"effective_from": "2019-01-01", "values": {"pass": 1}}), 422, "invalid_input"
    )
    versions = legal.get("/rules").json()
    assert [(v["version"], v["values"]["exam_pass_mark"]) for v in versions] == [(0, 60), (1, 70)]

    officer = certified(director, legal, "HN-S-1")
    matter = str(uuid4())
    sanction = {
        "accountability_id": matter,
        "officer_id": officer,
        "sanction_type": "certificate_suspension",
        "decided_by": "局长办公会",
        "until": "2018-06-01",
    }
    first = Caller(*api, "system").post("/sanctions", sanction)
    again = Caller(*api, "system").post("/sanctions", sanction)  # a redelivered decision
    assert first.status_code == again.status_code == 200, first.text
    assert first.json() == again.json()
    assert legal.get("/certificates/HN-S-1").json()["status"] == "suspended"
    problem(Caller(*api, "officer", "STN03").post("/sanctions", sanction), 403, "forbidden")


def test_a_command_naming_an_unregistered_unit_is_not_found_and_writes_nothing(api: tuple[SyncClient, str]) -> None:
    director = Caller(*api, "director")
    officer = enrol(director)
    assert director.post("/assets", {"asset_no": "CAR-01", "kind": "vehicle"}).status_code == 201
    decision = {"reason": "调整", "decided_by": "局长办公会"}
    calls: list[tuple[str, dict[str, Any]]] = [
        ("/officers", {"name": "李四", "unit_id": "NOPE", "staff_kind": "permanent"}),
        (f"/officers/{officer}/unit", {"unit_id": "NOPE", **decision}),
        (f"/officers/{officer}/transfer", {"title": "科员", "enforcement": False, "unit_id": "NOPE", **decision}),
        ("/assets/CAR-01/assignment", {"unit_id": "NOPE"}),
    ]
    for path, body in calls:
        refused = problem(director.post(path, body), 404, "unit_not_found")
        assert refused["details"] == {"unit_id": "NOPE", "field": "unit_id"}, path
    assert [e["version"] for e in director.get(f"/officers/{officer}/history").json()] == [1]
    assert director.get(f"/officers/{officer}").json()["unit_id"] == "STN03"
    # The asset is still as registered (version 1).
    assert director.post("/assets/CAR-01/assignment", {"unit_id": "ENF"}, **{"If-Match": '"1"'}).status_code == 200


def test_an_officer_leaving_through_the_api(api: tuple[SyncClient, str]) -> None:
    client = api[0]
    director, legal = Caller(*api, "director"), Caller(*api, "legal_affairs")
    officer = certified(director, legal, "HN-GONE-1")
    body = {"reason": "retired", "note": "到龄退休", "decided_by": "县人社局", "at": "2018-03-01T17:00:00+08:00"}

    problem(legal.post(f"/officers/{officer}/departure", body), 403, "forbidden")
    problem(director.post(f"/officers/{officer}/departure", {**body, "reason": "fired"}), 422, "validation_failed")
    problem(director.post(f"/officers/{uuid4()}/departure", body), 404, "officer_not_found")
    problem(
        director.post(f"/officers/{officer}/departure", {**body, "at": "2018-02-01T09:00:00+08:00"}),
        409,
        "record_out_of_order",  # before the officer's post was assigned (now, 2018-03-01 09:00 UTC)
    )
    left = director.post(f"/officers/{officer}/departure", body)
    assert left.status_code == 200, left.text

    view = director.get(f"/officers/{officer}").json()
    assert view["departure"] == {
        "reason": "retired",
        "note": "到龄退休",
        "decided_by": "县人社局",
        "at": "2018-03-01T17:00:00+08:00",  # as recorded, with its offset
    }
    assert view["on_enforcement_post"] is False
    assert legal.get("/certificates/HN-GONE-1").json()["status"] == "cancelled"
    assert client.get("/public/certificates/HN-GONE-1").json()["valid"] is False
    standing = director.get(f"/officers/{officer}/standing", at="2018-03-01T09:00:00Z").json()
    assert (standing["can_enforce"], standing["reason"]) == (False, "cancelled")

    again = problem(director.post(f"/officers/{officer}/departure", body), 409, "officer_departed")
    assert again["details"]["reason"] == "retired"
    transfer = {"title": "科员", "enforcement": False, "reason": "r", "decided_by": "d"}
    problem(director.post(f"/officers/{officer}/transfer", transfer), 409, "officer_departed")
    history = [entry["event_type"] for entry in director.get(f"/officers/{officer}/history").json()]
    assert history[-1] == "Officer.Departed"
