"""The 2017 satellite-imagery enforcement inspection (DOMAIN §6, §9.2): the ministry's annual batch
received in January 2018, every patch assigned to its township's station, verified on the ground,
classified and reported by the end of March; each illegal patch becomes a lead, most of them
demolished and restored before filing, a few filed as cases. Then the county's illegal-farmland
ratio (about 3% against the 15% threshold) and the prefecture's ranking, lowest first.

At full scale the batch holds 400 patches of about 2,000 mu: 300 legal, 60 of the other classes,
40 illegal (about 120 mu, 45 mu of it cultivated) against 1,500 mu of cultivated land taken by new
construction that year (§9.2). The small scale has 10 patches. Patch numbers, places, areas and
the other counties' ratios are illustrative [DESIGN].
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from shared.devstack.seed.casework import work_lead
from shared.devstack.seed.chance import seeded
from shared.devstack.seed.leads_plan import LeadPlan, available, township_of
from shared.devstack.seed.staff import COUNTY, PREFECTURE, Staff
from shared.devstack.seed.timeline import when, working_day_after
from shared.devstack.seed.world import CASES, Actors, World

RECEIVED = date(2018, 1, 10)
DUE = date(2018, 3, 31)
NEW_CONSTRUCTION_FULL_MU = 1500.0
OTHER_COUNTIES = {  # the prefecture's other counties and districts, ratios between 4% and 18% [DESIGN]
    "410306": 0.061,
    "410323": 0.118,
    "410324": 0.043,
    "410325": 0.152,
    "410326": 0.097,
    "410327": 0.176,
    "410328": 0.085,
    "410329": 0.129,
    "410381": 0.072,
}
OTHER_CLASSES = (("facility_agricultural", 25), ("temporary_use", 15), ("false_change", 12), ("rural_road_or_ditch", 8))
NEEDS_BASIS = {
    "legal_approved": "农转用及征收批复",
    "facility_agricultural": "设施农用地备案",
    "temporary_use": "临时用地批准书",
}
WORKERS = 4  # patches are independent aggregates: several at once keep the campaign's window short


@dataclass(frozen=True)
class PatchPlan:
    number: int
    patch_no: str
    unit: str
    patch_class: str
    monitored_mu: float
    cultivated_mu: float
    verified: date
    team: tuple[str, str]
    filed_path: str | None = None  # illegal patches filed as cases: the case's path


def plan_patches(staff: Staff, seed: int, *, full: bool) -> list[PatchPlan]:
    rng = seeded(seed, "satellite")
    stations = sorted(u.code for u in staff.units if u.kind == "station")
    if full:
        classes = ["legal_approved"] * 300 + [c for c, n in OTHER_CLASSES for _ in range(n)] + ["illegal"] * 40
    else:
        classes = ["legal_approved"] * 7 + ["facility_agricultural", "false_change", "illegal"]
    rng.shuffle(classes)
    filed = iter(("fine_paid", "demolition") * 4 if full else ())
    days = [RECEIVED + timedelta(days=d) for d in range(14, 75)]
    plans = []
    for number, patch_class in enumerate(classes, start=1):
        unit = rng.choice(stations)
        illegal = patch_class == "illegal"
        monitored = round(rng.uniform(1.5, 4.5) if illegal else rng.uniform(2.0, 8.0), 2)
        cultivated = round(monitored * (0.375 if illegal else rng.uniform(0.3, 0.9)), 2)
        team = rng.sample(available(staff, unit), 2)
        path = next(filed, None) if illegal and number % 5 == 0 else None
        plans.append(
            PatchPlan(
                number,
                f"{COUNTY}-2017-{number:04d}",
                unit,
                patch_class,
                monitored,
                cultivated,
                rng.choice(days),
                (team[0], team[1]),
                path,
            )
        )
    return plans


def _parallel(items: list[PatchPlan], work: Callable[[PatchPlan], None]) -> None:
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for _ in pool.map(work, items):
            pass


def inspect_2017(world: World) -> None:
    patches = plan_patches(world.staff, world.seed, full=world.full)
    deputy = world.actors.deputy
    batch = world.post(
        deputy,
        f"{CASES}/satellite/batches",
        {
            "region_code": COUNTY,
            "period": "2017",
            "source": "ministry",
            "campaign": "2017年度土地卫片执法检查",
            "patch_count": len(patches),
            "verification_due_on": DUE.isoformat(),
            "received_at": when(RECEIVED, 9),
        },
        kind="satellite_batch",
        key="satellite/2017/batch",
    )
    for start in range(0, len(patches), 200):
        chunk = patches[start : start + 200]
        world.post(
            deputy,
            f"{CASES}/satellite/batches/{batch}/patches",
            {"patches": [_entry(p) for p in chunk]},
            kind="satellite_patch_registration",
            key=f"satellite/2017/patches/{start}",
        )
    ids = _patch_ids(world, batch)
    world.facts["satellite_batch"] = batch
    _parallel(patches, lambda plan: _work_patch(world, plan, ids[plan.patch_no]))
    # The illegal ones become leads one at a time, in patch order (their lead numbers follow it).
    for plan in patches:
        if plan.patch_class == "illegal":
            _follow_up_illegal(world, plan, ids[plan.patch_no])
    _parallel(patches, lambda plan: _report(world, plan, ids[plan.patch_no]))


def _entry(plan: PatchPlan) -> dict[str, Any]:
    lng, lat = 112.35 + (plan.number % 37) * 0.006, 34.78 + (plan.number % 23) * 0.005
    return {
        "patch_no": plan.patch_no,
        "township_code": township_of(plan.unit),
        "centroid_lng": round(lng, 5),
        "centroid_lat": round(lat, 5),
        "monitored_mu": plan.monitored_mu,
        "cultivated_mu": plan.cultivated_mu,
        "basic_farmland_mu": 0.0,
        "before_image_date": "2016-11-20",
        "after_image_date": "2017-10-25",
        "change_type": "construction",
    }


def _patch_ids(world: World, batch: str) -> dict[str, str]:
    ids: dict[str, str] = {}
    cursor: str | None = None
    while True:
        params = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = world.client.get(world.actors.deputy, f"{CASES}/satellite/batches/{batch}/patches", params)
        ids.update({p["patch_no"]: p["id"] for p in page["patches"]})
        cursor = page["next_cursor"]
        if not cursor:
            return ids


def _work_patch(world: World, plan: PatchPlan, patch: str) -> None:
    base, key = f"{CASES}/satellite/patches/{patch}", f"satellite/2017/patch/{plan.number}"
    officers = [world.officer_id(k) for k in plan.team]
    officer = Actors.officer(plan.unit)
    world.post(
        world.actors.deputy,
        f"{base}/assignment",
        {"unit_id": plan.unit, "officer_ids": officers, "due_on": DUE.isoformat()},
        kind="satellite_patch_assignment",
        key=f"{key}/assignment",
    )
    illegal = plan.patch_class == "illegal"
    world.post(
        officer,
        f"{base}/field-verification",
        {
            "officer_ids": officers,
            "photos": [f"{plan.patch_no}-1.jpg", f"{plan.patch_no}-2.jpg"],
            "current_use": "新建房屋" if illegal else "建设用地",
            "built": plan.patch_class != "false_change",
            "party": "村民" if illegal else None,
            "verified_at": when(plan.verified, 10),
        },
        kind="satellite_patch_verification",
        key=f"{key}/verification",
    )
    body: dict[str, Any] = {
        "patch_class": plan.patch_class,
        "measured_mu": plan.monitored_mu,
        "cultivated_mu": plan.cultivated_mu,
        "basic_farmland_mu": 0.0,
    }
    if illegal:
        body["illegal_kind"] = "illegal_occupation"
    if plan.patch_class in NEEDS_BASIS:
        body["basis_doc_refs"] = [f"{NEEDS_BASIS[plan.patch_class]} 豫政土〔2017〕{plan.number}号"]
    world.post(
        officer, f"{base}/classification", body, kind="satellite_patch_classification", key=f"{key}/classification"
    )


def _follow_up_illegal(world: World, plan: PatchPlan, patch: str) -> None:
    """The illegal patch as a lead (source satellite_patch): filed, or corrected before filing and
    the patch rectified; either way linked to its lead."""
    received = working_day_after(plan.verified, 1)
    lead_plan = LeadPlan(
        serial=f"2018-W{plan.number:03d}",
        register_no=f"孟国土线〔2018〕W{plan.number:03d}号",
        month=received.month,
        source="satellite_patch",
        unit=plan.unit,
        received=received,
        township=township_of(plan.unit),
        village="图斑所在村",
        description=f"卫片图斑 {plan.patch_no} 判定违法：未批先建",
        outcome="violation_confirmed",
        verify_after=1,
        team=plan.team,
        area_mu=plan.monitored_mu,
        cultivated_mu=plan.cultivated_mu,
        basic_farmland_mu=0.0,
        ongoing=False,
        path=plan.filed_path,
    )
    lead = work_lead(world, lead_plan, previous=None, satellite_patch_id=patch)
    officer = Actors.officer(plan.unit)
    base, key = f"{CASES}/satellite/patches/{patch}", f"satellite/2017/patch/{plan.number}"
    case = world.facts.get("cases", {}).get(lead_plan.serial, {}).get("case_id")
    world.post(
        officer,
        f"{base}/lead-link",
        {"lead_id": lead, **({"case_id": case} if case else {})},
        kind="satellite_patch_lead_link",
        key=f"{key}/lead-link",
    )
    if case is None:
        world.post(
            officer,
            f"{base}/rectification",
            {
                "method": "demolished_restored",
                "verified_by": [world.officer_id(k) for k in plan.team],
                "rectified_at": when(working_day_after(received, 6), 10),
            },
            kind="satellite_patch_rectification",
            key=f"{key}/rectification",
        )


def _report(world: World, plan: PatchPlan, patch: str) -> None:
    reported = min(working_day_after(plan.verified, 2), DUE)
    world.post(
        world.actors.deputy,
        f"{CASES}/satellite/patches/{patch}/report",
        {"truthfulness_attested": True, "reported_at": when(reported, 17)},
        kind="satellite_patch_report",
        key=f"satellite/2017/patch/{plan.number}/report",
    )


def rank_the_county(world: World) -> None:
    """The county's ratio over the year's new construction, then the prefecture's ranking."""
    director = world.actors.director
    inspection = f"{CASES}/satellite/inspections/{COUNTY}/2017"
    patches = plan_patches(world.staff, world.seed, full=world.full)
    illegal_cultivated = sum(p.cultivated_mu for p in patches if p.patch_class == "illegal")
    new_construction = NEW_CONSTRUCTION_FULL_MU if world.full else round(illegal_cultivated / 0.03, 1)
    world.post(
        director,
        f"{inspection}/new-construction",
        {"cultivated_mu": new_construction},
        kind="satellite_new_construction",
        key="satellite/2017/new-construction",
    )
    world.post(director, f"{inspection}/ratio", {"leader_ids": []}, kind="satellite_ratio", key="satellite/2017/ratio")
    world.post(
        director,
        f"{CASES}/satellite/rankings/{PREFECTURE}/2017",
        {"own_region_code": COUNTY, "others": OTHER_COUNTIES},
        kind="satellite_ranking",
        key="satellite/2017/ranking",
    )
