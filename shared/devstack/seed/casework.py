"""Leads through intake, verification, stop orders and the filing decision (DOMAIN §1.2 steps 0–2),
one lead at a time and each straight through, so the deadline watch (which runs in the present,
where every 2018 limit is long past) finds each lead already settled rather than half-done."""

from __future__ import annotations

from datetime import date
from typing import Any

from shared.devstack.seed.case_paths import carry_case, filing_approver, team
from shared.devstack.seed.client import eventually
from shared.devstack.seed.leads_plan import LeadPlan, plan_month
from shared.devstack.seed.recording import clips
from shared.devstack.seed.timeline import when, working_day_after
from shared.devstack.seed.world import CASES, Actors, World

REFERRED_TO = "县水利局"


def register_lead(world: World, plan: LeadPlan, *, satellite_patch_id: str | None = None) -> str:
    body: dict[str, Any] = {
        "register_no": plan.register_no,
        "source": plan.source,
        "unit_id": plan.unit,
        "received_at": when(plan.received, 9 + int(plan.serial[-1]) % 7),  # intake hours spread over the day
        "location": {"township_code": plan.township, "village": plan.village},
        "description": plan.description,
        "proposed_disposal": "现场核查",
    }
    if plan.reporter:
        body["reporter"] = plan.reporter
    if satellite_patch_id:
        body["satellite_patch_id"] = satellite_patch_id
    return world.post(Actors.officer(plan.unit), f"{CASES}/leads", body, kind="lead", key=plan.key)


def verify(world: World, plan: LeadPlan, lead: str, *, duplicate_of: str | None = None) -> date:
    verified = working_day_after(plan.received, plan.verify_after)
    confirmed = plan.outcome == "violation_confirmed"
    body: dict[str, Any] = {
        "outcome": plan.outcome,
        "record_no": f"HC-{plan.serial}",
        "officers": team(world, plan.team),
        "verified_at": when(verified, 10),
        "land_class": "耕地" if confirmed else "建设用地",
        "area_mu": plan.area_mu,
        "cultivated_mu": plan.cultivated_mu,
        "basic_farmland_mu": plan.basic_farmland_mu,
        "plan_conformity": "nonconforming" if confirmed else "unknown",
        "photo_count": 6 if confirmed else 2,
        "violation_ongoing": plan.ongoing,
        "clips": clips(world, plan, "HC", verified, start=9, end=10),
    }
    if duplicate_of:
        body["duplicate_of"] = duplicate_of
    world.post(
        Actors.officer(plan.unit),
        f"{CASES}/leads/{lead}/verification",
        body,
        kind="lead_verification",
        key=f"{plan.key}/verification",
    )
    return verified


def stop_and_report(world: World, plan: LeadPlan, lead: str, verified: date) -> None:
    officer = Actors.officer(plan.unit)
    if plan.ongoing:
        world.post(
            officer,
            f"{CASES}/leads/{lead}/stop-orders",
            {
                "doc_no": f"ZL-{plan.serial}",
                "correction_order_no": f"ZG-{plan.serial}",
                "party": "当事人",
                "officers": team(world, plan.team),
                "issued_at": when(verified, 15),
                "clips": clips(world, plan, "ZL", verified, start=14, end=15),
            },
            kind="stop_order",
            key=f"{plan.key}/stop-order",
        )
    if plan.basic_farmland_mu >= 5:
        world.post(
            officer,
            f"{CASES}/leads/{lead}/major-violation-report",
            {
                "report_no": f"ZB-{plan.serial}",
                "reported_to": ["county_government", "higher_bureau"],
                "reported_at": when(working_day_after(verified, 1), 10),
            },
            kind="major_violation_report",
            key=f"{plan.key}/major-report",
        )


def decline(world: World, plan: LeadPlan, lead: str, verified: date) -> None:
    world.post(
        Actors.officer(plan.unit),
        f"{CASES}/leads/{lead}/non-filing",
        {
            "reason": "minor_corrected",
            "approved_by": filing_approver(world),
            "explanation": "违法行为轻微并已及时拆除复耕，未造成危害后果，不予立案",
            "decided_at": when(working_day_after(verified, 2), 11),
        },
        kind="lead_not_filed",
        key=f"{plan.key}/non-filing",
    )


def refer(world: World, plan: LeadPlan, lead: str, verified: date) -> None:
    world.post(
        Actors.officer(plan.unit),
        f"{CASES}/leads/{lead}/referral",
        {
            "to_agency": REFERRED_TO,
            "reason": "涉及河道管理范围，不属本局管辖",
            "letter_no": f"YS-{plan.serial}",
            "referred_at": when(working_day_after(verified, 1), 10),
        },
        kind="lead_referred",
        key=f"{plan.key}/referral",
    )


def work_lead(world: World, plan: LeadPlan, *, previous: str | None, satellite_patch_id: str | None = None) -> str:
    lead = register_lead(world, plan, satellite_patch_id=satellite_patch_id)
    world.lead_ids.append(lead)
    world.lead_by_serial[plan.serial] = lead
    verified = verify(world, plan, lead, duplicate_of=previous if plan.outcome == "duplicate" else None)
    if plan.outcome == "not_our_jurisdiction":
        refer(world, plan, lead, verified)
    elif plan.outcome == "violation_confirmed":
        stop_and_report(world, plan, lead, verified)
        if plan.path is None:
            decline(world, plan, lead, verified)
        else:
            case = carry_case(world, plan, lead, verified)
            world.facts.setdefault("cases", {})[plan.serial] = {
                "lead_id": lead,
                "case_id": case,
                "path": plan.path,
                "month": plan.month,
                "handler": world.officer_id(plan.team[0]),
            }
    return lead


def work_month(world: World, month: int) -> None:
    previous: str | None = None
    for plan in plan_month(world.staff, month, world.seed, full=world.full):
        previous = work_lead(world, plan, previous=previous)
        if plan.verify_after > 3:
            world.facts["late_lead"] = {"lead_id": previous, "unit_id": plan.unit, "officer_key": plan.team[0]}


def april(world: World) -> None:
    work_month(world, 4)


def may(world: World) -> None:
    if world.full:
        work_month(world, 5)


def wait_for_enforcers(world: World) -> None:
    """Cases learns who may enforce from personnel's events: wait until its read model has them all."""
    holders = {world.officer_id(m.key) for m in world.staff.holders if m.key not in world.staff.review_due}

    def projected() -> bool:
        found: set[str] = set()
        cursor: str | None = None
        while True:  # the list is paged
            params = {"at": when(date(2018, 4, 2), 8), "limit": 200, **({"cursor": cursor} if cursor else {})}
            page = world.client.get(world.actors.director, f"{CASES}/enforcers", params)
            found |= {e["officer_id"] for e in page["enforcers"]}
            cursor = page.get("next_cursor")
            if not cursor:
                return holders <= found

    eventually(projected, what="the cases service to learn every certificate holder")
