"""The 2017 clean-up (DOMAIN §4.3, the article's "Clarify" and "Decompose"): the bureau's
enforcement-subject qualification confirmed, a power list published, and duties broken down to
the officers who hold certificates. And the roster of officers who may enforce, published on the
bureau's website on 1 June 2018 (DOMAIN §8 "before"): by then two first-batch reviews are overdue
and one certificate is suspended, so those three are left out.

The power list is a representative subset of a county land bureau's 权责清单 (twelve items at full
scale, four at the small one), not the bureau's real list; each holder gets one duty assignment
naming the powers of the unit's line of work [DESIGN].
"""

from __future__ import annotations

from datetime import date

from shared.devstack.seed.staff import Member
from shared.devstack.seed.timeline import when
from shared.devstack.seed.world import PERSONNEL, World

SUBJECT = "MJ-LR-BUREAU"
CONFIRMED = date(2017, 6, 30)
LAND_LAW = "中华人民共和国土地管理法"
MINERAL_LAW = "中华人民共和国矿产资源法"

# code, category, name, legal basis, responsible unit
POWERS: tuple[tuple[str, str, str, str, str], ...] = (
    ("XZCF-001", "penalty", "对非法占用土地的处罚", f"{LAND_LAW} 第七十六条", "ENF"),
    ("XZCF-002", "penalty", "对破坏耕地的处罚", f"{LAND_LAW} 第七十四条", "ENF"),
    ("XZCF-003", "penalty", "对非法采矿的处罚", f"{MINERAL_LAW} 第三十九条", "MINERAL"),
    ("XZJC-001", "inspection", "土地、矿产资源监督检查", f"{LAND_LAW} 第六十六条", "ENF"),
    ("XZCF-004", "penalty", "对非法转让土地的处罚", f"{LAND_LAW} 第七十三条", "ENF"),
    ("XZCF-005", "penalty", "对拒不交还土地的处罚", f"{LAND_LAW} 第八十条", "ENF"),
    ("XZCF-006", "penalty", "对越界开采的处罚", f"{MINERAL_LAW} 第四十条", "MINERAL"),
    ("XZQZ-001", "compulsion", "查封、扣押非法采矿设备", "国土资源执法监督规定 第十四条", "ENF"),
    ("XZZS-001", "levy", "土地复垦费征收", "土地复垦条例 第十八条", "CONSOL"),
    ("XZQR-001", "confirmation", "土地权属争议调处", f"{LAND_LAW} 第十六条", "CADASTRE"),
    ("XZCF-007", "penalty", "对未按规定进行地质灾害危险性评估的处罚", "地质灾害防治条例 第四十一条", "GEOENV"),
    ("XZJC-002", "inspection", "耕地占补平衡监督检查", f"{LAND_LAW} 第三十一条", "FARM"),
)
PENALTY_TEMPLATE = "penalty_general"


def confirm_subject_and_publish_powers(world: World) -> None:
    world.post(
        world.actors.legal,
        f"{PERSONNEL}/enforcement-subjects",
        {
            "code": SUBJECT,
            "name": "孟津县国土资源局",
            "legal_basis": [LAND_LAW, MINERAL_LAW, "国土资源执法监督规定"],
            "confirmed_at": when(CONFIRMED, 10),
        },
        kind="enforcement_subject",
        key=f"subject/{SUBJECT}",
    )
    units = {unit.code for unit in world.staff.units}
    powers = POWERS if world.full else POWERS[:4]
    for code, category, name, basis, unit in powers:
        world.facts.setdefault("powers", {})[code] = world.post(
            world.actors.legal,
            f"{PERSONNEL}/powers",
            {
                "code": code,
                "subject_code": SUBJECT,
                "category": category,
                "name": name,
                "legal_basis": [basis],
                "responsible_unit_id": unit if unit in units else "ENF",
                "procedure_template_id": PENALTY_TEMPLATE if category == "penalty" else f"{category}_general",
            },
            kind="power_item",
            key=f"power/{code}",
        )


def _powers_for(world: World, member: Member) -> list[str]:
    published: dict[str, str] = world.facts["powers"]
    own = [code for code, _, _, _, unit in POWERS if unit == member.unit and code in published]
    # Everyone enforces the core land items; a specialist section adds its own line of work.
    return [published[code] for code in dict.fromkeys(["XZJC-001", "XZCF-001", *own]) if code in published]


def assign_duties(world: World) -> None:
    for member in world.staff.holders:
        world.post(
            world.actors.director,
            f"{PERSONNEL}/officers/{world.officer_id(member.key)}/duties",
            {
                "power_ids": _powers_for(world, member),
                "standards": "依法定程序、裁量基准办理，程序不漏项",
                "scope": f"{member.unit} 辖区及职责范围内的国土资源执法事项",
                "responsibility": "对承办事项的事实认定、程序和文书负责，按执法过错责任追究办法承担责任",
            },
            kind="duty_assignment",
            key=f"duty/{member.key}/2017",
        )


ROSTER_PUBLISHED = date(2018, 6, 1)


def publish_roster(world: World) -> None:
    world.facts["roster_id"] = world.post(
        world.actors.legal,
        f"{PERSONNEL}/roster/publications",
        {"channel": "website", "published_at": when(ROSTER_PUBLISHED, 9)},
        kind="roster_publication",
        key=f"roster/{ROSTER_PUBLISHED.isoformat()}",
    )
