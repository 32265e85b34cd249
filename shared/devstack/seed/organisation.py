"""The organisation (DOMAIN §4.3, §9.1): units, staff and their first posts, unit heads, the
leadership group and its office's monthly meetings, the target-responsibility letters signed in
January 2018 (one per unit, with the §4.2 items and weights; the wording is illustrative), and one
officer's retirement that autumn (the date and the officer are illustrative)."""

from __future__ import annotations

from datetime import date

from shared.devstack.seed.staff import BATCHES, NON_ENFORCEMENT_POSTED, Member
from shared.devstack.seed.timeline import first_working_monday, when
from shared.devstack.seed.world import PERSONNEL, World

GROUP_ESTABLISHED = date(2017, 3, 6)
LETTERS_SIGNED = date(2018, 1, 15)
RETIRED_ON = date(2018, 9, 28)  # after the third quarter's course and retake


def register_units(world: World) -> None:
    for unit in world.staff.units:
        world.post(
            world.actors.director,
            f"{PERSONNEL}/units",
            {"code": unit.code, "name": unit.name, "kind": unit.kind},
            kind="unit",
            key=f"unit/{unit.code}",
        )


def enrol_staff(world: World) -> None:
    for member in world.staff.members:
        world.officers[member.key] = world.post(
            world.actors.director,
            f"{PERSONNEL}/officers",
            {"name": member.name, "unit_id": member.unit, "staff_kind": member.staff_kind},
            kind="officer",
            key=f"officer/{member.key}",
        )


def assign_post(world: World, member: Member, on: date, reason: str) -> None:
    world.post(
        world.actors.director,
        f"{PERSONNEL}/officers/{world.officer_id(member.key)}/post",
        {
            "title": member.title,
            "rank": member.rank,
            "enforcement": member.enforcement,
            "reason": reason,
            "decided_by": f"局长办公会 {on.isoformat()}",
            "at": when(on, 9),
        },
        kind="post",
        key=f"post/{member.key}",
    )


def post_staff_without_certificates(world: World) -> None:
    for member in world.staff.members:
        if member.batch is None and member.key != world.staff.awaiting_retake:
            assign_post(world, member, NON_ENFORCEMENT_POSTED, "定岗定责")


def appoint_heads(world: World) -> None:
    for unit, key in world.staff.heads.items():
        member = world.staff.by_key[key]
        appointed = BATCHES[member.batch].posted if member.batch else NON_ENFORCEMENT_POSTED
        world.post(
            world.actors.director,
            f"{PERSONNEL}/units/{unit}/head",
            {"officer_id": world.officer_id(key), "at": when(appointed, 10)},
            kind="unit_head",
            key=f"head/{unit}/{key}",
        )


def establish_leadership_group(world: World) -> None:
    staff = world.staff
    world.post(
        world.actors.director,
        f"{PERSONNEL}/leadership-group",
        {
            "leader_id": world.officer_id(staff.director),
            "office_head_id": world.officer_id(staff.office_head),
            "member_ids": [world.officer_id(k) for k in staff.deputies],
            "at": when(GROUP_ESTABLISHED, 10),
        },
        kind="leadership_group",
        key="leadership-group",
    )


MEETING_RESOLUTIONS = {
    1: ["签订2018年度执法目标责任书", "部署第一季度执法培训"],
    2: ["春节前后动态巡查安排", "卫片执法检查图斑核查进度"],
    3: ["第一季度执法培训及闭卷考试安排", "卫片违法图斑立案查处"],
    4: ["三月份评议考核结果通报", "后三名单位诫勉谈话安排"],
    5: ["四月份评议考核结果通报", "核查超期问题整改"],
    6: ["五月份评议考核结果通报", "连续排名靠后单位负责人调整意见"],
}


def hold_office_meetings(world: World) -> None:
    """The office meets on the first Monday of each month (DOMAIN §9.2), chaired by its head."""
    staff = world.staff
    attendees = [world.officer_id(staff.director), *(world.officer_id(k) for k in staff.deputies)]
    for month in range(1, 7) if world.full else (4,):
        held = first_working_monday(2018, month)
        world.post(
            world.actors.deputy,
            f"{PERSONNEL}/leadership-group/meetings",
            {
                "held_at": when(held, 15),
                "chair_id": world.officer_id(staff.office_head),
                "attendee_ids": attendees,
                "resolutions": MEETING_RESOLUTIONS[month],
            },
            kind="office_meeting",
            key=f"meeting/2018-{month:02d}",
        )


def _targets(kind: str) -> list[dict[str, object]]:
    """The §4.2 items with their weights; what each measures reads differently for a station."""
    station = kind == "station"
    return [
        {
            "code": "case_quality",
            "description": "案卷评查",
            "weight": 25,
            "metric": "案卷合格率",
            "threshold": "100%合格，优秀率不低于60%",
        },
        {
            "code": "procedure_compliance",
            "description": "执法程序不漏项",
            "weight": 15,
            "metric": "必备文书齐全率",
            "threshold": "100%",
        },
        {
            "code": "timeliness",
            "description": "核查、立案、决定、公示、归档时限",
            "weight": 15,
            "metric": "按时率",
            "threshold": "不低于95%",
        },
        {
            "code": "patrol_and_stopping",
            "description": "动态巡查与早期制止" if station else "履职与配合核查",
            "weight": 15,
            "metric": "违法行为初期制止率" if station else "按时办结率",
            "threshold": "不低于90%",
        },
        {
            "code": "training_exam",
            "description": "学法培训与闭卷考试",
            "weight": 10,
            "metric": "考试合格率",
            "threshold": "100%",
        },
        {
            "code": "external_evaluation",
            "description": "群众满意度评议",
            "weight": 10,
            "metric": "评议得分",
            "threshold": "不低于90分",
        },
        {
            "code": "conduct_and_equipment",
            "description": "亮证执法与执法记录仪使用",
            "weight": 10,
            "metric": "亮证率、记录仪使用率",
            "threshold": "100%",
        },
    ]


def sign_target_letters(world: World) -> None:
    """The director signs with each unit's head, one by one, in January (the article [A])."""
    staff = world.staff
    for index, unit in enumerate(staff.units):
        world.facts.setdefault("target_letters", {})[unit.code] = world.post(
            world.actors.director,
            f"{PERSONNEL}/target-letters",
            {
                "year": 2018,
                "unit_id": unit.code,
                "head_officer_id": world.officer_id(staff.heads[unit.code]),
                "director_id": world.officer_id(staff.director),
                "targets": _targets(unit.kind),
                "signed_at": when(LETTERS_SIGNED, 9, 10 + index),
            },
            kind="target_letter",
            key=f"target-letter/2018/{unit.code}",
        )


def retire_an_officer(world: World) -> None:
    """A brigade holder retires (退休): personnel cancels the card with the departure, so from that
    instant the officer neither enforces nor stands on the roster."""
    key = world.staff.retiree
    officer = world.officer_id(key)
    world.post(
        world.actors.director,
        f"{PERSONNEL}/officers/{officer}/departure",
        {
            "reason": "retired",
            "note": "达到法定退休年龄，办理退休手续",
            "decided_by": "县人力资源和社会保障局",
            "at": when(RETIRED_ON, 17),
        },
        kind="officer_departure",
        key=f"departure/{key}",
    )
    world.facts["retired"] = {"officer_id": officer, "on": RETIRED_ON.isoformat()}
