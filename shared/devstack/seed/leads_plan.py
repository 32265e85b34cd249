"""A month of leads at the volumes of DOMAIN §9.2, decided before anything is sent.

Per month at full scale: 46 leads from the regular stream (patrol 35, public reports 4, the 12336
hotline 4, referrals and assignments 3; the satellite-derived ones come from the annual campaign,
see `satellite`), of which 20 are confirmed violations: 12 filed as cases, 8 stopped early and
corrected and so not filed. The filed cases follow the §9.2 mix of violations and outcomes (see
`case_paths`). The small scale registers nine leads in April. Places, parties and areas are
illustrative [DESIGN].
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

from shared.devstack.seed.chance import seeded
from shared.devstack.seed.staff import WEAK_STATION, Staff
from shared.devstack.seed.timeline import working_days_of

VILLAGES = ("东村", "西村", "南庄", "北岭", "河口村", "新庄", "王庄", "李村", "张庄", "马屯", "后寨", "前营")
FILED_MONTH = {  # path per filed case, with its violation (DOMAIN §9.2 "Cases filed" and "Decisions")
    4: (
        "fine_paid",
        "fine_paid",
        "fine_paid",
        "fine_paid",
        "mining_fine",
        "demolition",
        "demolition",
        "hearing",
        "major",
        "no_penalty",
        "court",
        "court",
    ),
    5: (
        "fine_paid",
        "fine_paid",
        "fine_paid",
        "fine_paid",
        "mining_fine",
        "demolition",
        "demolition",
        "major",
        "no_penalty",
        "transfer",
        "court",
        "court_refused",
    ),
}
SMALL_FILED = ("fine_paid", "demolition", "major", "no_penalty")


@dataclass(frozen=True)
class LeadPlan:
    serial: str  # the seed's identifier: "2018-004"
    register_no: str
    month: int
    source: str
    unit: str
    received: date
    township: str
    village: str
    description: str
    outcome: str  # violation_confirmed | no_violation | not_our_jurisdiction | duplicate
    verify_after: int  # working days from receipt to the site check
    team: tuple[str, str]  # member keys
    area_mu: float
    cultivated_mu: float
    basic_farmland_mu: float
    ongoing: bool
    path: str | None  # the case's path when filed; None when not filed
    reporter: dict[str, object] | None = None

    @property
    def key(self) -> str:
        return f"lead/{self.serial}"


def township_of(unit: str) -> str:
    """Stations serve one township each; the sections work county-wide from the seat (城关)."""
    return f"4103221{unit[3:]}" if unit.startswith("STN") else "410322100"


def available(staff: Staff, unit: str) -> list[str]:
    """Holders of a unit who may enforce throughout the demo months: not the two whose review is
    outstanding, not the officer suspended in May, not the weak station's head (transferred in June)."""
    barred = {*staff.review_due, staff.suspended, staff.heads[WEAK_STATION]}
    return [m.key for m in staff.holders_of(unit) if m.key not in barred]


def _unit_for(rng: random.Random, staff: Staff, source: str, path: str | None) -> str:
    units = {u.code for u in staff.units}
    stations = sorted(u for u in units if u.startswith("STN"))
    if path and path.startswith("mining") and "MINERAL" in units:
        return "MINERAL"
    if source == "patrol":
        return rng.choice(stations) if rng.random() < 0.8 else "ENF"
    if source in ("public_report", "hotline_12336"):
        return rng.choice([*stations, "ENF", "ENF"])
    return "ENF"


def _sources(full: bool) -> list[str]:
    if full:
        return (
            ["patrol"] * 35
            + ["public_report"] * 4
            + ["hotline_12336"] * 4
            + ["dept_referral"] * 2
            + ["superior_assignment"]
        )
    return ["patrol"] * 6 + ["public_report", "hotline_12336", "dept_referral"]


def _outcomes(full: bool, filed: int) -> list[str]:
    if full:
        return ["violation_confirmed"] * 20 + ["no_violation"] * 22 + ["not_our_jurisdiction"] * 2 + ["duplicate"] * 2
    return ["violation_confirmed"] * (filed + 1) + ["no_violation"] * 3 + ["not_our_jurisdiction"]


def plan_month(staff: Staff, month: int, seed: int, *, full: bool) -> list[LeadPlan]:
    rng = seeded(seed, f"leads/2018-{month:02d}")
    paths = list(FILED_MONTH[month] if full else SMALL_FILED)
    sources = _sources(full)
    outcomes = _outcomes(full, len(paths))
    rng.shuffle(sources)
    rng.shuffle(outcomes)
    # The confirmed violations come mostly from patrols: give the patrol leads the confirmed outcomes first.
    order = sorted(range(len(sources)), key=lambda i: (sources[i] != "patrol", rng.random()))
    confirmed = [i for i in order if outcomes[i] == "violation_confirmed"]
    path_of = dict(zip(confirmed, paths, strict=False))
    days = working_days_of(2018, month)[:-4]  # leave the month's last days for verification and filing
    received = sorted(rng.choice(days) for _ in sources)
    offset = 0 if month == 4 else 50
    plans: list[LeadPlan] = []
    for index, source in enumerate(sources):
        path = path_of.get(index)
        outcome = outcomes[index]
        unit = _unit_for(rng, staff, source, path)
        confirmed_here = outcome == "violation_confirmed"
        area = round(rng.uniform(0.3, 3.5), 1) if confirmed_here else 0.0
        basic = 6.2 if path == "transfer" else 0.0
        team = rng.sample(available(staff, unit), 2)
        plans.append(
            LeadPlan(
                serial=f"2018-{offset + index + 1:03d}",
                register_no=f"孟国土线〔2018〕{offset + index + 1:03d}号",
                month=month,
                source=source,
                unit=unit,
                received=received[index],
                township=township_of(unit),
                village=rng.choice(VILLAGES),
                description=_description(source, confirmed_here, path),
                outcome=outcome,
                verify_after=rng.choice((1, 1, 2)),
                team=(team[0], team[1]),
                area_mu=max(area, basic + 1.0) if basic else area,
                cultivated_mu=max(round(area * 0.8, 1), basic) if confirmed_here else 0.0,
                basic_farmland_mu=basic,
                ongoing=confirmed_here and rng.random() < 0.6,
                path=path,
                reporter=_reporter(rng, source),
            )
        )
    if month == 4:
        plans = _one_verified_late(staff, plans)
    return plans


def _one_verified_late(staff: Staff, plans: list[LeadPlan]) -> list[LeadPlan]:
    """The weak station verifies one patrol lead five working days after receipt, past the limit of
    three: the inaction behind May's accountability matter (DOMAIN §9.2, "Accountability matters")."""
    index = next(i for i, p in enumerate(plans) if p.outcome == "no_violation" and p.source == "patrol")
    late = replace(
        plans[index],
        unit=WEAK_STATION,
        township=township_of(WEAK_STATION),
        verify_after=5,
        team=(staff.suspended, available(staff, WEAK_STATION)[0]),
    )
    return [*plans[:index], late, *plans[index + 1 :]]


def _description(source: str, confirmed: bool, path: str | None) -> str:
    if path and path.startswith("mining"):
        return "黄河滩区疑似非法采砂"
    if path == "transfer":
        return "疑似非法占用基本农田建设厂房"
    if source in ("public_report", "hotline_12336"):
        return "群众举报：耕地上动土建房"
    if source in ("dept_referral", "superior_assignment"):
        return "上级交办、部门移送：疑似未批先建"
    return "动态巡查发现：耕地上未批先建" if confirmed else "动态巡查发现：疑似占用耕地"


def _reporter(rng: random.Random, source: str) -> dict[str, object] | None:
    if source not in ("public_report", "hotline_12336"):
        return None
    return {"name": "匿名" if rng.random() < 0.5 else "村民", "confidential": True}
