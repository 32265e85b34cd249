"""Three months of a small bureau through the real services, every piece a process, driven through
the gateway: personnel certifies and trains ten officers of five stations, cases records their leads
(one taken all the way to a reviewed case file), the secretariat records public evaluations, and the
scheduler finds the late verifications. Assessment ranks each month exactly as computed by hand
below; the bottom three get a talk and a station three months at the bottom a transfer proposal
naming its head, once each, whatever is delivered twice or rebuilt; every explanation sums to its
score; a scheme change applies from its effective date while earlier months recompute unchanged; an
officer's sanction suspends the certificate in personnel, in cases' list of who may enforce and in
assessment's roster. Prints the rebuild time of every assessment projection:

    python3 zeren test tests/e2e/test_assessment_scenario.py -s
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
import nats
import pytest

from assessment.projections import AccountabilityTriggers, read_models
from shared.db.pool import create_pool
from shared.devstack.launcher import Stack
from shared.devstack.process import stop
from shared.messaging.consumer import durable_name, rebuild
from shared.messaging.projection import Projection
from tests.e2e.conftest import client_for
from tests.support.assessment import deliver_again, table_dump
from tests.support.e2e_personnel import enrol_train_post_and_certify, register_body_cameras
from tests.support.processes import restart
from tests.support.settle import drained, wait_settled
from tests.support.wait import eventually_sync, until_facts_caught_up

API = "/api/assessment"
UNITS = ("STN01", "STN02", "STN03", "STN04", "STN05")
DIRECTOR_ID = "5b1d9c3e-7a2f-4e8b-9c6d-1e2f3a4b5c6d"
REVIEWER_ID = "6c2e0d4f-8b3a-4f9c-8d7e-2f3a4b5c6d7e"
CONDITIONS = dict.fromkeys(
    ("identified_party", "violation_fact", "liability", "jurisdiction", "within_limitation"), True
)

# --- the script ------------------------------------------------------------------------------------
#
# Each station's month: one lead verified on time or late (3 working days after registration), the
# violation stopped by a stop order or found already complete, then not filed (minor, corrected) the
# next day; a public evaluation card; the bureau's Friday study. STN01's January lead becomes a case
# taken to its archive and a file review scoring 88. The quarterly exam is in March.
#                   (verified on time, stopped early, card score)
PLAN: dict[str, dict[str, tuple[bool, bool, int]]] = {
    "2018-01": {
        "STN02": (True, True, 84), "STN03": (True, False, 90), "STN04": (False, True, 78), "STN05": (True, False, 72),
    },
    "2018-02": {
        "STN01": (True, True, 90), "STN02": (False, True, 84), "STN03": (True, True, 78), "STN04": (True, True, 72),
        "STN05": (True, False, 66),
    },
    "2018-03": {
        "STN01": (True, True, 84), "STN02": (True, False, 90), "STN03": (True, True, 72), "STN04": (True, True, 78),
        "STN05": (False, True, 90),
    },
}  # fmt: skip
CASE_MONTH_CARD = 90  # STN01 in January: the case
# Registered on a Monday; the verification is due 3 working days later (11 Jan, 8 Feb, 8 Mar).
RECEIVED = {"2018-01": "2018-01-08", "2018-02": "2018-02-05", "2018-03": "2018-03-05"}
ON_TIME = {"2018-01": "2018-01-09", "2018-02": "2018-02-06", "2018-03": "2018-03-06"}
LATE = {"2018-01": "2018-01-16", "2018-02": "2018-02-13", "2018-03": "2018-03-13"}
FRIDAY = {"2018-01": "2018-01-05", "2018-02": "2018-02-02", "2018-03": "2018-03-02"}
ABSENT = {"2018-01": ("STN05/b",), "2018-02": ("STN04/a", "STN05/b"), "2018-03": ("STN05/b",)}
EXAMS = {  # the quarterly course exam, 20 March (pass mark 60)
    "STN01": (92, 88), "STN02": (80, 70), "STN03": (85, 95), "STN04": (78, 82), "STN05": (65, 55),
}  # fmt: skip

# --- the ranking, by hand ----------------------------------------------------------------------------
#
# Default scheme (version 1). A station's month measures five items (weight 60): timeliness 15 (mean
# of "verified on time" and "filing decided on time", the latter always 1), sunshine enforcement 10
# (certificates shown and a body camera recording at every act on site: 1), patrol and stopping 15
# (stopped early 1/0), training 10 (attendance at the Friday study, and in March the mean exam score
# / 100, less 2 per failed exam), external evaluation 10 (card / 100). Unmeasured items are left out
# and the measured ones scaled by 100/60; the items add up exactly and their sum is rounded to the cent
# (the lines shown are rounded to add up to it). Each line, exactly and to the cent:
#   timeliness   on time 15 x 5/3 = 25.00   late 7.5 x 5/3 = 12.50
#   sunshine     10 x 5/3 = 16.666… (16.67)
#   patrol       stopped 25.00, not 0.00
#   training     both attended 16.666… (16.67), one absent 8.333… (8.33)
#   card         84 -> 8.4 x 5/3 = 14.00; 90 -> 15.00; 78 -> 13.00; 72 -> 12.00; 66 -> 11.00
# A late verification is also a breach the scheduler records: deadline_breach, -1 point (v1).
#
# STN01, January (the case): all seven items measured, weight 100, no scaling:
#   case quality 25 x 88/100 = 22, procedure 15 (checklist complete), timeliness 15 (verified, filed,
#   decided, published, archived on time), patrol 15 (stopped), training 10, card 9, sunshine 10 (every
#   certificate shown, the decision published in time)  -> 96.00
JANUARY = {
    "STN02": Decimal("97.33"),  # 25 + 16.666… + 25 + 16.666… + 14 = 97.333…
    "STN01": Decimal("96.00"),
    "STN04": Decimal("82.83"),  # 12.50 + 16.666… + 25 + 16.666… + 13 = 83.83, - 1 (breach)
    "STN03": Decimal("73.33"),  # 25 + 16.666… + 0 + 16.666… + 15
    "STN05": Decimal("62.00"),  # 25 + 16.666… + 0 + 8.333… + 12
}
FEBRUARY = {
    "STN01": Decimal("98.33"),  # 25 + 16.666… + 25 + 16.666… + 15
    "STN03": Decimal("96.33"),  # 25 + 16.666… + 25 + 16.666… + 13
    "STN04": Decimal("87.00"),  # 25 + 16.666… + 25 + 8.333… + 12
    "STN02": Decimal("83.83"),  # 12.50 + 16.666… + 25 + 16.666… + 14 = 84.83, - 1 (breach)
    "STN05": Decimal("61.00"),  # 25 + 16.666… + 0 + 8.333… + 11
}
# March, scheme version 2 from 1 March: a deadline breach costs 4 points. Training with the exam:
#   STN01 10 x (1 + 0.90)/2 = 9.50 -> 15.83;  STN02 10 x (1 + 0.75)/2 = 8.75 -> 14.58
#   STN03 9.50 -> 15.83;  STN04 10 x (1 + 0.80)/2 = 9.00 -> 15.00
#   STN05 10 x (0.5 + 0.60)/2 - 2 (one exam failed) = 3.50 -> 5.83
MARCH = {
    "STN01": Decimal("96.50"),  # 25 + 16.67 + 25 + 15.83 + 14
    "STN04": Decimal("94.67"),  # 25 + 16.67 + 25 + 15.00 + 13
    "STN03": Decimal("94.50"),  # 25 + 16.67 + 25 + 15.83 + 12
    "STN02": Decimal("71.25"),  # 25 + 16.67 + 0 + 14.58 + 15
    "STN05": Decimal("71.00"),  # 12.50 + 16.67 + 25 + 5.83 + 15 - 4 (breach, version 2)
}
MARCH_UNDER_V1_STN05 = Decimal("74.00")  # the same facts under version 1: -1 for the breach
GRADES = {  # excellent >= 90, good >= 80, pass >= 70, fail below
    "2018-01": ["excellent", "excellent", "good", "pass", "fail"],
    "2018-02": ["excellent", "excellent", "good", "good", "fail"],
    "2018-03": ["excellent", "excellent", "excellent", "pass", "pass"],
}
# The bottom three of five each month get a talk; STN05 is in it three months running: a transfer
# proposal for its head in March.
BOTTOM = {
    "2018-01": {"STN04", "STN03", "STN05"},
    "2018-02": {"STN04", "STN02", "STN05"},
    "2018-03": {"STN03", "STN02", "STN05"},
}
EXPECTED = {"2018-01": JANUARY, "2018-02": FEBRUARY, "2018-03": MARCH}


@pytest.fixture(scope="module", autouse=True)
def deadline_watch_on_demand() -> Iterator[None]:
    """The deadline watch runs when its scheduler starts, then not for a day: the test restarts the
    scheduler once every month is scripted, so the breaches it finds do not depend on timing."""
    previous = os.environ.get("CASES_DEADLINE_WATCH_SECONDS")
    os.environ["CASES_DEADLINE_WATCH_SECONDS"] = "86400"
    yield
    if previous is None:
        os.environ.pop("CASES_DEADLINE_WATCH_SECONDS")
    else:
        os.environ["CASES_DEADLINE_WATCH_SECONDS"] = previous


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    return body


def at(day: str, hour: int = 10, minute: int = 0) -> str:
    return f"{day}T{hour:02d}:{minute:02d}:00+08:00"


@dataclass
class Bureau:
    stack: Stack
    officers: dict[str, str]  # "STN03/a" -> officer id (a heads the station)
    certificates: dict[str, str]  # officer id -> certificate number

    def client(self, role: str, unit: str | None = None, subject: str | None = None) -> httpx.Client:
        return client_for(self.stack, role, unit=unit, subject=subject or f"{role}-{unit or 'bureau'}")

    def team(self, unit: str) -> list[dict[str, Any]]:
        return [{"officer_id": self.officers[f"{unit}/{x}"], "certificate_shown": True} for x in "ab"]

    def clips(self, unit: str, clip_id: str, day: str, hour: int) -> list[dict[str, Any]]:
        """The station's body camera, worn by its head, in the hour up to the act (执法全过程记录)."""
        return [{
            "clip_id": clip_id, "device_id": f"JLY-{unit}", "officer_id": self.officers[f"{unit}/a"],
            "started_at": at(day, hour - 1), "ended_at": at(day, hour), "storage_ref": f"evidence://{clip_id}.mp4",
            "sha256": "ab" * 32,
        }]  # fmt: skip


# --- scripting the months ------------------------------------------------------------------------------


def staff(stack: Stack) -> Bureau:
    director = client_for(stack, "director", subject="director-zhang")
    legal = client_for(stack, "legal_affairs", subject="legal-li")
    officers, certificates = {}, {}
    for unit in UNITS:
        ok(
            director.post("/api/personnel/units", json={"code": unit, "name": f"国土资源所 {unit}", "kind": "station"}),
            201,
        )
        for x in "ab":
            number = f"HN-LY-2017-{unit}{x.upper()}"
            officer = enrol_train_post_and_certify(director, legal, f"执法员 {unit}{x}", number, unit_id=unit)
            officers[f"{unit}/{x}"], certificates[officer] = officer, number
        head = {"officer_id": officers[f"{unit}/a"], "at": at("2017-07-01")}
        ok(director.post(f"/api/personnel/units/{unit}/head", json=head))

    def projected() -> bool:
        found = director.get("/api/cases/enforcers", params={"at": at("2018-01-02")}).json()["enforcers"]
        return set(officers.values()) <= {e["officer_id"] for e in found}

    eventually_sync(projected, timeout=60)
    register_body_cameras(director, *(f"JLY-{unit}" for unit in UNITS))
    return Bureau(stack, officers, certificates)


def friday_study(bureau: Bureau, month: str) -> None:
    attendees = [officer for key, officer in bureau.officers.items() if key not in ABSENT[month]]
    session = {
        "kind": "weekly_friday", "held_at": at(FRIDAY[month], 16), "trainer": "政策法规股", "topics": ["土地管理法"],
        "attendee_ids": attendees,
    }  # fmt: skip
    ok(bureau.client("legal_affairs").post("/api/personnel/training-sessions", json=session), 201)


def lead(bureau: Bureau, unit: str, month: str, *, on_time: bool, stopped: bool) -> str:
    """Registered, verified, stopped (or found complete), and not filed with approval the next day."""
    officer = bureau.client("officer", unit)
    registered = {
        "register_no": f"孟国土线〔{month}〕{unit}", "source": "patrol", "unit_id": unit,
        "received_at": at(RECEIVED[month], 9), "location": {"township_code": "410322100", "village": "东村"},
        "description": "未批先建 on cultivated land",
    }  # fmt: skip
    lead_id = str(ok(officer.post("/api/cases/leads", json=registered), 201)["id"])
    day = ON_TIME[month] if on_time else LATE[month]
    verification = {
        "outcome": "violation_confirmed", "record_no": f"HC-{month}-{unit}", "officers": bureau.team(unit),
        "verified_at": at(day), "area_mu": 0.4, "cultivated_mu": 0.3, "violation_ongoing": stopped,
        "clips": bureau.clips(unit, f"JLY-{month}-{unit}-HC", day, 10),
    }  # fmt: skip
    ok(officer.post(f"/api/cases/leads/{lead_id}/verification", json=verification))
    if stopped:
        order = {
            "doc_no": f"ZL-{month}-{unit}",
            "party": "张三",
            "officers": bureau.team(unit),
            "issued_at": at(day, 15),
            "clips": bureau.clips(unit, f"JLY-{month}-{unit}-ZL", day, 15),
        }
        ok(officer.post(f"/api/cases/leads/{lead_id}/stop-orders", json=order))
    not_filed = {
        "reason": "minor_corrected", "approved_by": DIRECTOR_ID, "explanation": "restored the land at once",
        "decided_at": at(day, 17),
    }  # fmt: skip
    ok(officer.post(f"/api/cases/leads/{lead_id}/non-filing", json=not_filed))
    return lead_id


def january_case(bureau: Bureau) -> str:
    """STN01's January lead, taken from verification to its archive, and its file reviewed (88)."""
    officer, a, b = bureau.client("officer", "STN01"), bureau.officers["STN01/a"], bureau.officers["STN01/b"]
    registered = {
        "register_no": "孟国土线〔2018-01〕STN01", "source": "patrol", "unit_id": "STN01",
        "received_at": at("2018-01-08", 9), "location": {"township_code": "410322100", "village": "西村"},
        "description": "未批先建 on cultivated land",
    }  # fmt: skip
    lead_id = ok(officer.post("/api/cases/leads", json=registered), 201)["id"]
    team = bureau.team("STN01")
    steps: list[tuple[str, dict[str, Any]]] = [
        (f"leads/{lead_id}/verification", {
            "outcome": "violation_confirmed", "record_no": "HC-2018-01-STN01", "officers": team,
            "verified_at": at("2018-01-09"), "area_mu": 1.2, "cultivated_mu": 1.0, "violation_ongoing": True,
            "clips": bureau.clips("STN01", "JLY-001-HC", "2018-01-09", 10)}),
        (f"leads/{lead_id}/stop-orders", {"doc_no": "ZL-2018-01-STN01", "party": "张三", "officers": team,
                                          "issued_at": at("2018-01-09", 15),
                                          "clips": bureau.clips("STN01", "JLY-001-ZL", "2018-01-09", 15)}),
    ]  # fmt: skip
    for path, body in steps:
        ok(officer.post(f"/api/cases/{path}", json=body))
    filed = {
        "case_no": "孟国土资罚〔2018〕001号", "filing_form_no": "LA-001", "party": {"type": "person", "name": "张三"},
        "cause": "非法占用耕地建房", "facts_summary": "built on 1.0 mu of cultivated land without approval",
        "violation_type": "illegal_occupation", "conditions": CONDITIONS, "handling_officer_ids": [a, b],
        "approved_by": DIRECTOR_ID, "filed_at": at("2018-01-10"),
    }  # fmt: skip
    case = ok(officer.post(f"/api/cases/leads/{lead_id}/filing", json=filed), 201)["id"]
    fine = [{"kind": "fine", "amount_yuan": 8000}]
    checklist = dict.fromkeys(
        ("filing_ok", "party_ok", "facts_evidence_ok", "characterisation_ok", "law_ok", "procedure_ok", "handling_ok"),
        True,
    )
    reviewer = bureau.client("case_reviewer", subject="reviewer-li")
    steps = [
        ("inquiries", {"doc_no": "XW-001", "officers": team, "interviewee_role": "party", "interviewee_name": "张三",
                       "started_at": at("2018-01-11", 9), "ended_at": at("2018-01-11", 10), "signed": True,
                       "clips": bureau.clips("STN01", "JLY-001-XW", "2018-01-11", 10)}),
        ("site-surveys", {"doc_no": "KC-001", "officers": team, "measured_area_mu": 1.0, "cultivated_mu": 1.0,
                          "surveyed_at": at("2018-01-11", 14),
                          "clips": bureau.clips("STN01", "JLY-001-KC", "2018-01-11", 14)}),
        ("investigation-report", {"report_no": "DC-001", "facts": "occupied 1.0 mu",
                                  "legal_basis": ["土地管理法 第七十六条"], "proposed_penalties": fine,
                                  "discretion_level": "ordinary", "submitted_at": at("2018-01-12")}),
        ("case-review", {"reviewer_id": REVIEWER_ID, "opinion_no": "SL-001", "checklist": checklist,
                         "outcome": "approved", "opinion": "facts clear", "reviewed_at": at("2018-01-15")}),
        ("penalty-notice", {"doc_no": "GZ-001", "penalties": fine, "service_method": "direct",
                            "served_at": at("2018-01-16")}),
        ("hearing-right-notice", {"doc_no": "TZ-001", "served_at": at("2018-01-16", 10, 30)}),
        ("hearing-waiver", {"written": True, "waived_at": at("2018-01-17", 9)}),
        ("statement-waiver", {"written": True, "waived_at": at("2018-01-17", 9, 5)}),
        ("decision/penalty", {"decision_no": "JD-001", "penalties": fine, "approved_by": DIRECTOR_ID,
                              "decided_at": at("2018-01-18")}),
        ("service", {"receipt_no": "SD-001", "method": "direct", "recipient": "张三", "officers": team,
                     "served_at": at("2018-01-19"), "clips": bureau.clips("STN01", "JLY-001-SD", "2018-01-19", 10)}),
        ("publication", {"reference": "https://example.gov/001", "published_at": at("2018-01-22")}),
        ("payments", {"amount_yuan": 8000, "receipt_no": "FK-001", "paid_at": at("2018-01-23")}),
        ("closure", {"reason": "executed", "form_no": "JA-001", "approved_by": DIRECTOR_ID,
                     "closed_at": at("2018-01-24")}),
        ("archive", {"archive_no": "AR-001", "catalogue_no": "ML-001", "volumes": 1, "pages": 40,
                     "archived_at": at("2018-01-25")}),
    ]  # fmt: skip
    for path, body in steps:
        client = reviewer if path == "case-review" else officer
        ok(client.post(f"/api/cases/cases/{case}/{path}", json=body))
    review = ok(
        reviewer.post(
            "/api/cases/case-file-reviews",
            json={"case_id": case, "reviewer_ids": [REVIEWER_ID], "occasion": "monthly_sample",
                  "started_at": at("2018-01-29")},
        ),
        201,
    )["id"]  # fmt: skip
    defect = {
        "category": "documents", "code": "register_incomplete", "severity": "minor", "points": 12,
        "description": "the evidence register lists no page numbers",
        "responsible": [{"officer_id": a, "role": "handler"}], "found_at": at("2018-01-29", 11),
    }  # fmt: skip
    ok(reviewer.post(f"/api/cases/case-file-reviews/{review}/defects", json=defect))
    completed = {"summary": "documents incomplete", "completed_at": at("2018-01-30")}
    ok(reviewer.post(f"/api/cases/case-file-reviews/{review}/completion", json=completed))
    return str(case)


def month_of_work(bureau: Bureau, month: str) -> dict[str, str]:
    friday_study(bureau, month)
    secretariat = bureau.client("assessment_secretariat", subject="secretariat-wang")
    leads = {}
    for unit in UNITS:
        if month == "2018-01" and unit == "STN01":
            january_case(bureau)
            card = CASE_MONTH_CARD
        else:
            on_time, stopped, card = PLAN[month][unit]
            leads[unit] = lead(bureau, unit, month, on_time=on_time, stopped=stopped)
        evaluation = {
            "subject_type": "unit", "subject_id": unit, "unit_id": unit, "counts_for": f"{month}-10",
            "method": "card", "score": card, "sample_size": 30, "evidence_ref": f"评议卡 {month}",
        }  # fmt: skip
        ok(secretariat.post(f"{API}/entries/public-evaluations", json=evaluation), 201)
    if month == "2018-03":
        legal = bureau.client("legal_affairs")
        for unit, scores in EXAMS.items():
            for x, score in zip("ab", scores, strict=True):
                exam = {"exam_round": "2018-Q1", "kind": "quarterly_course", "attempt_no": 1, "score": score,
                        "closed_book": True, "taken_at": at("2018-03-20")}  # fmt: skip
                ok(legal.post(f"/api/personnel/officers/{bureau.officers[f'{unit}/{x}']}/exams", json=exam))
    return leads


def run_deadline_watch_once(stack: Stack) -> None:
    """Restart cases' scheduler: its deadline watch runs as it starts."""
    restart(stack, "cases-schedule")


def breaches(client: httpx.Client, lead_id: str) -> dict[str, str]:
    def found() -> dict[str, str] | None:
        recorded: dict[str, str] = client.get(f"/api/cases/leads/{lead_id}").json()["breaches"]
        return recorded or None

    return eventually_sync(found, timeout=60)


def as_computed(client: httpx.Client, month: str) -> None:
    """Wait until the preview of `month` (every fact projected) gives the scores computed by hand."""

    seen: list[dict[str, Decimal]] = [{}]

    def scores() -> dict[str, Decimal] | None:
        rows = client.get(f"{API}/rankings/unit/{month}/preview").json()["rows"]
        seen[0] = {r["subject_id"]: Decimal(r["score"]) for r in rows}
        return seen[0] if seen[0] == EXPECTED[month] else None

    try:
        eventually_sync(scores, timeout=120)
    except AssertionError:
        raise AssertionError(f"{month}: previewed {seen[0]}, computed by hand {EXPECTED[month]}") from None


def check_published(client: httpx.Client, month: str, scheme_version: int) -> None:
    ranking = ok(client.get(f"{API}/rankings/unit/{month}"))
    assert ranking["scheme_version"] == scheme_version
    rows = ranking["rows"]
    assert [(r["subject_id"], Decimal(r["score"])) for r in rows] == list(EXPECTED[month].items())
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    assert [r["grade"] for r in rows] == GRADES[month]
    assert {r["subject_id"] for r in rows if r["talk_required"]} == BOTTOM[month]
    for unit in UNITS:
        explained = ok(client.get(f"{API}/rankings/unit/{month}/subjects/{unit}"))
        assert Decimal(explained["lines_total"]) == Decimal(explained["score"]) == EXPECTED[month][unit]
        sources = {
            f["producer"]
            for item in explained["periodic"]["items"]
            for metric in item["metrics"]
            for f in metric["facts"]
        }
        assert sources == {"personnel", "cases", "assessment"}  # every score rests on the three services' events


def decisions(client: httpx.Client, month: str) -> list[dict[str, Any]]:
    page: dict[str, Any] = client.get(f"{API}/decisions", params={"period": month, "limit": 200}).json()
    assert page["next_cursor"] is None  # a month makes a few decisions per unit: one page holds them
    rows: list[dict[str, Any]] = page["decisions"]
    return rows


def decided(client: httpx.Client, month: str, count: int) -> list[dict[str, Any]]:
    """The decisions of a month once the decisions projection has all `count` of them."""
    return eventually_sync(lambda: rows if len(rows := decisions(client, month)) == count else None, timeout=60)


def kpis(client: httpx.Client, period: str, unit: str | None = None) -> dict[str, tuple[str, Decimal | None, int]]:
    params = {"period": period} | ({"unit_id": unit} if unit else {})
    values = ok(client.get(f"{API}/kpis", params=params))["kpis"]
    return {
        k["code"]: (k["status"], None if k["value"] is None else Decimal(k["value"]), k["observations"]) for k in values
    }


# --- the test ---------------------------------------------------------------------------------------


def test_three_months_through_the_real_services_rank_as_computed_by_hand(stack: Stack) -> None:
    bureau = staff(stack)
    secretariat = bureau.client("assessment_secretariat", subject="secretariat-wang")
    director = bureau.client("director", subject="director-zhang")
    leads = {month: month_of_work(bureau, month) for month in ("2018-01", "2018-02", "2018-03")}

    # The scheduler finds the three verifications done late, once each.
    run_deadline_watch_once(stack)
    late = [(month, unit) for month, plan in PLAN.items() for unit, (on_time, _, _) in plan.items() if not on_time]
    assert late == [("2018-01", "STN04"), ("2018-02", "STN02"), ("2018-03", "STN05")]
    for month, unit in late:
        assert list(breaches(bureau.client("officer", unit), leads[month][unit])) == ["verification"]

    # January and February, under the default scheme.
    for month in ("2018-01", "2018-02"):
        as_computed(secretariat, month)
        ok(until_facts_caught_up(secretariat, f"{API}/rankings/unit/{month}/close"), 201)
        check_published(director, month, scheme_version=1)

    # The scheme changes from 1 March: a breach costs 4 points. Not for a closed month.
    values = ok(director.get(f"{API}/scheme", params={"on": "2018-03-01"}))["values"]
    for deduction in values["deductions"]:
        if deduction["code"] == "deadline_breach":
            deduction["points"] = "4"
    early = {"effective_from": "2018-02-01", "values": values, "note": "breaches weigh more"}
    problem(director.post(f"{API}/scheme/versions", json=early), 409, "scheme_change_retroactive")
    preview = ok(secretariat.get(f"{API}/rankings/unit/2018-03/preview"))
    assert Decimal(next(r["score"] for r in preview["rows"] if r["subject_id"] == "STN05")) == MARCH_UNDER_V1_STN05
    ok(director.post(f"{API}/scheme/versions", json={**early, "effective_from": "2018-03-01"}), 201)

    as_computed(secretariat, "2018-03")
    ok(until_facts_caught_up(secretariat, f"{API}/rankings/unit/2018-03/close"), 201)
    check_published(director, "2018-03", scheme_version=2)
    for month in ("2018-01", "2018-02", "2018-03"):  # each month recomputed under its own version
        assert ok(director.get(f"{API}/rankings/unit/{month}/recomputation"))["matches"] is True
    problem(secretariat.post(f"{API}/rankings/unit/2018-02/close"), 409, "period_already_closed")

    # Decisions: three talks a month, and one transfer proposal naming STN05's head at the end of March.
    made = {month: decided(director, month, count) for month, count in (("2018-01", 3), ("2018-02", 3), ("2018-03", 4))}
    for month, rows in made.items():
        assert {r["subject_id"] for r in rows if r["kind"] == "admonishment_talk"} == BOTTOM[month]
    (transfer,) = [r for r in made["2018-03"] if r["kind"] == "post_transfer"]
    assert (transfer["subject_id"], transfer["officer_id"]) == ("STN05", bureau.officers["STN05/a"])
    assert transfer["detail"]["run_periods"] == ["2018-01", "2018-02", "2018-03"]

    kpi_checks(bureau, director)
    sanction_and_transfer(bureau, director, transfer["decision_id"])

    # Everything delivered twice, then every assessment projection rebuilt: nothing decided again.
    quiet(stack)
    before = asyncio.run(assessment_tables(stack))
    made_before = {month: decisions(director, month) for month in EXPECTED}
    asyncio.run(deliver_everything_again(stack))
    eventually_sync(lambda: asyncio.run(drained(stack.nats_url)), timeout=120)
    seconds = rebuild_assessment_projections(stack)
    print(
        f"\nrebuild of every assessment projection for the scenario ({len(before['assessment_facts'])} facts,"
        f" {sum(map(len, before.values()))} rows in all, every message delivered twice):"
        f" {seconds:.2f}s until every consumer had drained its streams"
    )
    assert asyncio.run(assessment_tables(stack)) == before
    assert {month: decisions(director, month) for month in EXPECTED} == made_before
    for month in EXPECTED:
        assert ok(director.get(f"{API}/rankings/unit/{month}/recomputation"))["matches"] is True
    number = bureau.certificates[bureau.officers["STN05/b"]]
    history = director.get(f"/api/personnel/certificates/{number}/history").json()
    assert [e["event_type"] for e in history if e["event_type"].endswith("Suspended")] == ["Certificate.Suspended"]


def kpi_checks(bureau: Bureau, director: httpx.Client) -> None:
    march = kpis(director, "2018-03")
    assert march["certified_ratio"] == ("ok", Decimal(1), 10)
    assert march["training_coverage"] == ("ok", Decimal("0.9"), 10)  # STN05's b missed the Friday study
    assert march["exam_pass_rate"] == ("ok", Decimal("0.9"), 10)
    assert march["on_time_rate.lead_verified_on_time"] == ("ok", Decimal("0.8"), 5)
    assert march["deadline_breaches"] == ("ok", Decimal(1), 1)
    january = kpis(director, "2018-01", "STN01")
    assert january["case_file_review_rate"] == ("ok", Decimal(1), 1)
    assert january["on_time_rate.archived_on_time"] == ("ok", Decimal(1), 1)
    assert kpis(director, "2018-02", "STN05")["training_coverage"] == ("ok", Decimal("0.5"), 2)


def sanction_and_transfer(bureau: Bureau, director: httpx.Client, decision_id: str) -> None:
    """The policy raised a matter for STN05's late verification in March; its officer b is suspended
    from April to June; the leadership transfers STN05's head off the post on 10 April."""
    legal = bureau.client("legal_affairs", subject="legal-li")
    b = bureau.officers["STN05/b"]
    (matter,) = eventually_sync(
        lambda: director.get(f"{API}/matters", params={"unit_id": "STN05"}).json()["matters"], timeout=60
    )
    assert (matter["trigger"], matter["raised_by"]) == ("unverified_lead", "policy:accountability-triggers")
    assert sorted(matter["suspected_officer_ids"]) == sorted([bureau.officers["STN05/a"], b])
    path = f"{API}/matters/{matter['matter_id']}"
    ok(legal.post(f"{path}/investigation", json={"investigator_ids": ["legal-li"]}))
    ok(legal.post(f"{path}/responsibilities", json={"officer_id": b, "role": "handler", "share": "full",
                                                    "basis": "verified five working days late"}))  # fmt: skip
    sanction = {
        "officer_id": b, "sanction_type": "certificate_suspension", "tier": "2",
        "effective_at": "2018-04-02T00:00:00+08:00", "ends_at": "2018-07-01T00:00:00+08:00",
    }  # fmt: skip
    ok(director.post(f"{path}/sanctions", json=sanction))

    def suspended_everywhere() -> bool:
        standing = director.get(f"/api/personnel/officers/{b}/standing", params={"at": at("2018-05-02")}).json()
        enforcers = director.get("/api/cases/enforcers", params={"at": at("2018-05-02")}).json()["enforcers"]
        roster = director.get(f"{API}/roster", params={"as_of": "2018-05-02"}).json()["officers"]
        return (
            standing["reason"] == "suspended"
            and b not in {e["officer_id"] for e in enforcers}
            and bureau.officers["STN05/a"] in {e["officer_id"] for e in enforcers}
            and b not in {str(o["officer_id"]) for o in roster}
        )

    eventually_sync(suspended_everywhere, timeout=60)
    # Cases' write side asks the same standing: b may not verify a lead while suspended.
    officer = bureau.client("officer", "STN05")
    registered = {
        "register_no": "孟国土线〔2018-05〕STN05", "source": "patrol", "unit_id": "STN05",
        "received_at": at("2018-05-02", 9), "location": {"township_code": "410322100", "village": "南村"},
        "description": "未批先建 on cultivated land",
    }  # fmt: skip
    lead_id = ok(officer.post("/api/cases/leads", json=registered), 201)["id"]
    verification = {
        "outcome": "no_violation", "record_no": "HC-2018-05-STN05", "officers": bureau.team("STN05"),
        "verified_at": at("2018-05-03"), "area_mu": 0.0, "cultivated_mu": 0.0, "violation_ongoing": False,
    }  # fmt: skip
    refused = problem(
        officer.post(f"/api/cases/leads/{lead_id}/verification", json=verification), 409, "officer_cannot_enforce"
    )
    assert [(o["officer_id"], o["reason"]) for o in refused["details"]["officers"]] == [(b, "suspended")]
    decided = {
        "outcome": "transferred", "officer_id": bureau.officers["STN05/a"], "from_post": "执法监察员",
        "to_post": "档案管理员", "note": "three months at the bottom", "decided_at": at("2018-04-10"),
    }  # fmt: skip
    ok(director.post(f"{API}/decisions/{decision_id}/transfer-decision", json=decided))
    a = bureau.officers["STN05/a"]
    eventually_sync(
        lambda: director.get(f"/api/personnel/officers/{a}").json()["post"]["title"] == "档案管理员", timeout=60
    )
    # Assessment's roster learns of the transfer from personnel's event, a moment after personnel has it:
    # a left the enforcement post, b is suspended.
    eventually_sync(lambda: kpis(director, "2018-05", "STN05")["certified_ratio"] == ("ok", Decimal(0), 1), timeout=60)
    assert kpis(director, "2018-05")["certified_ratio"] == ("ok", Decimal("0.8889"), 9)


# --- duplicates and rebuilds -------------------------------------------------------------------------

ASSESSMENT_TABLES = (
    "assessment_facts", "fact_officer_units", "fact_cases", "ranking_lines", "decisions", "matters",
    "matter_sanctions", "roster_officers", "roster_certificates", "roster_certificate_periods", "roster_postings",
    "roster_unit_heads", "officer_history", "accountability_triggers", "complaints",
)  # fmt: skip


async def assessment_tables(stack: Stack) -> dict[str, list[str]]:
    pool = await create_pool(stack.database_url, "assessment", max_size=2)
    try:
        return {table: await table_dump(pool, table) for table in ASSESSMENT_TABLES}
    finally:
        await pool.close()


async def deliver_everything_again(stack: Stack) -> None:
    nc = await nats.connect(stack.nats_url)
    try:
        for stream in ("PERSONNEL", "CASES", "ASSESSMENT"):
            await deliver_again(nc.jetstream(), stream)
    finally:
        await nc.close()


def quiet(stack: Stack) -> None:
    """Stop the schedulers, which record events of their own on the wall clock's time (certificate
    expiries every 15 s, the period after the last one closed, closed by itself), then wait until
    the pipeline has nothing in flight: the states compared from here on are final."""
    for service in ("personnel", "cases", "assessment"):
        stop(stack.process(f"{service}-schedule").process)
    wait_settled(stack)


def assessment_projections() -> list[Projection]:
    """What assessment's projector runs (the policy only to name its table and consumers here)."""

    def unused() -> Any:
        raise AssertionError("nothing is raised while the projections are emptied")

    return [*read_models(), AccountabilityTriggers(unused, satellite_unit_id="ENF")]


def rebuild_assessment_projections(stack: Stack) -> float:
    """Stop assessment's projector, empty every projection it runs and drop its consumers, start it
    again; answer the seconds from the rebuild until every consumer has drained its streams."""
    stop(stack.process("assessment-project").process)

    async def empty() -> None:
        nc = await nats.connect(stack.nats_url)
        pool = await create_pool(stack.database_url, "assessment", max_size=2)
        try:
            for projection in assessment_projections():
                await rebuild(nc.jetstream(), pool, projection)
        finally:
            await pool.close()
            await nc.close()

    started = time.perf_counter()
    asyncio.run(empty())
    restart(stack, "assessment-project")
    eventually_sync(lambda: asyncio.run(rebuilt(stack)), timeout=180, interval=0.1)
    return time.perf_counter() - started


async def rebuilt(stack: Stack) -> bool:
    """Every consumer of assessment's projector exists again and has drained its stream."""
    nc = await nats.connect(stack.nats_url)
    try:
        js = nc.jetstream()
        names = {durable_name(p.name, producer) for p in assessment_projections() for producer in p.producers}
        seen = set()
        for stream in ("PERSONNEL", "CASES", "ASSESSMENT"):
            for info in await js.consumers_info(stream):
                if info.name in names:
                    seen.add(info.name)
                    if info.num_pending or info.num_ack_pending:
                        return False
        return seen == names
    finally:
        await nc.close()
