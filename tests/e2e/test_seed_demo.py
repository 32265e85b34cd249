"""`zeren seed --scale small` against every process of the system, twice: the first run creates the
demo through the gateway, the second finds everything there and creates nothing; what it created
reads back through the API as DOMAIN §9 says it should."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from shared.devstack.launcher import Stack
from tests.e2e.conftest import client_for
from tests.support.demo import run_seed, seed
from tests.support.wait import eventually_sync

SMALL_COUNTS = {  # the small scale: 7 units, 17 certificate holders, April 2018
    "unit": 7,
    "officer": 20,
    "certificate": 17,
    "certificate_review": 7,
    "target_letter": 7,
    "leadership_group": 1,
    "power_item": 4,
    "lead": 10,
    "patrol_plan": 3,  # ENF, STN01 and STN07: the units with two holders free to patrol
    "case": 4,
    "case_archive": 4,
    "case_file_review": 1,
    "satellite_patch_report": 10,
    "normative_publication": 1,
    "expropriation_supply": 2,
    "public_evaluation": 7,
    "unit_ranking": 1,
    "admonishment_talk": 3,
    "accountability_sanction": 1,
    "certificate_sanction": 1,
    "complaint": 2,
    "complaint_decision": 2,
    "roster_publication": 1,
    "officer_departure": 1,
}


@pytest.fixture(scope="module")
def runs(stack: Stack) -> tuple[dict[str, Any], dict[str, Any]]:
    return seed(stack), seed(stack)


def test_the_first_run_creates_the_small_demo_and_the_second_creates_nothing(
    runs: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    first, second = runs
    assert {kind: first["created"].get(kind) for kind in SMALL_COUNTS} == SMALL_COUNTS
    assert first["existing_total"] == 0
    assert second["created"] == {}
    assert second["existing"] == first["created"]
    assert second["facts"]["cases"] == first["facts"]["cases"]


def test_the_roster_of_june_2018_leaves_out_the_unreviewed_and_the_suspended(
    stack: Stack, runs: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    auditor = client_for(stack, "auditor")

    def enforcers(at: str) -> int:
        return len(auditor.get("/api/cases/enforcers", params={"at": at}).json()["enforcers"])

    # 17 holders: 2 whose review fell due on 20 March, and 1 suspended from 21 May for 3 months.
    assert eventually_sync(lambda: enforcers("2018-06-01T00:00:00+08:00") == 14)
    assert enforcers("2018-03-01T00:00:00+08:00") == 17
    matter = auditor.get(f"/api/assessment/matters/{runs[0]['facts']['matter_id']}").json()
    (officer,) = {s["officer_id"] for s in matter["sanctions"]}
    standing = auditor.get(f"/api/personnel/officers/{officer}/standing", params={"at": "2018-06-01T00:00:00+08:00"})
    assert standing.json()["reason"] == "suspended"
    # The roster the bureau published that day says the same to the public.
    published = auditor.get(f"/api/personnel/public/roster/publications/{runs[0]['facts']['roster_id']}").json()
    assert (published["as_of"], len(published["officers"])) == ("2018-06-01", 14)
    suspended_nos = set(auditor.get(f"/api/personnel/officers/{officer}").json()["certificate_nos"])
    assert suspended_nos
    assert suspended_nos.isdisjoint(o["certificate_no"] for o in published["officers"])


def test_the_officer_who_retired_enforced_until_that_evening_and_not_after(
    stack: Stack, runs: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    auditor = client_for(stack, "auditor")
    officer = runs[0]["facts"]["retired"]["officer_id"]
    morning, evening = "2018-09-28T09:00:00+08:00", "2018-09-28T18:00:00+08:00"

    def standing(at: str) -> tuple[bool, str | None]:
        answer = auditor.get(f"/api/personnel/officers/{officer}/standing", params={"at": at}).json()
        return answer["can_enforce"], answer["reason"]

    assert standing(morning) == (True, None)
    assert standing(evening) == (False, "cancelled")  # the departure cancelled the card
    assert auditor.get(f"/api/personnel/officers/{officer}").json()["departure"]["reason"] == "retired"

    def enforcers(at: str) -> set[str]:
        return {e["officer_id"] for e in auditor.get("/api/cases/enforcers", params={"at": at}).json()["enforcers"]}

    # cases learns it from personnel's events: an enforcer that morning, not that evening
    assert eventually_sync(lambda: officer in enforcers(morning) and officer not in enforcers(evening))
    in_service = auditor.get("/api/personnel/officers", params={"in_service": "true", "limit": 100}).json()
    assert officer not in {o["officer_id"] for o in in_service["officers"]}


def test_an_upheld_complaint_cost_the_weak_station_and_raised_its_matter(
    stack: Stack, runs: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    auditor = client_for(stack, "auditor")
    complaints = runs[0]["facts"]["complaints"]
    upheld = auditor.get(f"/api/assessment/complaints/{complaints['weak-station-report']}").json()
    assert (upheld["status"], upheld["unit_id"]) == ("upheld", "STN07")
    matter = auditor.get(f"/api/assessment/matters/{upheld['matter_id']}").json()
    assert (matter["trigger"], matter["category"], matter["raised_on"]) == ("complaint", "inaction", "2018-04-20")
    other = auditor.get(f"/api/assessment/complaints/{complaints['enf-manner']}").json()
    assert (other["status"], other["matter_id"]) == ("not_upheld", None)
    explained = auditor.get("/api/assessment/rankings/unit/2018-04/subjects/STN07").json()
    (evaluation,) = [i for i in explained["periodic"]["items"] if i["code"] == "external_evaluation"]
    penalties = [m for m in evaluation["metrics"] if m["fact"] == "external_evaluation.complaint_upheld"]
    assert [f["event_type"] for m in penalties for f in m["facts"]] == ["assessment.complaint.decided.v1"]


def test_each_unit_signed_its_target_letter_in_january(
    stack: Stack, runs: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    auditor = client_for(stack, "auditor")
    letter = auditor.get(f"/api/personnel/target-letters/{runs[0]['facts']['target_letters']['STN07']}").json()
    assert (letter["year"], letter["unit_id"], letter["signed_at"][:7]) == (2018, "STN07", "2018-01")
    assert sum(item["weight"] for item in letter["targets"]) == 100
    units = {u["unit_id"]: u["head_officer_id"] for u in auditor.get("/api/personnel/units").json()}
    assert letter["head_officer_id"] == units["STN07"]


def test_a_filed_lead_leads_to_its_case_carried_to_the_archive(
    stack: Stack, runs: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    auditor = client_for(stack, "auditor")
    for serial, filed in runs[0]["facts"]["cases"].items():
        lead = auditor.get(f"/api/cases/leads/{filed['lead_id']}").json()
        assert (lead["settlement"], lead["case_id"]) == ("filed", filed["case_id"]), serial
        case = auditor.get(f"/api/cases/cases/{filed['case_id']}").json()
        assert case["stage"] == "archived", serial
        assert auditor.get(f"/api/cases/cases/{filed['case_id']}/checklist").json()["complete"] is True


def test_april_s_ranking_is_published_its_talks_held_and_its_first_commended(
    stack: Stack, runs: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    auditor = client_for(stack, "auditor")
    ranking = auditor.get("/api/assessment/rankings/unit/2018-04").json()
    assert len(ranking["rows"]) == 7
    # Scores come from every service's facts, so the seed does not fix who ranks last; the talks must
    # go to exactly the bottom three of the published ranking, and the seed records them as held.
    bottom = {row["subject_id"] for row in ranking["rows"] if row["rank"] > len(ranking["rows"]) - 3}
    talks = [auditor.get(f"/api/assessment/decisions/{i}").json() for i in ranking["talk_ids"]]
    assert {t["subject_id"] for t in talks} == bottom
    assert {t["status"] for t in talks} == {"held"}
    # Those ranked first (a tie is possible) are commended unless they failed, and the rewards list
    # shows them once the decisions projection has them.
    first = {row["subject_id"] for row in ranking["rows"] if row["rank"] == 1 and row["grade"] != "fail"}
    assert first

    def rewarded() -> set[tuple[str, str]]:
        rewards = auditor.get("/api/assessment/rewards", params={"period": "2018-04"}).json()["rewards"]
        return {(r["subject_id"], r["kind"]) for r in rewards}

    assert eventually_sync(lambda: rewarded() == {(unit, "commendation") for unit in first})


def test_each_patrolling_units_april_coverage_reaches_assessment_as_cases_reports_it(
    stack: Stack, runs: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    auditor = client_for(stack, "auditor")
    plans = {
        unit: auditor.get("/api/cases/patrol-plans", params={"unit_id": unit, "year": 2018}).json()["plans"]
        for unit in ("ENF", "STN01", "STN07")
    }
    assert {unit: [p["month"] for p in found] for unit, found in plans.items()} == {u: ["2018-04"] for u in plans}
    patrols = [
        patrol
        for found in plans.values()
        for patrol in auditor.get(f"/api/cases/patrol-plans/{found[0]['plan_id']}").json()["patrols"]
    ]
    linked = [auditor.get(f"/api/cases/leads/{p['lead_id']}").json() for p in patrols if p["lead_id"]]
    assert linked, "the patrol leads of these units were found on logged patrols"
    assert {lead["source"] for lead in linked} == {"patrol"}

    def coverage_in_assessment() -> dict[str, tuple[str, int, Decimal]]:
        kpis = {
            unit: next(
                k
                for k in auditor.get("/api/assessment/kpis", params={"period": "2018-04", "unit_id": unit}).json()[
                    "kpis"
                ]
                if k["code"] == "patrol_coverage"
            )
            for unit in plans
        }
        return {
            unit: (k["status"], k["observations"], Decimal(k["value"] or 0).quantize(Decimal("0.01")))
            for unit, k in kpis.items()
        }

    # What cases reports of each plan is what assessment counts: one fact per planned area.
    expected = {
        unit: ("ok", found[0]["areas"], Decimal(str(found[0]["coverage"])).quantize(Decimal("0.01")))
        for unit, found in plans.items()
    }
    assert eventually_sync(lambda: coverage_in_assessment() == expected), (coverage_in_assessment(), expected)


def test_a_demo_seeded_otherwise_is_refused_and_says_why(
    stack: Stack, runs: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    refused = run_seed(stack, 8)  # other names for the same people: the services refuse the reused keys
    assert refused.returncode == 1
    assert "idempotency_key_reused" in refused.stderr
    assert "seeded differently" in refused.stderr
