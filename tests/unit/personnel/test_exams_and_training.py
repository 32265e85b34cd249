"""Training sessions and exams: closed-book, pass mark, a first attempt and one retake; a failed
retake removes the officer from the enforcement post, exactly once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

from personnel.application import Personnel
from personnel.domain import ExamKind, Officer, OfficerNotFoundError, RemovalReason, TrainingKind
from personnel.domain.errors import (
    FirstAttemptAlreadyRecordedError,
    NoSecondRetakeError,
    QuarterlyExamMustBeClosedBookError,
    RetakeRequiresFailedFirstAttemptError,
    WeeklyStudyNotOnFridayError,
)
from personnel.domain.officer_records import EXAM_FAILED_TWICE_RULE
from personnel.integration import to_integration_event
from shared.domain import InvalidInputError
from tests.support.personnel import enrol, refused, train_and_post

FIRST = datetime(2017, 9, 15, 9, 0, tzinfo=UTC)
RETAKE = datetime(2017, 9, 29, 9, 0, tzinfo=UTC)


def sit(personnel: Personnel, officer_id, attempt: int, score: float, *, at: datetime, **extra):
    return personnel.record_exam(
        officer_id,
        exam_round=extra.get("exam_round", "2017Q3"),
        kind=extra.get("kind", ExamKind.QUARTERLY_COURSE),
        attempt_no=attempt,
        score=score,
        closed_book=extra.get("closed_book", True),
        taken_at=at,
    )


def posted_officer(personnel: Personnel) -> Officer:
    officer = enrol(personnel)
    train_and_post(personnel, officer.id)
    return personnel.get_officer(officer.id)


def test_pre_post_training_is_noted_on_each_attendee_in_the_same_save(personnel: Personnel) -> None:
    a, b = enrol(personnel, "甲"), enrol(personnel, "乙")
    session = personnel.hold_training_session(
        kind=TrainingKind.PRE_POST,
        held_at=datetime(2017, 4, 20, tzinfo=UTC),
        topics=["行政处罚法"],
        trainer="县政府法制办",
        attendee_ids=[a.id, b.id, a.id],
    )
    assert session.attendee_ids == [a.id, b.id]
    assert personnel.get_officer(a.id).pre_post_training == (session.id, datetime(2017, 4, 20, tzinfo=UTC))
    public = to_integration_event(personnel.stored_events(session.id)[0])
    assert public is not None
    assert public.model_dump()["attendee_ids"] == [a.id, b.id]


def test_other_sessions_leave_officers_untouched(personnel: Personnel) -> None:
    officer = enrol(personnel)
    personnel.hold_training_session(
        kind=TrainingKind.PRE_WORK_10MIN,
        held_at=datetime(2018, 2, 26, 0, 50, tzinfo=UTC),
        topics=[],
        trainer="股长",
        attendee_ids=[officer.id],
    )
    assert personnel.get_officer(officer.id).version == 1


def test_the_weekly_study_is_held_on_a_friday(personnel: Personnel) -> None:
    officer = enrol(personnel)
    thursday = datetime(2018, 2, 22, 8, 0, tzinfo=UTC)
    error = refused(
        personnel,
        WeeklyStudyNotOnFridayError,
        lambda: personnel.hold_training_session(
            kind=TrainingKind.WEEKLY_FRIDAY, held_at=thursday, topics=[], trainer="t", attendee_ids=[officer.id]
        ),
    )
    assert error.details["held_on"] == "2018-02-22"  # type: ignore[attr-defined]
    # Friday 23 Feb in Beijing, although still Thursday in UTC: the bureau's day counts.
    friday_morning = datetime(2018, 2, 22, 23, 30, tzinfo=UTC)
    personnel.hold_training_session(
        kind=TrainingKind.WEEKLY_FRIDAY, held_at=friday_morning, topics=[], trainer="t", attendee_ids=[officer.id]
    )


def test_attendees_must_be_enrolled(personnel: Personnel) -> None:
    ghost = uuid4()
    error = refused(
        personnel,
        OfficerNotFoundError,
        lambda: personnel.hold_training_session(
            kind=TrainingKind.QUARTERLY_COURSE, held_at=FIRST, topics=[], trainer="t", attendee_ids=[ghost]
        ),
    )
    assert error.details == {"unknown": [str(ghost)]}  # type: ignore[attr-defined]


def test_the_pass_mark_in_force_decides_and_is_recorded(personnel: Personnel) -> None:
    officer = enrol(personnel)
    sit(personnel, officer.id, 1, 60, at=FIRST)
    personnel.publish_rules(effective_from=date(2018, 1, 1), values={"exam_pass_mark": 70}, note="提高合格线")
    sit(personnel, officer.id, 1, 65, at=datetime(2018, 2, 1, tzinfo=UTC), exam_round="2018Q1")
    exams = personnel.get_officer(officer.id).exams
    assert [(a.passed, a.pass_mark, a.rules_version) for a in exams["2017Q3"]] == [(True, 60, 0)]
    assert [(a.passed, a.pass_mark, a.rules_version) for a in exams["2018Q1"]] == [(False, 70, 1)]


def test_the_quarterly_exam_is_closed_book(personnel: Personnel) -> None:
    officer = enrol(personnel)
    refused(
        personnel,
        QuarterlyExamMustBeClosedBookError,
        lambda: sit(personnel, officer.id, 1, 90, at=FIRST, closed_book=False),
    )


def test_a_first_attempt_is_recorded_once(personnel: Personnel) -> None:
    officer = enrol(personnel)
    sit(personnel, officer.id, 1, 50, at=FIRST)
    refused(personnel, FirstAttemptAlreadyRecordedError, lambda: sit(personnel, officer.id, 1, 80, at=RETAKE))


def test_a_retake_needs_a_failed_first_attempt(personnel: Personnel) -> None:
    officer = enrol(personnel)
    refused(personnel, RetakeRequiresFailedFirstAttemptError, lambda: sit(personnel, officer.id, 2, 80, at=RETAKE))
    sit(personnel, officer.id, 1, 75, at=FIRST)
    refused(personnel, RetakeRequiresFailedFirstAttemptError, lambda: sit(personnel, officer.id, 2, 80, at=RETAKE))


def test_a_retake_is_of_the_same_kind_and_after_the_first_attempt(personnel: Personnel) -> None:
    officer = enrol(personnel)
    sit(personnel, officer.id, 1, 40, at=FIRST)
    refused(personnel, InvalidInputError, lambda: sit(personnel, officer.id, 2, 80, at=FIRST))
    refused(
        personnel, InvalidInputError, lambda: sit(personnel, officer.id, 2, 80, at=RETAKE, kind=ExamKind.GENERAL_LAW)
    )


def test_there_is_one_retake_only(personnel: Personnel) -> None:
    officer = enrol(personnel)
    sit(personnel, officer.id, 1, 40, at=FIRST)
    sit(personnel, officer.id, 2, 61, at=RETAKE)
    refused(personnel, NoSecondRetakeError, lambda: sit(personnel, officer.id, 2, 90, at=RETAKE))


def test_a_passed_retake_keeps_the_officer_on_the_enforcement_post(personnel: Personnel) -> None:
    officer = posted_officer(personnel)
    sit(personnel, officer.id, 1, 40, at=FIRST)
    assert sit(personnel, officer.id, 2, 60, at=RETAKE).on_enforcement_post


def test_failing_the_retake_removes_the_officer_from_the_enforcement_post(personnel: Personnel) -> None:
    officer = posted_officer(personnel)
    sit(personnel, officer.id, 1, 40, at=FIRST)
    removed = sit(personnel, officer.id, 2, 55, at=RETAKE)
    assert not removed.on_enforcement_post
    (removal,) = removed.removals
    assert (removal.reason, removal.decided_by, removal.started_at) == (
        RemovalReason.EXAM_FAILED_TWICE,
        EXAM_FAILED_TWICE_RULE,
        RETAKE,
    )
    assert removal.exam_id == Officer.exam_id_for(officer.id, "2017Q3")
    tail = [type(e).__qualname__ for e in personnel.officer_history(officer.id)][-2:]
    assert tail == ["Officer.ExamTaken", "Officer.EnforcementPostRemoved"]


def test_the_removal_happens_once_whatever_is_retried_or_replayed(personnel: Personnel) -> None:
    officer = posted_officer(personnel)
    sit(personnel, officer.id, 1, 40, at=FIRST)

    def retake() -> Officer:
        return sit(personnel, officer.id, 2, 55, at=RETAKE)

    first = personnel.run_command(retake, idempotency_key="retake-2017Q3", fingerprint="f")
    again = personnel.run_command(retake, idempotency_key="retake-2017Q3", fingerprint="f")  # a client's retry
    assert again.replayed
    assert (again.aggregate_id, again.version) == (first.aggregate_id, first.version)
    refused(personnel, NoSecondRetakeError, retake)  # the same record entered again without a key
    # Loading replays the stored events (no cache): the rule is not run again.
    rebuilt: Officer = personnel.repository.get(officer.id)
    assert len(rebuilt.removals) == 1
    removals = [e for e in personnel.officer_history(officer.id) if type(e).__qualname__.endswith("Removed")]
    assert len(removals) == 1


def test_a_retake_failed_while_removed_keeps_the_officer_off_the_post_when_that_removal_is_lifted(
    personnel: Personnel,
) -> None:
    officer = posted_officer(personnel)
    removed_at, restored_at = datetime(2017, 9, 1, tzinfo=UTC), datetime(2017, 12, 1, tzinfo=UTC)
    personnel.remove_from_enforcement_post(
        officer.id, reason=RemovalReason.ACCOUNTABILITY, note="", decided_by="领导小组", at=removed_at
    )
    sit(personnel, officer.id, 1, 30, at=FIRST)
    sit(personnel, officer.id, 2, 30, at=RETAKE)
    restored = personnel.restore_to_enforcement_post(
        officer.id, reason="申诉成立", decided_by="领导小组", at=restored_at
    )
    assert not restored.on_enforcement_post
    assert [(r.reason, r.started_at, r.ended_at) for r in restored.removals] == [
        (RemovalReason.ACCOUNTABILITY, removed_at, restored_at),
        (RemovalReason.EXAM_FAILED_TWICE, restored_at, None),
    ]
    assert restored.removals[-1].exam_id == Officer.exam_id_for(officer.id, "2017Q3")
    history = personnel.officer_history(officer.id)
    assert [type(e).__qualname__ for e in history][-4:] == [
        "Officer.ExamTaken",
        "Officer.RemovalGroundAdded",
        "Officer.EnforcementPostRestored",
        "Officer.EnforcementPostRemoved",
    ]
    assert to_integration_event(history[-3]) is None  # public only once it removes the officer
    # Lifting the removal for the failed retake puts the officer back on the post.
    again = personnel.restore_to_enforcement_post(officer.id, reason="补考合格", decided_by="d", at=restored_at)
    assert again.on_enforcement_post


def test_a_restoration_dated_before_the_failed_retake_removes_the_officer_from_the_retake(
    personnel: Personnel,
) -> None:
    officer = posted_officer(personnel)
    personnel.remove_from_enforcement_post(
        officer.id, reason=RemovalReason.ASSESSMENT, note="", decided_by="d", at=datetime(2017, 9, 1, tzinfo=UTC)
    )
    sit(personnel, officer.id, 1, 30, at=FIRST)
    sit(personnel, officer.id, 2, 30, at=RETAKE)
    restored_at = datetime(2017, 9, 20, tzinfo=UTC)  # entered after the retake, dated before it
    restored = personnel.restore_to_enforcement_post(officer.id, reason="r", decided_by="d", at=restored_at)
    assert restored.removed_at(datetime(2017, 9, 25, tzinfo=UTC)) is None
    removal = restored.removed_at(RETAKE)
    assert removal is not None
    assert (removal.reason, removal.started_at) == (RemovalReason.EXAM_FAILED_TWICE, RETAKE)


def test_a_failed_retake_with_no_enforcement_post_removes_nothing(personnel: Personnel) -> None:
    officer = enrol(personnel)
    sit(personnel, officer.id, 1, 40, at=FIRST, kind=ExamKind.GENERAL_LAW, exam_round="QUAL")
    after = sit(personnel, officer.id, 2, 41, at=RETAKE, kind=ExamKind.GENERAL_LAW, exam_round="QUAL")
    assert after.removals == []
