"""Commands on training and exams: a session held with its attendance (pre-post training is noted on
each attendee, in the same save), and an exam attempt (a failed retake removes the officer from the
enforcement post, in the same save)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from personnel.application.base import PersonnelBase
from personnel.domain.common import bureau_day, business_time, clean_text
from personnel.domain.officer import Officer
from personnel.domain.officer_records import ExamKind
from personnel.domain.training import TrainingKind, TrainingSession
from shared.domain import InvalidInputError


class TrainingCommands(PersonnelBase):
    def hold_training_session(
        self,
        *,
        kind: TrainingKind,
        held_at: datetime,
        topics: list[str],
        trainer: str,
        attendee_ids: list[UUID],
    ) -> TrainingSession:
        at = business_time(held_at, "held_at")
        attendees = self.get_officers(TrainingSession.check(kind, at, attendee_ids))
        for officer in attendees:
            officer.check_in_service()  # one who has left the bureau attends no more sessions
        session = TrainingSession(
            kind=kind.value,
            topics=[clean_text(topic, "topics") for topic in topics],
            trainer=clean_text(trainer, "trainer"),
            attendee_ids=[officer.id for officer in attendees],
            occurred_at=at,
        )
        changed: list[Officer] = []
        if kind == TrainingKind.PRE_POST:
            for officer in attendees:
                before = officer.version
                officer.complete_pre_post_training(session.id, at)
                if officer.version != before:
                    changed.append(officer)
        self.save(session, *changed)
        return session

    def record_exam(
        self,
        officer_id: UUID,
        *,
        exam_round: str,
        kind: ExamKind,
        attempt_no: int,
        score: float,
        closed_book: bool,
        taken_at: datetime,
        expected_version: int | None = None,
    ) -> Officer:
        if attempt_no not in (1, 2):
            raise InvalidInputError("an exam has a first attempt and one retake", field="attempt_no")
        if not 0 <= score <= 100:
            raise InvalidInputError("scores are out of 100", field="score")
        at = business_time(taken_at, "taken_at")
        officer = self.get_officer(officer_id, expected_version)
        officer.take_exam(
            exam_round=clean_text(exam_round, "exam_round"),
            kind=kind,
            attempt_no=attempt_no,
            score=score,
            closed_book=closed_book,
            at=at,
            rules=self.rules_on(bureau_day(at)),
        )
        self.save(officer)
        return officer
