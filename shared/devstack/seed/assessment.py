"""Evaluation and accountability (DOMAIN §3, §4, §9.2 "Assessment seed").

- The assessment secretariat records each unit's public evaluation (evaluation cards) every month,
  with scores spread over 72–97 [DESIGN]; the weak station scores among the lowest three from March
  to May.
- The weak station's late verification in April becomes an accountability matter for inaction
  (§3.1 A): investigated, the officer found fully responsible, a tier-2 sanction — the certificate
  suspended for three months from 21 May 2018 — which personnel applies to the certificate.
- Two complaints of April reach the secretariat (DOMAIN §4.2 "complaints upheld", §3.3 trigger
  `complaint`): one about the weak station sitting on a villager's report, upheld — it costs the
  station its points and raises an accountability matter; one about an ENF officer's manner on
  site, not upheld.
- The secretariat closes each month's unit ranking: the bottom three get an admonishment talk,
  which the director holds, and the units ranked first are commended (通报表扬); after the third
  month in the bottom three (May), the station head's transfer is proposed, decided by the
  leadership in June, and recorded in personnel together with the new head's appointment.

Facts from personnel and cases may or may not reach assessment's scoring yet: the seed reads the
decisions each close made rather than assuming them. The small scale closes April only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from shared.devstack.seed.staff import WEAK_STATION
from shared.devstack.seed.timeline import first_working_monday, when, working_day_after
from shared.devstack.seed.world import ASSESSMENT, PERSONNEL, World

SUSPENDED_FROM = date(2018, 5, 21)
SUSPENDED_UNTIL = date(2018, 8, 21)
TRANSFER_DECIDED = date(2018, 6, 29)


def _months(world: World) -> tuple[int, ...]:
    return (3, 4, 5) if world.full else (4,)


def _scores(world: World, month: int) -> dict[str, int]:
    rng = world.rng(f"evaluations/2018-{month:02d}")
    units = [u.code for u in world.staff.units]
    low = rng.sample([u for u in units if u != WEAK_STATION], 2)
    scores = {unit: rng.randint(82, 97) for unit in units}
    scores.update({unit: rng.randint(75, 79) for unit in low})
    scores[WEAK_STATION] = rng.randint(72, 74)
    return scores


def record_public_evaluations(world: World) -> None:
    rng = world.rng("evaluations/samples")
    for month in _months(world):
        counts_for = date(2018, month, 25)
        for unit, score in _scores(world, month).items():
            world.post(
                world.actors.secretariat,
                f"{ASSESSMENT}/entries/public-evaluations",
                {
                    "subject_type": "unit",
                    "subject_id": unit,
                    "unit_id": unit,
                    "counts_for": counts_for.isoformat(),
                    "evidence_ref": f"评议卡汇总 2018-{month:02d} {unit}",
                    "method": "card",
                    "score": score,
                    "sample_size": rng.randint(20, 60),
                },
                kind="public_evaluation",
                key=f"evaluation/2018-{month:02d}/{unit}",
            )


def hold_matter_for_late_verification(world: World) -> None:
    """Inaction (不作为): a lead verified after its 3-working-day limit; a tier-2 sanction."""
    late: dict[str, Any] = world.facts["late_lead"]
    officer_key = world.staff.suspended
    officer = world.officer_id(officer_key)
    director, legal = world.actors.director, world.actors.legal
    matter = world.post(
        legal,
        f"{ASSESSMENT}/matters",
        {
            "category": "inaction",
            "trigger": "deadline_breach",
            "unit_id": late["unit_id"],
            "suspected_officer_ids": [officer],
            "related": {"lead_id": late["lead_id"], "deadline_kind": "verification"},
            "summary": "群众反映的线索超过3个工作日才现场核查，属不作为",
        },
        kind="accountability_matter",
        key=f"matter/late-verification/{late['lead_id']}",
    )
    base = f"{ASSESSMENT}/matters/{matter}"
    world.post(
        legal,
        f"{base}/investigation",
        {"investigator_ids": ["政策法规股", "监察室"]},
        kind="accountability_investigation",
        key=f"matter/{matter}/investigation",
    )
    world.post(
        legal,
        f"{base}/responsibilities",
        {"officer_id": officer, "role": "handler", "share": "full", "basis": "承办人未在规定时限内核查，无免责事由"},
        kind="accountability_responsibility",
        key=f"matter/{matter}/responsibility",
    )
    world.post(
        director,
        f"{base}/sanctions",
        {
            "officer_id": officer,
            "sanction_type": "certificate_suspension",
            "tier": "2",
            "effective_at": when(SUSPENDED_FROM, 9),
            "ends_at": when(SUSPENDED_UNTIL, 0),
        },
        kind="accountability_sanction",
        key=f"matter/{matter}/sanction",
    )
    member = world.staff.by_key[officer_key]
    world.post(
        legal,
        f"{PERSONNEL}/sanctions",
        {
            "accountability_id": matter,
            "officer_id": officer,
            "sanction_type": "certificate_suspension",
            "decided_by": "局长办公会 2018-05-18",
            "effective_at": when(SUSPENDED_FROM, 9),
            "until": SUSPENDED_UNTIL.isoformat(),
            "certificate_no": member.certificate_no,
        },
        kind="certificate_sanction",
        key=f"sanction/{matter}",
    )
    # The matter stays open: the sanction is decided today, and the officer may appeal within the
    # 30 days that follow (DOMAIN §3.2), so the bureau closes it only after that period.
    world.facts["matter_id"] = matter


def handle_complaints(world: World) -> None:
    enf_officer = world.staff.holders_of("ENF")[0]
    complaints = (
        (
            "weak-station-report",
            {
                "channel": "hotline_12336",
                "subject_type": "unit",
                "subject_id": WEAK_STATION,
                "unit_id": WEAK_STATION,
                "summary": "村民反映举报宅基地违建后国土所十余日无人到场",
            },
            {"upheld": True, "finding": "举报登记后未按时核查，投诉属实", "fault_category": "inaction"},
        ),
        (
            "enf-manner",
            {
                "channel": "letter",
                "subject_type": "officer",
                "subject_id": world.officer_id(enf_officer.key),
                "unit_id": "ENF",
                "summary": "当事人来信称执法人员现场态度生硬",
            },
            {"upheld": False, "finding": "调阅执法记录仪视频，执法人员亮证、告知规范，投诉不属实"},
        ),
    )
    for key, complaint, decision in complaints:
        complaint_id = world.post(
            world.actors.secretariat,
            f"{ASSESSMENT}/complaints",
            {**complaint, "evidence_ref": f"投诉登记 2018-04 {key}", "received_at": when(date(2018, 4, 9), 10)},
            kind="complaint",
            key=f"complaint/2018-04/{key}",
        )
        world.post(
            world.actors.secretariat,
            f"{ASSESSMENT}/complaints/{complaint_id}/decision",
            {**decision, "evidence_ref": f"投诉处理意见书 2018-04 {key}", "decided_at": when(date(2018, 4, 20), 16)},
            kind="complaint_decision",
            key=f"complaint/2018-04/{key}/decision",
        )
        world.facts.setdefault("complaints", {})[key] = complaint_id


def close_rankings(world: World) -> None:
    for month in _months(world):
        period = f"2018-{month:02d}"
        world.facts.setdefault("rankings", {})[period] = world.post(
            world.actors.secretariat,
            f"{ASSESSMENT}/rankings/unit/{period}/close",
            {},
            kind="unit_ranking",
            key=f"ranking/unit/{period}",
        )
        announced = first_working_monday(2018, month + 1)
        _hold_talks(world, period, announced)
        _commend_the_first(world, period, announced)


def _decisions(world: World, period: str, kind: str) -> list[dict[str, Any]]:
    """The decisions a published ranking made, from the ranking itself (no read model to wait for)."""
    ranking = world.client.get(world.actors.director, f"{ASSESSMENT}/rankings/unit/{period}")
    ids = ranking["talk_ids"] if kind == "admonishment_talk" else ranking["transfer_ids"]
    found = [world.client.get(world.actors.director, f"{ASSESSMENT}/decisions/{i}") for i in ids]
    return sorted(found, key=lambda d: str(d["subject_id"]))


def _hold_talks(world: World, period: str, after: date) -> None:
    """The director holds each talk within five working days of the results being announced."""
    for index, decision in enumerate(_decisions(world, period, "admonishment_talk")):
        held = working_day_after(after, 1 + index % 3)
        world.post(
            world.actors.director,
            f"{ASSESSMENT}/decisions/{decision['id']}/talk",
            {
                "held_at": when(held, 15),
                "held_by": "局长",
                "minutes_ref": f"诫勉谈话记录 {period} {decision['subject_id']}",
            },
            kind="admonishment_talk",
            key=f"talk/{period}/{decision['subject_id']}",
        )


def _commend_the_first(world: World, period: str, announced: date) -> None:
    """The leadership commends the units ranked first (a tie ranks two first), unless they failed."""
    ranking = world.client.get(world.actors.director, f"{ASSESSMENT}/rankings/unit/{period}")
    for row in ranking["rows"]:
        if row["rank"] != 1 or row["bottom"] or row["grade"] == "fail":
            continue
        world.post(
            world.actors.director,
            f"{ASSESSMENT}/rankings/unit/{period}/rewards",
            {
                "subject_id": row["subject_id"],
                "kind": "commendation",
                "granted_by": "局长办公会",
                "granted_at": when(announced, 11),
                "note": f"{period} 评议考核第一名，通报表扬",
            },
            kind="reward",
            key=f"reward/{period}/{row['subject_id']}",
        )


def transfer_weak_station_head(world: World) -> None:
    """In the bottom three for three months running: the head is moved off the post (调离工作岗位)."""
    if 5 not in _months(world):
        return
    proposals = [d for d in _decisions(world, "2018-05", "post_transfer") if d["subject_id"] == WEAK_STATION]
    if not proposals:
        return
    staff = world.staff
    head_key = staff.heads[WEAK_STATION]
    head = world.officer_id(head_key)
    world.post(
        world.actors.director,
        f"{ASSESSMENT}/decisions/{proposals[0]['id']}/transfer-decision",
        {
            "outcome": "transferred",
            "officer_id": head,
            "from_post": "第七国土资源所所长",
            "to_post": "执法监察大队执法监察员",
            "to_enforcement_post": True,  # off the head's post, not off enforcement: the card stays
            "note": "连续三个月排名后三位，领导小组研究决定调离",
            "decided_at": when(TRANSFER_DECIDED, 10),
        },
        kind="post_transfer_decision",
        key=f"transfer/2018-05/{WEAK_STATION}",
    )
    decided_by = f"领导小组会议 {TRANSFER_DECIDED.isoformat()}"
    world.post(
        world.actors.director,
        f"{PERSONNEL}/officers/{head}/transfer",
        {
            "title": "执法监察员",
            "rank": "staff",
            "enforcement": True,
            "unit_id": "ENF",
            "reason": "评议考核连续三个月排名后三位，调离所长岗位",
            "decided_by": decided_by,
            "at": when(TRANSFER_DECIDED, 14),
        },
        kind="post_transfer",
        key=f"personnel-transfer/{head_key}/2018-06",
    )
    successor = staff.by_key[staff.successor]
    world.post(
        world.actors.director,
        f"{PERSONNEL}/officers/{world.officer_id(successor.key)}/transfer",
        {
            "title": "所长",
            "rank": "unit_head",
            "enforcement": True,
            "reason": "接任所长",
            "decided_by": decided_by,
            "at": when(TRANSFER_DECIDED, 15),
        },
        kind="post_transfer",
        key=f"personnel-transfer/{successor.key}/2018-06",
    )
    world.post(
        world.actors.director,
        f"{PERSONNEL}/units/{WEAK_STATION}/head",
        {"officer_id": world.officer_id(successor.key), "at": when(TRANSFER_DECIDED, 16)},
        kind="unit_head",
        key=f"head/{WEAK_STATION}/{successor.key}",
    )
