"""Training (DOMAIN §9.1, the article's "Training"): the Friday study and the 10-minute study before
work for the demo months, and the quarterly course — four batches of about 23 officers, then a
closed-book exam (pass mark 60): about 3% fail the first attempt and pass the retake a week later,
except one officer in the third quarter who fails it again and is removed from the enforcement
post by that exam (personnel records the removal with the failed retake).

Dates, batch sizes and scores are illustrative [DESIGN]; the pre-work study is recorded for every
working day of the demo months (April–May 2018; the first week of April at the small scale).
"""

from __future__ import annotations

from datetime import date, timedelta

from shared.devstack.seed.certification import APPLICANT_TRAINED
from shared.devstack.seed.staff import Member
from shared.devstack.seed.timeline import fridays_of, when, working_days_of
from shared.devstack.seed.world import PERSONNEL, World

QUARTERS = {  # the course week's Monday, the exam on Friday, the retake the Friday after
    "2018Q1": date(2018, 3, 19),
    "2018Q2": date(2018, 6, 11),
    "2018Q3": date(2018, 9, 10),
}
COURSE_BATCH = 23


def _session(
    world: World, kind: str, *, held: str, topics: list[str], trainer: str, members: list[Member], key: str
) -> None:
    world.post(
        world.actors.legal,
        f"{PERSONNEL}/training-sessions",
        {
            "kind": kind,
            "held_at": held,
            "topics": topics,
            "trainer": trainer,
            "attendee_ids": [world.officer_id(m.key) for m in members],
        },
        kind="training_session",
        key=key,
    )


def _on_duty(world: World, day: date) -> list[Member]:
    """Everyone in post that day (the applicant joined in March 2018)."""
    joined = day >= APPLICANT_TRAINED
    return [m for m in world.staff.members if joined or m.key != world.staff.awaiting_retake]


def hold_weekly_studies(world: World) -> None:
    months = (3, 4, 5) if world.full else (4,)
    for month in months:
        for friday in fridays_of(2018, month):
            _session(
                world,
                "weekly_friday",
                held=when(friday, 16),
                topics=["法律法规学习", "典型案例剖析"],
                trainer="政策法规股",
                members=_on_duty(world, friday),
                key=f"training/friday/{friday.isoformat()}",
            )
    days = [d for m in (4, 5) for d in working_days_of(2018, m)] if world.full else working_days_of(2018, 4)[:5]
    for day in days:
        _session(
            world,
            "pre_work_10min",
            held=when(day, 8, 20),
            topics=["班前学法十分钟"],
            trainer="各股室、所负责人",
            members=_on_duty(world, day),
            key=f"training/pre-work/{day.isoformat()}",
        )


def _participants(world: World) -> list[Member]:
    """The quarterly course rotates the holders below the leadership (about 92 at full scale)."""
    return [m for m in world.staff.holders if m.unit != "LEAD"]


def _exam(world: World, member: Member, round_: str, *, attempt: int, on: date, score: int) -> None:
    world.post(
        world.actors.legal,
        f"{PERSONNEL}/officers/{world.officer_id(member.key)}/exams",
        {
            "exam_round": round_,
            "kind": "quarterly_course",
            "attempt_no": attempt,
            "score": score,
            "closed_book": True,
            "taken_at": when(on, 9),
        },
        kind="exam",
        key=f"exam/{member.key}/{round_}/{attempt}",
    )


def _failers(world: World, round_: str, participants: list[Member]) -> list[Member]:
    staff = world.staff
    spared = {*staff.heads.values(), *staff.review_due, staff.suspended, staff.successor, staff.retiree}
    eligible = [m for m in participants if m.key not in spared]
    count = max(1, round(0.03 * len(participants)))
    return world.rng(f"course/{round_}").sample(eligible, count)


def hold_quarterly_course(world: World, round_: str) -> None:
    monday = QUARTERS[round_]
    participants = _participants(world)
    for index in range(0, len(participants), COURSE_BATCH):
        batch = participants[index : index + COURSE_BATCH]
        number = index // COURSE_BATCH + 1
        _session(
            world,
            "quarterly_course",
            held=when(monday + timedelta(days=number - 1), 9),
            topics=["行政处罚程序", "执法文书制作", "卫片执法检查"],
            trainer="县政府法制办、政策法规股",
            members=batch,
            key=f"training/course/{round_}/{number}",
        )
    rng = world.rng(f"scores/{round_}")
    failing = _failers(world, round_, participants)
    exam_day, retake_day = monday + timedelta(days=4), monday + timedelta(days=11)
    for member in participants:
        failed = member in failing
        _exam(
            world, member, round_, attempt=1, on=exam_day, score=rng.randint(41, 57) if failed else rng.randint(64, 98)
        )
    for position, member in enumerate(failing):
        # In the third quarter the first of those who failed fails the retake too.
        twice = round_ == "2018Q3" and position == 0
        score = rng.randint(45, 58) if twice else rng.randint(62, 85)
        _exam(world, member, round_, attempt=2, on=retake_day, score=score)
        if twice:
            world.facts["removed_after_retake"] = world.officer_id(member.key)


def quarterly_courses_first_half(world: World) -> None:
    hold_quarterly_course(world, "2018Q1")
    hold_quarterly_course(world, "2018Q2")


def quarterly_course_third_quarter(world: World) -> None:
    hold_quarterly_course(world, "2018Q3")
