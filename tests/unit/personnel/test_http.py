"""The personnel API in process: what the routes answer for refusals and bad input (problem+json)."""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

import pytest

from personnel.application import Personnel
from personnel.bootstrap import ROUTERS
from personnel.domain import AssetKind, CancellationReason, CertificateStatus, PostRank, SuspensionReason
from tests.support.personnel import certify, enrol, train_and_post
from tests.support.service_app import GatewaySigner, service_app

with warnings.catch_warnings():  # starlette suggests another httpx package; the test client works as is
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NO = "HN-LY-2017-0001"
YEAR_ONE = "0001-01-01T00:00:00+14:00"  # aware, yet before year 1 began in UTC


class Api:
    def __init__(self, personnel: Personnel) -> None:
        self.signer = GatewaySigner("personnel")
        self.client = TestClient(service_app(self.signer, ROUTERS, personnel))

    def post(self, path: str, body: dict[str, Any], role: str = "admin") -> Any:
        return self.client.post(path, json=body, headers=self.signer.headers(role))

    def get(self, path: str, role: str = "admin", **params: str) -> Any:
        return self.client.get(path, headers=self.signer.headers(role), params=params)


def problem(response: Any) -> tuple[int, str, str]:
    return response.status_code, response.headers["content-type"], response.json()["code"]


@pytest.fixture
def api(personnel: Personnel) -> Api:
    return Api(personnel)


def test_an_instant_in_year_one_is_invalid_input_on_every_route_that_takes_one(personnel: Personnel, api: Api) -> None:
    officer = enrol(personnel)
    train_and_post(personnel, officer.id)
    certify(personnel, officer.id)
    director, deputy = enrol(personnel, "局长", "LEAD"), enrol(personnel, "副局长", "LEAD")
    for who, rank in ((director, PostRank.DIRECTOR), (deputy, PostRank.DEPUTY_DIRECTOR)):
        personnel.assign_post(who.id, title=rank.value, rank=rank, enforcement=False, reason="r", decided_by="d")
    personnel.establish_leadership_group(leader_id=director.id, office_head_id=deputy.id, member_ids=[])
    calls: dict[str, tuple[str, dict[str, Any]]] = {
        "review": (f"/certificates/{NO}/reviews", {"period": "2018", "result": "passed", "reviewed_at": YEAR_ONE}),
        "revocation": (f"/certificates/{NO}/revocation", {"reason": "lent", "decided_by": "d", "at": YEAR_ONE}),
        "exam": (
            f"/officers/{officer.id}/exams",
            {"exam_round": "Q1", "kind": "quarterly_course", "attempt_no": 1, "score": 70, "taken_at": YEAR_ONE},
        ),
        "training": (
            "/training-sessions",
            {"kind": "weekly_friday", "held_at": YEAR_ONE, "trainer": "t", "attendee_ids": [str(officer.id)]},
        ),
        "meeting": (
            "/leadership-group/meetings",
            {"held_at": YEAR_ONE, "chair_id": str(deputy.id), "attendee_ids": [], "resolutions": ["r"]},
        ),
    }
    before = personnel.recorder.max_notification_id()
    answers = {name: problem(api.post(path, body)) for name, (path, body) in calls.items()}
    answers["standing"] = problem(api.get(f"/officers/{officer.id}/standing", at=YEAR_ONE))
    # Refused where the request is read (`shared.web.requests`), before any bureau day is computed.
    assert answers == dict.fromkeys(answers, (422, "application/problem+json", "validation_failed"))
    assert personnel.recorder.max_notification_id() == before


def test_a_second_replacement_of_a_lost_card_is_a_conflict_naming_the_rule(personnel: Personnel, api: Api) -> None:
    certify(personnel, enrol(personnel).id)
    personnel.cancel_certificate(NO, reason=CancellationReason.LOST)
    first = api.post(f"/certificates/{NO}/replacement", {"new_no": "HN-N-1", "reason": "lost"}, role="legal_affairs")
    assert first.status_code < 300, first.json()
    second = api.post(f"/certificates/{NO}/replacement", {"new_no": "HN-N-2", "reason": "lost"}, role="legal_affairs")
    assert problem(second) == (409, "application/problem+json", "certificate_already_replaced")
    assert second.json()["details"] == {"replaced_by": "HN-N-1"}


def test_a_command_naming_an_unregistered_unit_is_a_404_problem_naming_the_field(
    personnel: Personnel, api: Api
) -> None:
    officer = enrol(personnel)
    personnel.register_asset(asset_no="BC-01", kind=AssetKind.BODY_CAMERA, description="执法记录仪")
    personnel.confirm_enforcement_subject(code="MJ", name="孟津县国土资源局", legal_basis=["《土地管理法》"])
    decision = {"reason": "调整", "decided_by": "局长办公会"}
    calls: dict[str, tuple[str, dict[str, Any], str]] = {
        "enrolment": ("/officers", {"name": "王建国", "unit_id": "NOPE", "staff_kind": "permanent"}, "unit_id"),
        "unit": (f"/officers/{officer.id}/unit", {"unit_id": "NOPE", **decision}, "unit_id"),
        "transfer": (
            f"/officers/{officer.id}/transfer",
            {"title": "科员", "enforcement": False, "unit_id": "NOPE", **decision},
            "unit_id",
        ),
        "asset": ("/assets/BC-01/assignment", {"unit_id": "NOPE"}, "unit_id"),
        "power": (
            "/powers",
            {
                "code": "XZCF-001",
                "subject_code": "MJ",
                "category": "penalty",
                "name": "对非法占用土地的行政处罚",
                "legal_basis": ["《土地管理法》第七十六条"],
                "responsible_unit_id": "NOPE",
                "procedure_template_id": "penalty_general_2014",
            },
            "responsible_unit_id",
        ),
    }
    before = personnel.recorder.max_notification_id()
    for name, (path, body, field) in calls.items():
        answer = api.post(path, body)
        assert problem(answer) == (404, "application/problem+json", "unit_not_found"), name
        assert answer.json()["details"] == {"unit_id": "NOPE", "field": field}, name
    assert personnel.recorder.max_notification_id() == before
    assert personnel.get_officer(officer.id).unit_id == "STN03"
    assert personnel.get_asset("BC-01").unit_id is None


def test_a_sanction_s_suspension_is_not_lifted_through_the_reinstatement_route(personnel: Personnel, api: Api) -> None:
    """The legal section reinstates cards it suspended itself; a sanction's suspension answers 409 and
    stays, whichever way the request names it."""
    officer = enrol(personnel)
    certify(personnel, officer.id)
    sanction = uuid4()
    personnel.suspend_certificate(
        NO,
        reason=SuspensionReason.ACCOUNTABILITY_SANCTION,
        until=date(2018, 6, 1),
        decided_by="局长办公会",
        at=datetime(2018, 2, 1, tzinfo=UTC),
        accountability_id=sanction,
    )
    for body in ({}, {"reason": "accountability_sanction"}):
        answer = api.post(f"/certificates/{NO}/reinstatement", {"note": "撤销", **body}, role="legal_affairs")
        assert problem(answer) == (409, "application/problem+json", "sanction_suspension_ends_with_its_sanction")
        assert answer.json()["details"]["running"][0]["accountability_id"] == str(sanction)
    assert personnel.get_certificate(NO).status_at(datetime(2018, 2, 28, tzinfo=UTC)) is CertificateStatus.SUSPENDED
    assert api.post(f"/certificates/{NO}/reinstatement", {"accountability_id": str(sanction)}).status_code == 422
