"""The bureau's organisation and staff as data (DOMAIN §9.1), decided before anything is sent.

Fixed by the article [A]: the leadership group, 98 certificate holders. The 24 units, their
holders per unit (5+5+22+4+3+5+4+5+3+2 in the sections, 4 in each of the 10 stations) and a
staff of about 140 follow §9.1's illustrative table; every name, title and certificate number is
illustrative [DESIGN]. The small scale keeps the same shape on 7 units and 17 holders.

Certification happens in three batches, each through the steps personnel requires (pre-post
training, the enforcement post, a passed qualification exam, the application, the issue):
March 2017 (the leadership, the legal section and the first half of the brigade), October 2017
(the 2017 clean-up of enforcement qualifications: the rest of the sections) and January 2018 (the
stations). The first batch's annual review falls due in March 2018: all pass it but two, who stay
`review_due`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from shared.devstack.seed.chance import seeded
from shared.devstack.seed.names import NameBook


class Scale(StrEnum):
    SMALL = "small"
    FULL = "full"


@dataclass(frozen=True)
class UnitPlan:
    code: str
    name: str
    kind: str  # section | station | leadership
    holders: int  # enforcement certificate holders
    others: int  # staff without a certificate
    head_title: str


def _stations(count: int, holders: int, others: int) -> list[UnitPlan]:
    numerals = "一二三四五六七八九十"
    return [
        UnitPlan(f"STN{i:02d}", f"第{numerals[i - 1]}国土资源所", "station", holders, others, "所长")
        for i in range(1, count + 1)
    ]


FULL_UNITS: tuple[UnitPlan, ...] = (
    UnitPlan("LEAD", "局领导", "leadership", 5, 0, "局长"),
    UnitPlan("OFFICE", "办公室", "section", 0, 6, "主任"),
    UnitPlan("LEGAL", "政策法规股", "section", 5, 0, "股长"),
    UnitPlan("ENF", "执法监察大队", "section", 22, 6, "大队长"),
    UnitPlan("FARM", "耕地保护股", "section", 4, 0, "股长"),
    UnitPlan("PLAN", "规划股", "section", 3, 1, "股长"),
    UnitPlan("LANDUSE", "建设用地管理股", "section", 5, 2, "股长"),
    UnitPlan("CADASTRE", "地籍管理股", "section", 4, 4, "股长"),
    UnitPlan("MINERAL", "矿产资源管理股", "section", 5, 0, "股长"),
    UnitPlan("GEOENV", "地质环境股", "section", 3, 0, "股长"),
    UnitPlan("PETITION", "信访股", "section", 2, 1, "股长"),
    UnitPlan("FINANCE", "财务股", "section", 0, 3, "股长"),
    UnitPlan("RESERVE", "土地储备中心", "section", 0, 4, "主任"),
    UnitPlan("CONSOL", "土地整理中心", "section", 0, 4, "主任"),
    *_stations(10, 4, 1),
)

SMALL_UNITS: tuple[UnitPlan, ...] = (
    UnitPlan("LEAD", "局领导", "leadership", 3, 0, "局长"),
    UnitPlan("OFFICE", "办公室", "section", 0, 1, "主任"),
    UnitPlan("LEGAL", "政策法规股", "section", 2, 0, "股长"),
    UnitPlan("ENF", "执法监察大队", "section", 4, 1, "大队长"),
    UnitPlan("LANDUSE", "建设用地管理股", "section", 1, 0, "股长"),
    UnitPlan("STN01", "第一国土资源所", "station", 3, 0, "所长"),
    UnitPlan("STN07", "第七国土资源所", "station", 4, 0, "所长"),
)

# The station whose verification goes late, whose officer is suspended for it, and which ranks in
# the bottom three from March to May (DOMAIN §9.2, assessment seed).
WEAK_STATION = "STN07"
COUNTY = "410322"  # 孟津县
PREFECTURE = "410300"  # 洛阳市


@dataclass(frozen=True)
class Batch:
    number: int
    trained: date
    posted: date
    examined: date
    issued: date


BATCHES = {
    1: Batch(1, date(2017, 2, 20), date(2017, 2, 27), date(2017, 3, 3), date(2017, 3, 20)),
    2: Batch(2, date(2017, 9, 11), date(2017, 9, 18), date(2017, 9, 22), date(2017, 10, 16)),
    3: Batch(3, date(2017, 12, 4), date(2017, 12, 11), date(2017, 12, 15), date(2018, 1, 8)),
}
NON_ENFORCEMENT_POSTED = date(2017, 1, 3)
FIRST_REVIEW = date(2018, 3, 12)  # the first batch's annual review (due 2018-03-20)


@dataclass(frozen=True)
class Member:
    key: str  # the seed's own identifier of the person: "<unit>-<n>"
    name: str
    unit: str
    staff_kind: str  # permanent | contract | temporary | service
    title: str
    rank: str  # director | deputy_director | unit_head | staff
    enforcement: bool
    batch: int | None = None  # certification batch
    certificate_no: str | None = None
    qualification_score: int = 0


@dataclass(frozen=True)
class Staff:
    units: tuple[UnitPlan, ...]
    members: tuple[Member, ...]
    heads: dict[str, str]  # unit -> member key
    director: str
    deputies: tuple[str, ...]
    review_due: tuple[str, ...]  # first-batch holders whose review stays outstanding
    suspended: str  # suspended for 3 months as an accountability sanction (tier 2)
    awaiting_retake: str  # failed the qualification exam, retake not yet taken
    by_key: dict[str, Member] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_key.update({m.key: m for m in self.members})

    @property
    def holders(self) -> list[Member]:
        return [m for m in self.members if m.certificate_no]

    def of_unit(self, unit: str) -> list[Member]:
        return [m for m in self.members if m.unit == unit]

    def holders_of(self, unit: str) -> list[Member]:
        return [m for m in self.holders if m.unit == unit]

    @property
    def successor(self) -> str:
        """Who takes over the weak station when its head is transferred in June."""
        barred = (self.heads[WEAK_STATION], self.suspended)
        return next(m.key for m in self.holders_of(WEAK_STATION) if m.key not in barred)

    @property
    def retiree(self) -> str:
        """The brigade's holder who retires at the end of September 2018: none of those the demo
        keeps a story for (heads, outstanding reviews, the suspended, the weak station's successor)."""
        kept = {*self.heads.values(), *self.review_due, self.suspended, self.successor, self.awaiting_retake}
        return [m.key for m in self.holders_of("ENF") if m.key not in kept][-1]

    @property
    def office_head(self) -> str:
        """The deputy director in charge, who heads the leadership group's office."""
        return self.deputies[0]


def _batch_of(unit: UnitPlan, index: int) -> int:
    if unit.code in ("LEAD", "LEGAL") or (unit.code == "ENF" and index < 10):
        return 1
    return 3 if unit.kind == "station" else 2


def _holder(unit: UnitPlan, index: int, name: str, serial: int, rng: random.Random) -> Member:
    batch = _batch_of(unit, index)
    if unit.code == "LEAD":
        title, rank = ("局长", "director") if index == 0 else ("副局长", "deputy_director")
    elif index == 0:
        title, rank = unit.head_title, "unit_head"
    else:
        title, rank = ("执法中队长" if unit.code == "ENF" and index in (1, 8, 15) else "执法监察员"), "staff"
    year = BATCHES[batch].issued.year
    return Member(
        key=f"{unit.code}-{index + 1:02d}",
        name=name,
        unit=unit.code,
        staff_kind="permanent",
        title=title,
        rank=rank,
        enforcement=True,
        batch=batch,
        certificate_no=f"HN-{COUNTY}-{year}-{serial:04d}",
        qualification_score=rng.randint(68, 96),
    )


OTHER_TITLES = {
    "OFFICE": "文秘",
    "FINANCE": "会计",
    "RESERVE": "技术员",
    "CONSOL": "技术员",
    "CADASTRE": "登记员",
    "PETITION": "接访员",
    "PLAN": "科员",
    "LANDUSE": "科员",
}


def _other(unit: UnitPlan, index: int, name: str) -> Member:
    """Staff without a certificate: office and finance staff, clerks, and the auxiliary patrollers
    (协管员) on contract or temporary terms, who may not hold one (省政府令第180号)."""
    if unit.holders == 0 and index == 0:
        return Member(f"{unit.code}-{index + 1:02d}", name, unit.code, "permanent", unit.head_title, "unit_head", False)
    if unit.code == "ENF" or unit.kind == "station":
        kind = "contract" if unit.code == "ENF" else ("temporary", "service")[index % 2]
        return Member(f"{unit.code}-{unit.holders + index + 1:02d}", name, unit.code, kind, "协管员", "staff", False)
    number = unit.holders + index + 1
    return Member(f"{unit.code}-{number:02d}", name, unit.code, "permanent", OTHER_TITLES[unit.code], "staff", False)


def plan_staff(scale: Scale, seed: int) -> Staff:
    rng = seeded(seed, "staff")
    names = NameBook(seeded(seed, "names"))
    units = FULL_UNITS if scale is Scale.FULL else SMALL_UNITS
    members: list[Member] = []
    serials = dict.fromkeys((2017, 2018), 0)
    for unit in units:
        for index in range(unit.holders):
            year = BATCHES[_batch_of(unit, index)].issued.year
            serials[year] += 1
            members.append(_holder(unit, index, names.person(), serials[year], rng))
        members += [_other(unit, index, names.person()) for index in range(unit.others)]
    applicant = Member("ENF-A1", names.person(), "ENF", "permanent", "见习执法员", "staff", False)
    members.append(applicant)
    heads = {unit.code: next(m.key for m in members if m.unit == unit.code) for unit in units}
    first_batch = [m for m in members if m.batch == 1 and m.unit != "LEAD" and m.key != heads[m.unit]]
    review_due = tuple(sorted(m.key for m in rng.sample(first_batch, 2)))
    weak = [m for m in members if m.unit == WEAK_STATION and m.certificate_no and m.key != heads[WEAK_STATION]]
    lead = [m.key for m in members if m.unit == "LEAD"]
    return Staff(
        units=units,
        members=tuple(members),
        heads=heads,
        director=lead[0],
        deputies=tuple(lead[1:]),
        review_due=review_due,
        suspended=weak[0].key,
        awaiting_retake=applicant.key,
    )
