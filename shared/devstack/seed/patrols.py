"""Dynamic patrols (动态巡查, DOMAIN §1.2 steps 0–1, §9): each station and ENF plans the month's
patrols and logs them, so the units' patrol coverage counts in April's (and May's) ranking.

Each unit head publishes the plan a few days before the month: the villages where the unit's
patrol leads of the month arise, and others up to four (three at the small scale), each to be
patrolled on two days. Every patrol lead was found on a patrol logged that morning by the lead's
own team, as a suspected violation linked to the lead; routine patrols by two available holders fill
the other visits. Most units cover their plan; some areas get one visit of two; the weak station
patrols each area once, half its plan [DESIGN: the article gives no coverage figures].
"""

from __future__ import annotations

from datetime import date, timedelta

from shared.devstack.seed.case_paths import team
from shared.devstack.seed.leads_plan import VILLAGES, LeadPlan, available, plan_month, township_of
from shared.devstack.seed.staff import WEAK_STATION
from shared.devstack.seed.timeline import when, working_days_of
from shared.devstack.seed.world import CASES, Actors, World

VISITS_REQUIRED = 2


def patrol_months(world: World) -> None:
    for month in (4, 5) if world.full else (4,):
        leads = [p for p in plan_month(world.staff, month, world.seed, full=world.full) if p.source == "patrol"]
        for unit in _patrolling_units(world):
            _patrol_month(world, unit, month, [p for p in leads if p.unit == unit])


def _patrolling_units(world: World) -> list[str]:
    codes = [u.code for u in world.staff.units if u.kind == "station" or u.code == "ENF"]
    return [code for code in codes if len(available(world.staff, code)) >= 2]


def _area_code(unit: str, village: str) -> str:
    return f"{unit}-{VILLAGES.index(village) + 1:02d}"


def _patrol_month(world: World, unit: str, month: int, leads: list[LeadPlan]) -> None:
    rng = world.rng(f"patrols/{unit}/2018-{month:02d}")
    villages = list(dict.fromkeys(p.village for p in leads))
    others = [v for v in VILLAGES if v not in villages]
    villages += rng.sample(others, max(0, (4 if world.full else 3) - len(villages)))
    key = f"patrol-plan/{unit}/2018-{month:02d}"
    plan_id = world.post(
        Actors.head(unit),
        f"{CASES}/patrol-plans",
        {
            "unit_id": unit,
            "month": f"2018-{month:02d}",
            "areas": [
                {
                    "area_code": _area_code(unit, village),
                    "township_code": township_of(unit),
                    "village": village,
                    "visits_required": VISITS_REQUIRED,
                }
                for village in villages
            ],
            "published_at": when(date(2018, month, 1) - timedelta(days=3), 16),
        },
        kind="patrol_plan",
        key=key,
    )
    officer, serial = Actors.officer(unit), 0

    def log(village: str, day: date, members: tuple[str, ...], lead: str | None) -> None:
        nonlocal serial
        serial += 1
        patrol_id = f"XC-{unit}-2018{month:02d}-{serial:03d}"
        body = {
            "patrol_id": patrol_id,
            "area_code": _area_code(unit, village),
            "patrolled_at": when(day, 8),
            "officers": team(world, members),
            "findings": "suspected_violation" if lead else "none",
            **({"lead_id": lead} if lead else {}),
        }
        world.post(officer, f"{CASES}/patrol-plans/{plan_id}/patrols", body, kind="patrol", key=f"{key}/{patrol_id}")

    visited: dict[str, set[date]] = {village: set() for village in villages}
    for lead in leads:
        log(lead.village, lead.received, lead.team, world.lead_by_serial[lead.serial])
        visited[lead.village].add(lead.received)
    days = working_days_of(2018, month)[:-4]
    holders = available(world.staff, unit)
    for village in villages:
        target = 1 if unit == WEAK_STATION else VISITS_REQUIRED - (rng.random() < 0.2)
        free = [d for d in days if d not in visited[village]]
        for day in sorted(rng.sample(free, max(0, target - len(visited[village])))):
            pair = rng.sample(holders, 2)
            log(village, day, (pair[0], pair[1]), None)
