"""Land expropriation under the "three no" gates (DOMAIN §7, §9.2: about 6 projects a year, about
1,200 mu, all three gates passed, 2 grievances in the year, both resolved before the approval
application, so the "three none" counters stay at 0 petitions, reconsiderations and lawsuits left
open): each project from the plan check to the supply of its land, and the year's farmland balance
(occupied about 1,500 mu, supplemented about 1,650: balanced, as for 14 years [A]).

Project names, villages, households and amounts are illustrative [DESIGN]; a project stands for
its households with a handful of them. The small scale runs one project, with its grievance.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from shared.devstack.seed.staff import COUNTY
from shared.devstack.seed.timeline import when, working_day_after
from shared.devstack.seed.world import CASES, Actors, World

# name, purpose, requesting party, start, parcels (village, mu, cultivated), households, a grievance?
PROJECTS = (
    (
        "产业集聚区纬二路",
        "道路建设",
        "县交通运输局",
        date(2018, 2, 26),
        (("城关村", 120.0, 96.0), ("新庄村", 80.0, 64.0)),
        6,
        True,
    ),
    (
        "华阳产业园标准化厂房",
        "工业用地",
        "县产业集聚区管委会",
        date(2018, 3, 12),
        (("会盟村", 260.0, 210.0),),
        8,
        False,
    ),
    ("县第三高级中学", "教育用地", "县教育局", date(2018, 4, 9), (("平乐村", 150.0, 120.0),), 5, False),
    ("白鹤镇安置小区", "住宅用地", "白鹤镇人民政府", date(2018, 5, 14), (("白鹤村", 180.0, 140.0),), 7, True),
    (
        "小浪底北岸旅游服务区",
        "商服用地",
        "县文化广电旅游局",
        date(2018, 6, 11),
        (("小浪底村", 230.0, 150.0),),
        6,
        False,
    ),
    ("常袋污水处理厂", "公用设施用地", "县住房和城乡建设局", date(2018, 7, 9), (("常袋村", 190.0, 130.0),), 4, False),
)
AGREEMENT_YUAN = 186_000.0
SOCIAL_SECURITY_PER_HOUSEHOLD = 24_000.0


class ProjectRun:
    def __init__(self, world: World, number: int, project_id: str) -> None:
        self.world = world
        self.key = f"expropriation/2018/{number}"
        self.base = f"{CASES}/expropriation-projects/{project_id}"
        self.head = Actors.head("LANDUSE")

    def step(self, path: str, body: dict[str, Any], *, kind: str, key: str | None = None) -> None:
        self.world.post(
            self.head, f"{self.base}/{path}", body, kind=f"expropriation_{kind}", key=f"{self.key}/{key or path}"
        )


def _register(world: World, number: int, project: tuple[Any, ...]) -> str:
    name, purpose, party, _, parcels, households, _ = project
    return world.post(
        Actors.head("LANDUSE"),
        f"{CASES}/expropriation-projects",
        {
            "name": name,
            "purpose": purpose,
            "county_code": COUNTY,
            "handling_unit_id": "LANDUSE",
            "year": 2018,
            "parcels": [
                {
                    "parcel_id": f"P{number}-{i + 1}",
                    "village": village,
                    "area_mu": area,
                    "cultivated_mu": cultivated,
                    "basic_farmland_mu": 0.0,
                }
                for i, (village, area, cultivated) in enumerate(parcels)
            ],
            "requesting_party": party,
            "households_total": households,
        },
        kind="expropriation_project",
        key=f"expropriation/2018/{number}",
    )


def _prepare(run: ProjectRun, start: date, households: int) -> date:
    """Gate 1 and the preparatory steps of Land Administration Law art. 47; answers the day the
    compensation plan's announcement ends."""
    plan = {"plan_zone": "allowed", "quota_available": True, "basic_farmland_involved": False, "offset_secured": True}
    run.step("plan-conformity-checks", plan, kind="plan_check")
    run.step("submission", {"at": when(start, 10)}, kind="submission")
    day = working_day_after(start, 1)
    run.step("pre-notice", {"scope": "项目红线范围内村组", "issued_at": when(day, 10)}, kind="pre_notice")
    day = working_day_after(day, 12)
    run.step("land-status-survey", {"survey_id": "S1", "surveyed_at": when(day, 10)}, kind="survey")
    day = working_day_after(day, 2)
    run.step(
        "land-status-confirmation",
        {"confirmed_by": ["村委会", "村民代表"], "confirmed_at": when(day, 10)},
        kind="survey_confirmation",
    )
    day = working_day_after(day, 1)
    run.step(
        "stability-risk-assessment",
        {"level": "low", "measures": ["入户宣讲", "信访联络人"], "passed": True, "assessed_at": when(day, 10)},
        kind="stability_assessment",
    )
    announced = working_day_after(day, 2)
    ends = announced + timedelta(days=31)
    run.step(
        "compensation-plan-announcement",
        {
            "ends_on": ends.isoformat(),
            "standards": {"land_per_mu": 42000.0, "subsidy_per_person": 28000.0},
            "social_security_required_yuan": SOCIAL_SECURITY_PER_HOUSEHOLD * households,
            "announced_at": when(announced, 10),
        },
        kind="plan_announcement",
    )
    run.step("hearing-right-notice", {"at": when(working_day_after(announced, 1), 10)}, kind="hearing_notice")
    for household in range(1, households + 1):
        run.step(
            "compensation-claims",
            {
                "household_id": f"H{household:02d}",
                "items": ["land", "attachments"],
                "registered_at": when(announced + timedelta(days=3 + household), 10),
            },
            kind="claim",
            key=f"claim/H{household:02d}",
        )
        run.step(
            "compensation-agreements",
            {
                "household_id": f"H{household:02d}",
                "amount_yuan": AGREEMENT_YUAN,
                "signed_at": when(announced + timedelta(days=10 + household), 10),
            },
            kind="agreement",
            key=f"agreement/H{household:02d}",
        )
    return ends


def _grievance(run: ProjectRun, filed: date) -> None:
    """An objection to the compensation plan, resolved before the approval application (gate 2
    waits for it); not a petition, reconsideration or lawsuit, so the "three none" stay at zero."""
    run.step(
        "grievances",
        {"type": "objection", "cause": "compensation", "party": "村民代表", "filed_at": when(filed, 10)},
        kind="grievance",
        key="grievance",
    )
    project = run.world.client.get(run.head, run.base)
    grievance = project["grievances"][0]["grievance_id"]  # a project's one grievance
    run.step(
        f"grievances/{grievance}/resolution",
        {"resolution": "补足地上附着物补偿，当事人撤回信访", "resolved_at": when(filed + timedelta(days=9), 15)},
        kind="grievance_resolution",
        key="grievance/resolution",
    )


def _approve_and_supply(run: ProjectRun, number: int, applied: date, households: int, parcels: int) -> None:
    run.step("approval-application", {"at": when(applied, 10)}, kind="approval_application")
    approved = applied + timedelta(days=24)
    run.step(
        "approval",
        {
            "approval_no": f"豫政土〔2018〕{300 + number}号",
            "approver_level": "province",
            "approved_at": when(approved, 10),
        },
        kind="approval",
    )
    run.step("announcement", {"at": when(approved + timedelta(days=5), 10)}, kind="announcement")
    paid = approved + timedelta(days=20)
    for household in range(1, households + 1):
        hid = f"H{household:02d}"
        for item, share in (("land_compensation", 0.6), ("resettlement_subsidy", 0.3), ("attachments_crops", 0.1)):
            run.step(
                "compensation-payments",
                {"payee_id": hid, "item": item, "amount_yuan": AGREEMENT_YUAN * share, "paid_at": when(paid, 10)},
                kind="payment",
                key=f"payment/{hid}/{item}",
            )
        run.step(
            "resettlements",
            {"household_id": hid, "kind": "monetary" if household % 2 else "housing", "resettled_at": when(paid, 16)},
            kind="resettlement",
            key=f"resettlement/{hid}",
        )
    run.step(
        "compensation-payments",
        {
            "payee_id": "SSF",
            "item": "social_security",
            "amount_yuan": SOCIAL_SECURITY_PER_HOUSEHOLD * households,
            "paid_at": when(paid, 15),
        },
        kind="payment",
        key="payment/social-security",
    )
    for parcel in range(1, parcels + 1):
        parcel_id = f"P{number}-{parcel}"
        run.step(
            "land-handovers",
            {"parcel_id": parcel_id, "handed_over_at": when(paid + timedelta(days=7), 10)},
            kind="handover",
            key=f"handover/{parcel_id}",
        )
        run.step(
            "land-supplies",
            {
                "parcel_id": parcel_id,
                "mode": "allocation" if number in (1, 3, 6) else "transfer_listing",
                "supplied_at": when(paid + timedelta(days=30), 10),
            },
            kind="supply",
            key=f"supply/{parcel_id}",
        )


def run_projects(world: World) -> None:
    for number, project in enumerate(PROJECTS if world.full else PROJECTS[:1], start=1):
        _, _, _, start, parcels, households, grieved = project
        run = ProjectRun(world, number, _register(world, number, project))
        ends = _prepare(run, start, households)
        if grieved:
            _grievance(run, ends - timedelta(days=12))
        _approve_and_supply(run, number, working_day_after(ends, 2), households, len(parcels))


def close_farmland_balance(world: World) -> None:
    world.post(
        world.actors.director,
        f"{CASES}/farmland-balance/{COUNTY}/2018",
        {
            "occupied_cultivated_mu": 1500.0,
            "supplemented_cultivated_mu": 1650.0,
            "basic_farmland_mu_start": 386_420.0,
            "basic_farmland_mu_end": 386_455.0,
        },
        kind="farmland_balance_year",
        key="farmland-balance/2018",
    )
