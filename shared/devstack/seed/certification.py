"""Certificates the way personnel's rules require them (DOMAIN §2): pre-post training, the
enforcement post, a passed qualification exam, the application, the issue — batch by batch — then
the first batch's annual review (two left outstanding) and one applicant who failed the
qualification exam and awaits the retake."""

from __future__ import annotations

from datetime import date

from shared.devstack.seed.organisation import assign_post
from shared.devstack.seed.staff import BATCHES, COUNTY, FIRST_REVIEW, Batch, Member
from shared.devstack.seed.timeline import when
from shared.devstack.seed.world import PERSONNEL, World

TRAINER = "县政府法制办"
APPLICANT_TRAINED = date(2018, 3, 5)
APPLICANT_EXAMINED = date(2018, 3, 16)


def _pre_post_training(world: World, key: str, held: date, attendees: list[Member]) -> str:
    return world.post(
        world.actors.legal,
        f"{PERSONNEL}/training-sessions",
        {
            "kind": "pre_post",
            "held_at": when(held, 9),
            "topics": ["行政处罚法", "土地管理法", "河南省行政执法证件管理办法"],
            "trainer": TRAINER,
            "attendee_ids": [world.officer_id(m.key) for m in attendees],
        },
        kind="training_session",
        key=key,
    )


def _qualification_exam(world: World, member: Member, round_: str, on: date, score: int) -> None:
    world.post(
        world.actors.legal,
        f"{PERSONNEL}/officers/{world.officer_id(member.key)}/exams",
        {
            "exam_round": round_,
            "kind": "general_law",
            "attempt_no": 1,
            "score": score,
            "closed_book": True,
            "taken_at": when(on, 14),
        },
        kind="exam",
        key=f"exam/{member.key}/{round_}",
    )


def _certify_batch(world: World, batch: Batch) -> None:
    holders = [m for m in world.staff.holders if m.batch == batch.number]
    session = _pre_post_training(world, f"training/pre-post/batch-{batch.number}", batch.trained, holders)
    for member in holders:
        assign_post(world, member, batch.posted, "岗前培训合格，持证上岗")
    for member in holders:
        _qualification_exam(
            world, member, f"QUAL-{batch.issued.year}-B{batch.number}", batch.examined, member.qualification_score
        )
    for member in holders:
        officer = world.officer_id(member.key)
        world.post(
            world.actors.legal,
            f"{PERSONNEL}/officers/{officer}/certificate-applications",
            {"training_session_ids": [session]},
            kind="certificate_application",
            key=f"application/{member.key}",
        )
        assert member.certificate_no is not None
        world.post(
            world.actors.legal,
            f"{PERSONNEL}/certificates",
            {
                "officer_id": officer,
                "certificate_no": member.certificate_no,
                "scope_area": COUNTY,
                "issued_on": batch.issued.isoformat(),
            },
            kind="certificate",
            key=f"certificate/{member.certificate_no}",
        )


def certify_holders(world: World) -> None:
    for batch in BATCHES.values():
        _certify_batch(world, batch)


def review_first_batch(world: World) -> None:
    """The first batch's review falls due on 2018-03-20: all pass it on 03-12 but two holders."""
    for member in world.staff.holders:
        if member.batch != 1 or member.key in world.staff.review_due:
            continue
        world.post(
            world.actors.legal,
            f"{PERSONNEL}/certificates/{member.certificate_no}/reviews",
            {"period": "2017", "result": "passed", "notes": "年度审验合格", "reviewed_at": when(FIRST_REVIEW, 10)},
            kind="certificate_review",
            key=f"review/{member.certificate_no}/2017",
        )


def examine_applicant(world: World) -> None:
    """A new officer: trained, in a trainee post, failed the qualification exam; the retake is to come."""
    member = world.staff.by_key[world.staff.awaiting_retake]
    _pre_post_training(world, "training/pre-post/2018-applicant", APPLICANT_TRAINED, [member])
    assign_post(world, member, APPLICANT_TRAINED, "新进人员，见习")
    _qualification_exam(world, member, "QUAL-2018-B4", APPLICANT_EXAMINED, 52)
