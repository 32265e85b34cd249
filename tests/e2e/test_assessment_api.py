"""Assessment through the gateway, every piece a process: entries become facts through the relay
and the projector, a period closes once with its decisions, each score explains itself, and every
refusal is a problem that writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx

from shared.devstack.launcher import Stack
from tests.e2e.conftest import client_for
from tests.support.wait import eventually_sync, until_facts_caught_up

OFFICER = "1f0c6a52-0000-4000-8000-0000000000e2"
API = "/api/assessment"


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    return body


def every(client: httpx.Client, path: str, items: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a list route, page by page, checking on the way that pages neither repeat nor
    skip: each page but the last is full and hands out a cursor, the last one none."""
    limit = params.pop("limit", 200)
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = client.get(path, params={**params, "limit": limit, **({"cursor": cursor} if cursor else {})}).json()
        found += page[items]
        cursor = page.get("next_cursor")
        if cursor is None:
            return found
        assert len(page[items]) == limit, page


def test_a_month_is_entered_closed_explained_and_acted_upon(stack: Stack) -> None:
    secretariat = client_for(stack, "assessment_secretariat", subject="secretariat-wang")
    director = client_for(stack, "director", subject="director-zhang")
    auditor = client_for(stack, "auditor", subject="auditor-chen")
    scores = {"STN01": 95, "STN02": 88, "STN03": 71, "STN04": 64}
    for unit, score in scores.items():
        created = secretariat.post(
            f"{API}/entries/public-evaluations",
            json={
                "subject_type": "unit",
                "subject_id": unit,
                "unit_id": unit,
                "counts_for": "2017-11-10",
                "method": "card",
                "score": score,
                "sample_size": 25,
                "evidence_ref": "评议卡 2017-11",
            },
        )
        assert created.status_code == 201, created.text
    secretariat.post(
        f"{API}/entries/deductions",
        json={
            "subject_type": "unit",
            "subject_id": "STN02",
            "unit_id": "STN02",
            "counts_for": "2017-11-20",
            "deduction_code": "enforcement_petition",
            "evidence_ref": "信访 2017-031",
        },
    ).raise_for_status()

    def projected() -> list[dict[str, Any]] | None:
        rows: list[dict[str, Any]] = secretariat.get(f"{API}/rankings/unit/2017-11/preview").json()["rows"]
        return (
            rows if {(r["subject_id"], r["score"]) for r in rows} >= {("STN02", "85.00"), ("STN04", "64.00")} else None
        )

    preview = eventually_sync(projected)  # the five entries have been relayed and projected as facts
    assert [r["subject_id"] for r in preview] == ["STN01", "STN02", "STN03", "STN04"]

    problem(auditor.post(f"{API}/rankings/unit/2017-11/close"), 403, "forbidden")
    closed = until_facts_caught_up(secretariat, f"{API}/rankings/unit/2017-11/close")
    assert closed.status_code == 201, closed.text
    assert closed.headers["location"] == f"{API}/rankings/unit/2017-11"
    again = problem(secretariat.post(f"{API}/rankings/unit/2017-11/close"), 409, "period_already_closed")
    assert again["details"] == {"period": "2017-11", "subject_type": "unit"}

    ranking = director.get(f"{API}/rankings/unit/2017-11").json()
    assert ranking["scheme_version"] == 1
    assert ranking["published_by"] == {"id": "secretariat-wang", "role": "assessment_secretariat"}
    assert [(r["subject_id"], r["grade"], r["talk_required"]) for r in ranking["rows"]] == [
        ("STN01", "excellent", False),
        ("STN02", "good", True),
        ("STN03", "pass", True),
        ("STN04", "fail", True),
    ]

    explained = director.get(f"{API}/rankings/unit/2017-11/subjects/STN02").json()
    assert Decimal(explained["lines_total"]) == Decimal(explained["score"]) == Decimal("85.00")
    (evaluation,) = [i for i in explained["periodic"]["items"] if i["code"] == "external_evaluation"]
    (source,) = evaluation["metrics"][0]["facts"]
    assert source["event_type"] == "assessment.public_evaluation.collected.v1"
    assert source["event_id"]
    assert source["producer"] == "assessment"
    assert explained["periodic"]["deductions"][0]["code"] == "enforcement_petition"
    station = client_for(stack, "unit_head", subject="head-stn01", unit="STN01")
    problem(station.get(f"{API}/rankings/unit/2017-11/subjects/STN02"), 403, "forbidden")
    assert station.get(f"{API}/rankings/unit/2017-11/subjects/STN01").status_code == 200

    assert director.get(f"{API}/rankings/unit/2017-11/recomputation").json()["matches"] is True

    def decided() -> list[dict[str, Any]] | None:
        rows = every(director, f"{API}/decisions", "decisions", period="2017-11")
        return rows if len(rows) == 3 else None

    talks = eventually_sync(decided)
    talk = next(t for t in talks if t["subject_id"] == "STN04")
    held = director.post(
        f"{API}/decisions/{talk['decision_id']}/talk",
        json={"held_at": "2017-12-04T08:00:00+08:00", "held_by": "局长 张", "minutes_ref": "谈话记录 2017-12-01"},
    )
    assert held.status_code == 200, held.text
    problem(
        director.post(
            f"{API}/decisions/{talk['decision_id']}/talk",
            json={"held_at": "2017-12-05T08:00:00+08:00", "held_by": "局长 张", "minutes_ref": "again"},
        ),
        409,
        "talk_already_held",
    )
    decision = auditor.get(f"{API}/decisions/{talk['decision_id']}").json()
    assert decision["status"] == "held"
    assert decision["triggered_by"][0]["row"]["subject_id"] == "STN04"
    assert decision["triggered_by"][0]["event_id"]
    assert [(h["event_type"], h["actor"]["id"]) for h in decision["history"]] == [
        ("AdmonishmentTalk.Required", "secretariat-wang"),
        ("AdmonishmentTalk.Held", "director-zhang"),
    ]
    assert decision["history"][1]["occurred_at"] != decision["history"][1]["recorded_at"]

    kpis = {k["code"]: k for k in director.get(f"{API}/kpis", params={"period": "2017-11"}).json()["kpis"]}
    assert kpis["public_satisfaction"]["status"] == "ok"
    assert Decimal(kpis["public_satisfaction"]["value"]) == Decimal("79.5")
    assert kpis["certified_ratio"]["status"] == "no_data"  # personnel is wired in; nobody holds a post here
    assert kpis["certified_ratio"]["producer"] == "personnel"

    audit = every(auditor, f"{API}/audit/events", "events")
    positions = [e["position"] for e in audit]
    assert positions == sorted(set(positions))  # in the order recorded, none twice
    # Small pages walk the same events: the cursor, not the page size, decides where a page starts.
    assert [e["position"] for e in every(auditor, f"{API}/audit/events", "events", limit=7)][: len(audit)] == positions
    published = [e for e in audit if e["event_type"] == "AssessmentPeriod.RankingPublished"]
    assert published[0]["data"]["scheme_version"] == 1
    assert published[0]["actor"]["id"] == "secretariat-wang"


def test_an_accountability_matter_refuses_what_the_rules_forbid_and_writes_nothing(stack: Stack) -> None:
    legal = client_for(stack, "legal_affairs", subject="legal-li")
    director = client_for(stack, "director", subject="director-zhang")
    raised = legal.post(
        f"{API}/matters",
        json={
            "category": "inaction",
            "trigger": "deadline_breach",
            "unit_id": "STN05",
            "suspected_officer_ids": [OFFICER],
            "related": {"case_id": "c-2017-118", "deadline_kind": "filing"},
            "summary": "filed 14 working days after the lead was verified",
            "trigger_event_id": "e2e-breach-118",
        },
    )
    assert raised.status_code == 201, raised.text
    matter = raised.json()["id"]
    problem(
        legal.post(
            f"{API}/matters",
            json={
                "category": "inaction",
                "trigger": "deadline_breach",
                "unit_id": "STN05",
                "summary": "the same breach reported twice",
                "trigger_event_id": "e2e-breach-118",
            },
        ),
        409,
        "matter_already_raised",
    )
    legal.post(f"{API}/matters/{matter}/investigation", json={"investigator_ids": ["legal-li"]}).raise_for_status()
    legal.post(
        f"{API}/matters/{matter}/responsibilities",
        json={"officer_id": OFFICER, "role": "handler", "share": "full", "basis": "own act"},
    ).raise_for_status()
    version = director.get(f"{API}/matters/{matter}").json()["version"]

    problem(
        director.post(f"{API}/matters/{matter}/exemptions", json={"officer_id": OFFICER, "effect": "exempt"}),
        409,
        "exemption_requires_ground",
    )
    outside = problem(
        director.post(
            f"{API}/matters/{matter}/sanctions",
            json={
                "officer_id": OFFICER,
                "sanction_type": "certificate_suspension",
                "tier": "1",
                "effective_at": "2017-12-01T00:00:00+08:00",
            },
        ),
        409,
        "sanction_outside_tier",
    )
    assert outside["details"]["tier_of_type"] == "2"
    assert director.get(f"{API}/matters/{matter}").json()["version"] == version  # nothing written

    imposed = director.post(
        f"{API}/matters/{matter}/sanctions",
        json={
            "officer_id": OFFICER,
            "sanction_type": "certificate_suspension",
            "tier": "2",
            "effective_at": "2017-12-01T00:00:00+08:00",
            "ends_at": "2018-03-01T00:00:00+08:00",
        },
    )
    assert imposed.status_code == 200, imposed.text
    state = director.get(f"{API}/matters/{matter}").json()
    (sanction,) = state["sanctions"]
    assert (sanction["tier"], sanction["decided_by"]) == ("2", "director-zhang")
    before_closing = director.get(f"{API}/matters/{matter}").json()["version"]
    still_open = problem(
        director.post(f"{API}/matters/{matter}/closure", json={"summary": "suspended for 3 months"}),
        409,
        "appeal_window_open",
    )
    assert still_open["details"]["sanction_ids"] == [sanction["sanction_id"]]
    assert director.get(f"{API}/matters/{matter}").json()["version"] == before_closing  # nothing written

    # The sanction was decided today: the officer appeals within the 30 days, and the director upholds it.
    officer = client_for(stack, "officer", subject="officer-e2e", unit="STN05")
    appeal = f"{API}/matters/{matter}/sanctions/{sanction['sanction_id']}/appeal"
    lodged = {"grounds": "the limit was suspended", "appealed_at": datetime.now(UTC).isoformat()}
    officer.post(appeal, json=lodged).raise_for_status()
    director.post(
        f"{API}/matters/{matter}/sanctions/{sanction['sanction_id']}/appeal-decision",
        json={"result": "upheld", "note": "the suspension was lifted after the act"},
    ).raise_for_status()
    director.post(f"{API}/matters/{matter}/closure", json={"summary": "suspended for 3 months"}).raise_for_status()
    closed_version = director.get(f"{API}/matters/{matter}").json()["version"]

    problem(officer.post(appeal, json=lodged), 409, "matter_closed")
    final = director.get(f"{API}/matters/{matter}").json()
    assert final["version"] == closed_version
    assert [h["event_type"] for h in final["history"]] == [
        "AccountabilityMatter.Raised",
        "AccountabilityMatter.InvestigationOpened",
        "AccountabilityMatter.ResponsibilityDetermined",
        "AccountabilityMatter.SanctionImposed",
        "AccountabilityMatter.SanctionAppealed",
        "AccountabilityMatter.AppealDecided",
        "AccountabilityMatter.Closed",
    ]
    assert final["history"][0]["actor"] == {"id": "legal-li", "role": "legal_affairs"}
    listed = eventually_sync(
        lambda: [m for m in every(director, f"{API}/matters", "matters", status="closed") if m["matter_id"] == matter]
    )
    assert listed[0]["sanctions_in_force"] == 1


def test_two_bottom_quarters_propose_an_officers_transfer_and_the_decision_is_explained(stack: Stack) -> None:
    secretariat = client_for(stack, "assessment_secretariat", subject="secretariat-wang")
    director = client_for(stack, "director", subject="director-zhang")
    officers = {f"2c7d0b3a-0000-4000-8000-00000000000{i}": score for i, score in enumerate([93, 81, 72, 66])}
    for quarter, day in (("2017-Q3", "2017-08-15"), ("2017-Q4", "2017-11-15")):
        for officer, score in officers.items():
            secretariat.post(
                f"{API}/entries/score-items",
                json={
                    "subject_type": "officer",
                    "subject_id": officer,
                    "unit_id": "ENF",
                    "counts_for": day,
                    "item_code": "training_exam",
                    "points": score / 10,
                    "evidence_ref": f"季度考试 {quarter}",
                },
            ).raise_for_status()

        def projected(quarter: str = quarter) -> list[dict[str, Any]] | None:
            # Other tests of this module may rank officers too (a sanction is a fact): wait for ours.
            rows: list[dict[str, Any]] = secretariat.get(f"{API}/rankings/officer/{quarter}/preview").json()["rows"]
            return rows if {r["subject_id"] for r in rows} >= set(officers) else None

        eventually_sync(projected)
        closed = until_facts_caught_up(secretariat, f"{API}/rankings/officer/{quarter}/close")
        assert closed.status_code == 201, closed.text

    ranking = director.get(f"{API}/rankings/officer/2017-Q4").json()
    assert len(ranking["transfer_ids"]) == 3
    lowest = "2c7d0b3a-0000-4000-8000-000000000003"
    transfer_id = next(
        t for t in ranking["transfer_ids"] if director.get(f"{API}/decisions/{t}").json()["subject_id"] == lowest
    )
    decided = director.post(
        f"{API}/decisions/{transfer_id}/transfer-decision",
        json={
            "outcome": "transferred",
            "from_post": "执法监察大队 执法岗",
            "to_post": "土地整理中心",
            "note": "leadership group meeting 2018-01-08",
            "decided_at": "2018-01-08T10:00:00+08:00",
        },
    )
    assert decided.status_code == 200, decided.text
    decision = director.get(f"{API}/decisions/{transfer_id}").json()
    assert (decision["kind"], decision["status"], decision["officer_id"]) == ("post_transfer", "transferred", lowest)
    assert decision["reasons"] == ["consecutive_bottom_rank"]
    assert [t["period"] for t in decision["triggered_by"]] == ["2017-Q3", "2017-Q4"]
    assert all(t["row"]["bottom"] for t in decision["triggered_by"])
    assert [h["event_type"] for h in decision["history"]] == ["PostTransfer.Proposed", "PostTransfer.Decided"]
    assert decision["history"][1]["actor"]["id"] == "director-zhang"
    problem(
        director.post(
            f"{API}/decisions/{transfer_id}/transfer-decision",
            json={"outcome": "not_transferred", "note": "again", "decided_at": "2018-01-09T10:00:00+08:00"},
        ),
        409,
        "transfer_already_decided",
    )


def test_the_scheme_is_versioned_data_published_with_an_effective_date(stack: Stack) -> None:
    director = client_for(stack, "director", subject="director-zhang")
    current = director.get(f"{API}/scheme", params={"on": "2018-03-01"}).json()
    assert current["version"] == 1
    assert {i["code"]: i["weight"] for i in current["values"]["items"]}["case_quality"] == "25"
    values = current["values"]
    values["items"][0]["weight"] = "30"  # weights no longer sum to 100
    invalid = problem(
        director.post(f"{API}/scheme/versions", json={"effective_from": "2031-01-01", "values": values}),
        422,
        "invalid_scheme",
    )
    assert "item weights must sum to 100, not 105" in invalid["details"]["problems"]
    values["items"][0]["weight"] = "20"
    values["items"][5]["weight"] = "15"  # external evaluation counts more from 2031
    published = director.post(
        f"{API}/scheme/versions", json={"effective_from": "2031-01-01", "values": values, "note": "2031 revision"}
    )
    assert published.status_code == 201, published.text
    assert director.get(f"{API}/scheme", params={"on": "2030-12-31"}).json()["version"] == 1
    assert director.get(f"{API}/scheme", params={"on": "2031-01-01"}).json()["version"] == 2
    assert [v["effective_from"] for v in director.get(f"{API}/scheme/versions").json()] == ["2017-01-01", "2031-01-01"]
    problem(
        client_for(stack, "officer", unit="STN01").post(
            f"{API}/scheme/versions", json={"effective_from": "2032-01-01", "values": values}
        ),
        403,
        "forbidden",
    )


def test_an_upheld_complaint_raises_its_matter_once_and_costs_the_unit_its_points(stack: Stack) -> None:
    secretariat = client_for(stack, "assessment_secretariat", subject="secretariat-wang")
    station = client_for(stack, "unit_head", subject="head-stn09", unit="STN09")
    other_station = client_for(stack, "unit_head", subject="head-stn06", unit="STN06")
    body = {
        "channel": "hotline_12336",
        "subject_type": "officer",
        "subject_id": OFFICER,
        "unit_id": "STN09",
        "summary": "the officers searched the yard without showing a certificate",
        "related": {"case_id": "c-2018-007"},
        "evidence_ref": "12336 工单 2018-0112",
    }
    received = secretariat.post(f"{API}/complaints", json=body, headers={"Occurred-At": "2018-01-08T09:00:00+08:00"})
    assert received.status_code == 201, received.text
    complaint = received.json()["id"]
    problem(station.post(f"{API}/complaints", json=body), 403, "forbidden")
    problem(secretariat.post(f"{API}/complaints", json={**body, "subject_id": "not-an-id"}), 422, "validation_failed")

    decision = {"upheld": True, "finding": "confirmed by the body-camera clip", "evidence_ref": "投诉处理意见书 1号"}
    # Decided before it was received: refused, nothing written.
    problem(
        secretariat.post(
            f"{API}/complaints/{complaint}/decision",
            json=decision,
            headers={"Occurred-At": "2018-01-05T09:00:00+08:00"},
        ),
        409,
        "decided_before_received",
    )
    decided = secretariat.post(
        f"{API}/complaints/{complaint}/decision",
        json=decision,
        headers={"Occurred-At": "2018-01-15T16:00:00+08:00", "If-Match": '"1"'},
    )
    assert decided.status_code == 200, decided.text
    problem(
        secretariat.post(f"{API}/complaints/{complaint}/decision", json={**decision, "upheld": False}),
        409,
        "complaint_already_decided",
    )

    shown = station.get(f"{API}/complaints/{complaint}").json()
    assert (shown["status"], shown["officer_ids"], shown["version"]) == ("upheld", [OFFICER], 2)
    assert [(h["event_type"], h["occurred_at"][:10]) for h in shown["history"]] == [
        ("Complaint.Received", "2018-01-08"),
        ("Complaint.Decided", "2018-01-15"),
    ]
    problem(other_station.get(f"{API}/complaints/{complaint}"), 403, "forbidden")

    def listed() -> list[dict[str, Any]] | None:
        rows = every(station, f"{API}/complaints", "complaints", status="upheld")
        return rows if rows else None

    (row,) = eventually_sync(listed)
    assert (row["complaint_id"], row["matter_id"], row["decided_by"]) == (
        complaint,
        shown["matter_id"],
        "secretariat-wang",
    )
    assert other_station.get(f"{API}/complaints").json() == {"complaints": [], "next_cursor": None}

    matter = secretariat.get(f"{API}/matters/{shown['matter_id']}").json()
    assert (matter["trigger"], matter["unit_id"], matter["suspected_officer_ids"]) == ("complaint", "STN09", [OFFICER])
    assert matter["related"]["complaint_id"] == complaint

    def counted() -> dict[str, Any] | None:
        kpis = {k["code"]: k for k in station.get(f"{API}/kpis", params={"period": "2018-01"}).json()["kpis"]}
        return kpis["complaints_upheld"] if kpis["complaints_upheld"]["status"] == "ok" else None

    assert Decimal(eventually_sync(counted)["value"]) == 1
    preview = secretariat.get(f"{API}/rankings/unit/2018-01/preview").json()["rows"]
    # The only fact of STN09 in January: external evaluation 10 - 2 = 8 of 10, prorated to 80 of 100.
    assert {r["subject_id"]: r["score"] for r in preview}["STN09"] == "80.00"
