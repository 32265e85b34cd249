"""Personnel through the gateway, as an end-to-end test's client drives it: the units the tests use
registered, and an officer enrolled, trained, posted, examined and certified by the rules (unit
configurable)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.wait import eventually_sync


def ok(response: httpx.Response, status: int = 200) -> Any:
    """The decoded body of a response with the expected status: an object, or a list (a history)."""
    assert response.status_code == status, response.text
    return response.json()


# The units end-to-end tests enrol officers into and assign things to: personnel refuses a unit it has
# not registered (404 unit_not_found).
UNITS: dict[str, tuple[str, str]] = {
    "LEAD": ("局领导", "leadership"),
    "OFFICE": ("办公室", "section"),
    "LEGAL": ("法规股", "section"),
    "ENF": ("执法监察大队", "section"),
    **{f"STN{n:02d}": (f"第{n}国土资源所", "station") for n in range(1, 11)},
}


def register_units(director: httpx.Client, units: dict[str, tuple[str, str]] = UNITS) -> None:
    """Each unit registered once: a unit already registered (a stack reused) is left as it is."""
    for code, (name, kind) in units.items():
        response = director.post("/api/personnel/units", json={"code": code, "name": name, "kind": kind})
        if response.status_code != 201:
            assert response.status_code == 409, response.text
            assert response.json()["code"] == "unit_already_registered", response.text


def enrol_train_post_and_certify(
    director: httpx.Client, legal: httpx.Client, name: str, number: str, *, unit_id: str = "ENF", **dates: str
) -> str:
    officer = ok(
        director.post("/api/personnel/officers", json={"name": name, "unit_id": unit_id, "staff_kind": "permanent"}),
        201,
    )["id"]
    ok(
        legal.post(
            "/api/personnel/training-sessions",
            json={
                "kind": "pre_post",
                "held_at": dates.get("trained_at", "2017-04-20T09:00:00+08:00"),
                "trainer": "县政府法制办",
                "topics": ["行政处罚法"],
                "attendee_ids": [officer],
            },
        ),
        201,
    )
    ok(
        director.post(
            f"/api/personnel/officers/{officer}/post",
            json={
                "title": "执法监察员",
                "enforcement": True,
                "reason": "岗前培训合格",
                "decided_by": "局长办公会",
                "at": dates.get("posted_at", "2017-04-21T09:00:00+08:00"),
            },
        )
    )
    ok(
        legal.post(
            f"/api/personnel/officers/{officer}/exams",
            json={
                "exam_round": "QUAL",
                "kind": "general_law",
                "attempt_no": 1,
                "score": 85,
                "taken_at": dates.get("examined_at", "2017-04-25T09:00:00+08:00"),
            },
        )
    )
    ok(legal.post(f"/api/personnel/officers/{officer}/certificate-applications", json={}))
    ok(
        legal.post(
            "/api/personnel/certificates",
            json={
                "officer_id": officer,
                "certificate_no": number,
                "scope_area": "410322",
                "issued_on": dates.get("issued_on", "2017-06-01"),
            },
        ),
        201,
    )
    return str(officer)


def register_body_cameras(director: httpx.Client, *asset_nos: str) -> None:
    """Body cameras registered in personnel's assets, and known to cases (whose projection of the
    asset register decides which devices a clip may come from)."""
    for asset_no in asset_nos:
        ok(
            director.post(
                "/api/personnel/assets",
                json={"asset_no": asset_no, "kind": "body_camera", "description": "执法记录仪"},
            ),
            201,
        )

    def known_to_cases() -> bool:
        listed = ok(director.get("/api/cases/body-cameras", params={"limit": 200}))["body_cameras"]
        return set(asset_nos) <= {camera["asset_no"] for camera in listed}

    eventually_sync(known_to_cases, timeout=30)
