"""An officer: enrolment, unit and post, the enforcement post and its removals, pre-post training,
exams (first attempt and one retake), the certificate application, and assigned duties.

Exams live in the officer's own history so that a failed retake and the removal it causes are two
events of one aggregate, saved together: the removal happens exactly once, because the retake can
be recorded only once and a replay never re-runs the rule.

One removal is in force at a time (every consumer reads a restoration as ending the officer's removal).
A retake failed while the officer is already removed is not lost: it is recorded as a further ground
(`RemovalGroundAdded`), and when the removal in force is lifted the officer is removed again on it, at
the same instant (or when the ground arose, if the restoration is dated before that), so the officer
never returns to the enforcement post once the retake has failed.

An officer who leaves the bureau (retires, resigns, is transferred out) closes the record: every later
command on it is refused (`officer_departed`), except what settles sanctions already scheduled.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from personnel.domain.common import CERTIFIABLE_STAFF, StaffKind, bureau_day, day_start, not_before
from personnel.domain.errors import (
    AlreadyPostedError,
    ApplicationAlreadyOpenError,
    FirstAttemptAlreadyRecordedError,
    NoPostError,
    NoScheduledSanctionError,
    NoSecondRetakeError,
    NotOnEnforcementPostError,
    NotRemovedError,
    OfficerDepartedError,
    PassedExamRequiredError,
    PrePostTrainingRequiredError,
    QuarterlyExamMustBeClosedBookError,
    RemovedFromEnforcementPostError,
    RetakeRequiresFailedFirstAttemptError,
    StaffNotCertifiableError,
    TransferChangesNothingError,
)
from personnel.domain.officer_records import (
    EXAM_FAILED_TWICE_RULE,
    QUALIFICATION_EXAMS,
    Departure,
    DepartureReason,
    ExamAttempt,
    ExamKind,
    Post,
    Removal,
    RemovalGround,
    RemovalReason,
    ScheduledSanction,
)
from personnel.domain.rules import PersonnelRules
from shared.domain import InvalidInputError, RecordedAggregate

EXAM_NAMESPACE = UUID("6c1d9a7e-3b2f-4e58-a0d4-9f8e7c6b5a41")
DEPARTURE_CANCELS_SANCTION = "officer_departed"  # the cancellation of a sanction left waiting at departure


class Officer(RecordedAggregate):
    """A member of the bureau's staff."""

    class Enrolled(RecordedAggregate.Created):
        name: str
        unit_id: str
        staff_kind: str

    class UnitAssigned(RecordedAggregate.Event):
        from_unit_id: str
        unit_id: str
        reason: str
        decided_by: str

    class PostAssigned(RecordedAggregate.Event):
        post: dict[str, Any]
        reason: str
        decided_by: str

    class PostTransferred(RecordedAggregate.Event):
        from_post: dict[str, Any]
        to_post: dict[str, Any]
        from_unit_id: str
        to_unit_id: str
        reason: str
        decided_by: str

    class EnforcementPostRemoved(RecordedAggregate.Event):
        reason: str
        note: str
        decided_by: str
        accountability_id: UUID | None
        exam_id: UUID | None

    class EnforcementPostRestored(RecordedAggregate.Event):
        reason: str
        decided_by: str

    class RemovalGroundAdded(RecordedAggregate.Event):
        """A ground for removal arose while the officer was already removed (see the module)."""

        reason: str
        note: str
        decided_by: str
        exam_id: UUID | None

    class SanctionScheduled(RecordedAggregate.Event):
        accountability_id: UUID
        sanction_type: str
        takes_effect_at: datetime
        until: date | None
        certificate_no: str | None
        decided_by: str

    class ScheduledSanctionApplied(RecordedAggregate.Event):
        accountability_id: UUID
        sanction_type: str

    class ScheduledSanctionCancelled(RecordedAggregate.Event):
        accountability_id: UUID
        sanction_type: str
        cancellation: str

    class PrePostTrainingCompleted(RecordedAggregate.Event):
        session_id: UUID

    class ExamTaken(RecordedAggregate.Event):
        exam_id: UUID
        exam_round: str
        kind: str
        attempt_no: int
        score: float
        pass_mark: int
        passed: bool
        closed_book: bool
        rules_version: int

    class CertificateApplied(RecordedAggregate.Event):
        application_id: UUID
        unit_id: str
        exam_ids: list[UUID]
        training_session_ids: list[UUID]

    class CertificateLinked(RecordedAggregate.Event):
        certificate_no: str
        application_id: UUID | None

    class DutyAssigned(RecordedAggregate.Event):
        power_ids: list[UUID]
        standards: str
        scope: str
        responsibility: str

    class Departed(RecordedAggregate.Event):
        reason: str
        note: str
        decided_by: str

    @event(Enrolled)
    def __init__(self, name: str, unit_id: str, staff_kind: str) -> None:
        self.name = name
        self.unit_id = unit_id
        self.staff_kind = StaffKind(staff_kind)
        self.post: Post | None = None
        self.placed_at: datetime | None = None  # the latest change of unit or post, in business time
        self.departure: Departure | None = None
        self.held_enforcement_post = False
        self.removals: list[Removal] = []
        self.waiting_grounds: list[RemovalGround] = []  # removal grounds that arose during a removal
        self.pre_post_training: tuple[UUID, datetime] | None = None
        self.exams: dict[str, list[ExamAttempt]] = {}
        self.open_application: UUID | None = None
        self.application_training_ids: list[UUID] = []  # the open application's training sessions
        self.certificate_nos: list[str] = []
        self.duties: list[dict[str, Any]] = []
        self.scheduled_sanctions: dict[tuple[UUID, str], ScheduledSanction] = {}

    @staticmethod
    def validate_name(name: str) -> str:
        name = name.strip()
        if not name:
            raise InvalidInputError("an officer needs a name", field="name")
        return name

    # --- queries -------------------------------------------------------------------------------

    @property
    def active_removal(self) -> Removal | None:
        return self.removals[-1] if self.removals and self.removals[-1].ended_at is None else None

    @property
    def on_enforcement_post(self) -> bool:
        return (
            self.post is not None and self.post.enforcement and self.active_removal is None and self.departure is None
        )

    def removed_at(self, at: datetime) -> Removal | None:
        return next((removal for removal in self.removals if removal.covers(at)), None)

    def exam(self, exam_id: UUID) -> list[ExamAttempt]:
        return next((attempts for attempts in self.exams.values() if attempts[0].exam_id == exam_id), [])

    def passed_qualification_exams(self) -> list[ExamAttempt]:
        return [
            attempt
            for attempts in self.exams.values()
            for attempt in attempts
            if attempt.passed and attempt.kind in QUALIFICATION_EXAMS
        ]

    def qualified_on(self) -> date | None:
        """The bureau day the officer first passed a qualification exam: no certificate is valid before it."""
        passed = self.passed_qualification_exams()
        return min(bureau_day(attempt.taken_at) for attempt in passed) if passed else None

    def check_in_service(self) -> None:
        if self.departure is not None:
            raise OfficerDepartedError(
                "the officer has left the bureau; the record takes no further changes",
                officer_id=str(self.id),
                departed_at=self.departure.at.isoformat(),
                reason=self.departure.reason.value,
            )

    def _latest_removal_change(self) -> datetime | None:
        if not self.removals:
            return None
        last = self.removals[-1]
        return last.ended_at or last.started_at

    # --- unit and post ---------------------------------------------------------------------------

    def assign_unit(self, unit_id: str, *, reason: str, decided_by: str, at: datetime) -> None:
        self.check_in_service()
        if unit_id == self.unit_id:
            raise TransferChangesNothingError("the officer already belongs to this unit", unit_id=unit_id)
        self._unit_assigned(
            from_unit_id=self.unit_id, unit_id=unit_id, reason=reason, decided_by=decided_by, occurred_at=at
        )

    def assign_post(self, post: Post, *, reason: str, decided_by: str, at: datetime) -> None:
        self.check_in_service()
        if self.post is not None:
            raise AlreadyPostedError(
                "the officer already holds a post; record a transfer instead", current_post=self.post.as_dict()
            )
        self._check_may_take(post, at)
        self._post_assigned(post=post.as_dict(), reason=reason, decided_by=decided_by, occurred_at=at)

    def transfer(self, post: Post, unit_id: str | None, *, reason: str, decided_by: str, at: datetime) -> None:
        self.check_in_service()
        if self.post is None:
            raise NoPostError("the officer holds no post yet; assign a first post instead")
        to_unit = unit_id or self.unit_id
        if post == self.post and to_unit == self.unit_id:
            raise TransferChangesNothingError("the officer already holds this post in this unit")
        self._check_may_take(post, at)
        self._post_transferred(
            from_post=self.post.as_dict(),
            to_post=post.as_dict(),
            from_unit_id=self.unit_id,
            to_unit_id=to_unit,
            reason=reason,
            decided_by=decided_by,
            occurred_at=at,
        )

    def _check_may_take(self, post: Post, at: datetime) -> None:
        if not post.enforcement:
            return
        removal = self.active_removal
        if removal is not None:
            raise RemovedFromEnforcementPostError(
                "the officer was removed from the enforcement post; record a restoration first",
                removed_at=removal.started_at.isoformat(),
                reason=removal.reason,
            )
        if not self.held_enforcement_post and (self.pre_post_training is None or self.pre_post_training[1] > at):
            raise PrePostTrainingRequiredError(
                "a first enforcement post needs pre-post training (岗前培训) attended before it",
                missing=["pre_post_training"],
            )

    @event(UnitAssigned)
    def _unit_assigned(
        self, from_unit_id: str, unit_id: str, reason: str, decided_by: str, occurred_at: datetime | None = None
    ) -> None:
        self.unit_id = unit_id
        self.placed_at = occurred_at

    @event(PostAssigned)
    def _post_assigned(
        self, post: dict[str, Any], reason: str, decided_by: str, occurred_at: datetime | None = None
    ) -> None:
        self.post = Post.of(post)
        self.held_enforcement_post |= self.post.enforcement
        self.placed_at = occurred_at

    @event(PostTransferred)
    def _post_transferred(
        self,
        *,
        from_post: dict[str, Any],
        to_post: dict[str, Any],
        from_unit_id: str,
        to_unit_id: str,
        reason: str,
        decided_by: str,
        occurred_at: datetime | None,
    ) -> None:
        self.post = Post.of(to_post)
        self.unit_id = to_unit_id
        self.held_enforcement_post |= self.post.enforcement
        self.placed_at = occurred_at

    # --- removal from and restoration to the enforcement post ----------------------------------

    def remove_from_enforcement_post(
        self,
        *,
        reason: RemovalReason,
        note: str,
        decided_by: str,
        at: datetime,
        accountability_id: UUID | None = None,
        exam_id: UUID | None = None,
    ) -> None:
        self.check_in_service()
        if not self.on_enforcement_post:
            raise NotOnEnforcementPostError(
                "the officer does not hold an enforcement post to be removed from",
                post=self.post.as_dict() if self.post else None,
                removed=self.active_removal is not None,
            )
        not_before(at, self._latest_removal_change(), "removal")
        self._removed(
            reason=reason.value,
            note=note,
            decided_by=decided_by,
            accountability_id=accountability_id,
            exam_id=exam_id,
            occurred_at=at,
        )

    def restore_to_enforcement_post(self, *, reason: str, decided_by: str, at: datetime) -> None:
        """Lift the removal in force; a ground that arose during it removes the officer again (see the module)."""
        self.check_in_service()
        if self.active_removal is None:
            raise NotRemovedError("the officer is not removed from an enforcement post")
        not_before(at, self._latest_removal_change(), "restoration")
        self._restored(reason=reason, decided_by=decided_by, occurred_at=at)
        if self.waiting_grounds:
            ground = self.waiting_grounds[0]
            self._removed(
                reason=ground.reason,
                note=ground.note,
                decided_by=ground.decided_by,
                accountability_id=None,
                exam_id=ground.exam_id,
                occurred_at=max(at, ground.arose_at),  # a restoration dated before the ground arose
            )

    @event(EnforcementPostRemoved)
    def _removed(
        self,
        *,
        reason: str,
        note: str,
        decided_by: str,
        accountability_id: UUID | None,
        exam_id: UUID | None,
        occurred_at: datetime | None,
    ) -> None:
        assert occurred_at is not None
        self.removals.append(Removal(occurred_at, reason, decided_by, accountability_id, exam_id))
        if exam_id is not None:  # a waiting ground now in force
            self.waiting_grounds = [g for g in self.waiting_grounds if g.exam_id != exam_id]

    @event(EnforcementPostRestored)
    def _restored(self, reason: str, decided_by: str, occurred_at: datetime | None = None) -> None:
        last = self.removals[-1]
        self.removals[-1] = Removal(
            last.started_at, last.reason, last.decided_by, last.accountability_id, last.exam_id, occurred_at
        )

    @event(RemovalGroundAdded)
    def _removal_ground_added(
        self, *, reason: str, note: str, decided_by: str, exam_id: UUID | None, occurred_at: datetime | None
    ) -> None:
        assert occurred_at is not None
        self.waiting_grounds.append(RemovalGround(reason, note, decided_by, exam_id, occurred_at))

    # --- sanctions decided now that take effect later -------------------------------------------

    def scheduled_sanction(self, accountability_id: UUID, sanction_type: str) -> ScheduledSanction | None:
        return self.scheduled_sanctions.get((accountability_id, sanction_type))

    def pending_sanctions(self, accountability_id: UUID | None = None) -> list[ScheduledSanction]:
        return [
            s
            for s in self.scheduled_sanctions.values()
            if s.pending and (accountability_id is None or s.accountability_id == accountability_id)
        ]

    def schedule_sanction(
        self,
        *,
        accountability_id: UUID,
        sanction_type: str,
        takes_effect_at: datetime,
        until: date | None,
        certificate_no: str | None,
        decided_by: str,
        removes_from_post: bool,
        at: datetime,
    ) -> None:
        """Record, when it is decided, a sanction that takes effect at a later instant; the scheduler
        applies it then. Nothing changes the officer's standing before that instant."""
        self.check_in_service()
        if takes_effect_at <= at:
            raise InvalidInputError("a scheduled sanction takes effect after it is decided", field="effective_at")
        if until is not None and day_start(until) <= takes_effect_at:
            raise InvalidInputError("a suspension ends after it takes effect", field="until")
        if removes_from_post and not self.on_enforcement_post:
            raise NotOnEnforcementPostError(
                "the officer does not hold an enforcement post to be removed from",
                post=self.post.as_dict() if self.post else None,
                removed=self.active_removal is not None,
            )
        self._sanction_scheduled(
            accountability_id=accountability_id,
            sanction_type=sanction_type,
            takes_effect_at=takes_effect_at,
            until=until,
            certificate_no=certificate_no,
            decided_by=decided_by,
            occurred_at=at,
        )

    def cancel_scheduled_sanction(
        self, accountability_id: UUID, sanction_type: str, *, cancellation: str, at: datetime
    ) -> None:
        scheduled = self.scheduled_sanction(accountability_id, sanction_type)
        if scheduled is None or not scheduled.pending:
            raise NoScheduledSanctionError(
                "no sanction of this matter is waiting to take effect",
                accountability_id=str(accountability_id),
                sanction_type=sanction_type,
            )
        self._scheduled_sanction_cancelled(
            accountability_id=accountability_id,
            sanction_type=sanction_type,
            cancellation=cancellation,
            occurred_at=at,
        )

    def mark_scheduled_sanction_applied(self, accountability_id: UUID, sanction_type: str) -> None:
        """The sanction took effect (its effect is recorded on the post or the certificate, in the
        same transaction); it no longer waits, and a revocation lifts it like any other."""
        scheduled = self.scheduled_sanction(accountability_id, sanction_type)
        if scheduled is not None and scheduled.pending:
            self._scheduled_sanction_applied(
                accountability_id=accountability_id, sanction_type=sanction_type, occurred_at=scheduled.takes_effect_at
            )

    @event(SanctionScheduled)
    def _sanction_scheduled(
        self,
        *,
        accountability_id: UUID,
        sanction_type: str,
        takes_effect_at: datetime,
        until: date | None,
        certificate_no: str | None,
        decided_by: str,
        occurred_at: datetime | None,
    ) -> None:
        assert occurred_at is not None
        scheduled = ScheduledSanction(
            accountability_id, sanction_type, takes_effect_at, until, certificate_no, decided_by, occurred_at
        )
        self.scheduled_sanctions[scheduled.key] = scheduled

    @event(ScheduledSanctionApplied)
    def _scheduled_sanction_applied(
        self, *, accountability_id: UUID, sanction_type: str, occurred_at: datetime | None
    ) -> None:
        key = (accountability_id, sanction_type)
        self.scheduled_sanctions[key] = replace(self.scheduled_sanctions[key], applied_at=occurred_at)

    @event(ScheduledSanctionCancelled)
    def _scheduled_sanction_cancelled(
        self, *, accountability_id: UUID, sanction_type: str, cancellation: str, occurred_at: datetime | None
    ) -> None:
        key = (accountability_id, sanction_type)
        self.scheduled_sanctions[key] = replace(
            self.scheduled_sanctions[key], cancelled_at=occurred_at, cancellation=cancellation
        )

    # --- training and exams -----------------------------------------------------------------------

    def complete_pre_post_training(self, session_id: UUID, at: datetime) -> None:
        if self.pre_post_training is None or at < self.pre_post_training[1]:
            self._pre_post_trained(session_id=session_id, occurred_at=at)

    @event(PrePostTrainingCompleted)
    def _pre_post_trained(self, session_id: UUID, occurred_at: datetime | None = None) -> None:
        assert occurred_at is not None
        self.pre_post_training = (session_id, occurred_at)

    @staticmethod
    def exam_id_for(officer_id: UUID, exam_round: str) -> UUID:
        return uuid5(EXAM_NAMESPACE, f"{officer_id}/{exam_round}")

    def take_exam(
        self,
        *,
        exam_round: str,
        kind: ExamKind,
        attempt_no: int,
        score: float,
        closed_book: bool,
        at: datetime,
        rules: PersonnelRules,
    ) -> ExamAttempt:
        """Record one attempt; a failed retake removes the officer from the enforcement post."""
        self.check_in_service()
        earlier = self.exams.get(exam_round, [])
        if kind == ExamKind.QUARTERLY_COURSE and not closed_book:
            raise QuarterlyExamMustBeClosedBookError("the quarterly course exam is closed-book", closed_book=False)
        if attempt_no == 1 and earlier:
            raise FirstAttemptAlreadyRecordedError(
                "this exam's first attempt is already recorded", exam_round=exam_round, attempts=len(earlier)
            )
        if attempt_no == 2:
            self._check_retake(earlier, kind, at)
        passed = score >= rules.exam_pass_mark
        self._exam_taken(
            exam_id=self.exam_id_for(self.id, exam_round),
            exam_round=exam_round,
            kind=kind.value,
            attempt_no=attempt_no,
            score=score,
            pass_mark=rules.exam_pass_mark,
            passed=passed,
            closed_book=closed_book,
            rules_version=rules.version,
            occurred_at=at,
        )
        attempt = self.exams[exam_round][-1]
        if attempt_no == 2 and not passed:
            self._remove_for_failed_retake(attempt, at)
        return attempt

    def _remove_for_failed_retake(self, attempt: ExamAttempt, at: datetime) -> None:
        """DOMAIN §2.1: fail the retake, then the officer is removed from the enforcement post — at once
        if the officer holds it, else, if removed already, as soon as that removal is lifted."""
        note = f"failed the retake of exam {attempt.exam_round}"
        if self.on_enforcement_post:
            latest = self._latest_removal_change()
            self.remove_from_enforcement_post(
                reason=RemovalReason.EXAM_FAILED_TWICE,
                note=note,
                decided_by=EXAM_FAILED_TWICE_RULE,
                at=max(at, latest) if latest else at,
                exam_id=attempt.exam_id,
            )
        elif self.active_removal is not None:
            self._removal_ground_added(
                reason=RemovalReason.EXAM_FAILED_TWICE.value,
                note=note,
                decided_by=EXAM_FAILED_TWICE_RULE,
                exam_id=attempt.exam_id,
                occurred_at=at,
            )

    @staticmethod
    def _check_retake(earlier: list[ExamAttempt], kind: ExamKind, at: datetime) -> None:
        if not earlier or earlier[0].passed:
            raise RetakeRequiresFailedFirstAttemptError(
                "a retake is allowed only after a failed first attempt",
                first_attempt=None if not earlier else "passed",
            )
        if len(earlier) > 1:
            raise NoSecondRetakeError("an exam allows one retake only", attempts=len(earlier))
        if earlier[0].kind != kind:
            raise InvalidInputError("a retake is of the same kind as the first attempt", kind=earlier[0].kind.value)
        if at <= earlier[0].taken_at:
            raise InvalidInputError(
                "a retake comes after the first attempt", first_attempt_at=earlier[0].taken_at.isoformat()
            )

    @event(ExamTaken)
    def _exam_taken(
        self,
        *,
        exam_id: UUID,
        exam_round: str,
        kind: str,
        attempt_no: int,
        score: float,
        pass_mark: int,
        passed: bool,
        closed_book: bool,
        rules_version: int,
        occurred_at: datetime | None,
    ) -> None:
        assert occurred_at is not None
        attempt = ExamAttempt(
            exam_id,
            exam_round,
            ExamKind(kind),
            attempt_no,
            score,
            pass_mark,
            passed,
            closed_book,
            occurred_at,
            rules_version,
        )
        self.exams.setdefault(exam_round, []).append(attempt)

    # --- certificate application ------------------------------------------------------------------

    def apply_for_certificate(self, *, application_id: UUID, training_session_ids: list[UUID], at: datetime) -> None:
        self.check_certifiable()
        if self.open_application is not None:
            raise ApplicationAlreadyOpenError(
                "a certificate application is already open", application_id=str(self.open_application)
            )
        self._applied(
            application_id=application_id,
            unit_id=self.unit_id,
            exam_ids=sorted({attempt.exam_id for attempt in self.passed_qualification_exams()}, key=str),
            training_session_ids=training_session_ids,
            occurred_at=at,
        )

    def check_certifiable(self) -> None:
        self.check_in_service()
        if self.staff_kind not in CERTIFIABLE_STAFF:
            raise StaffNotCertifiableError(
                "only permanent staff in post may hold an enforcement certificate",
                officer_id=str(self.id),
                staff_kind=self.staff_kind.value,
            )
        if not self.passed_qualification_exams():
            raise PassedExamRequiredError(
                "a certificate needs a passed enforcement-qualification exam",
                missing=["passed_qualification_exam"],
                exam_kinds=sorted(kind.value for kind in QUALIFICATION_EXAMS),
            )

    @event(CertificateApplied)
    def _applied(
        self,
        application_id: UUID,
        unit_id: str,
        exam_ids: list[UUID],
        training_session_ids: list[UUID],
        occurred_at: datetime | None = None,
    ) -> None:
        self.open_application = application_id
        self.application_training_ids = list(training_session_ids)

    def link_certificate(self, certificate_no: str, application_id: UUID | None) -> None:
        self._linked(certificate_no=certificate_no, application_id=application_id)

    @event(CertificateLinked)
    def _linked(self, certificate_no: str, application_id: UUID | None) -> None:
        self.certificate_nos.append(certificate_no)
        if application_id is not None and application_id == self.open_application:
            self.open_application = None

    # --- leaving the bureau ------------------------------------------------------------------------

    def leave(self, *, reason: DepartureReason, note: str, decided_by: str, at: datetime) -> None:
        """The officer leaves the bureau's staff. The caller withdraws the officer's enforcement cards
        in the same save (DOMAIN §2.1); dated before the latest change of post, unit or removal, the
        departure is out of order. A sanction still waiting to take effect has no one left to act on:
        it is cancelled with the departure, not left for the scheduler to find refused (the caller
        first applies, at their own instants, those that fell due before the departure)."""
        self.check_in_service()
        latest = max((t for t in (self.placed_at, self._latest_removal_change()) if t is not None), default=None)
        not_before(at, latest, "departure")
        self._departed(reason=reason.value, note=note, decided_by=decided_by, occurred_at=at)
        for scheduled in self.pending_sanctions():
            self._scheduled_sanction_cancelled(
                accountability_id=scheduled.accountability_id,
                sanction_type=scheduled.sanction_type,
                cancellation=DEPARTURE_CANCELS_SANCTION,
                occurred_at=at,
            )

    @event(Departed)
    def _departed(self, reason: str, note: str, decided_by: str, occurred_at: datetime | None = None) -> None:
        assert occurred_at is not None
        self.departure = Departure(DepartureReason(reason), note, decided_by, occurred_at)

    # --- duties ------------------------------------------------------------------------------------

    def assign_duty(
        self, *, power_ids: list[UUID], standards: str, scope: str, responsibility: str, at: datetime
    ) -> None:
        self.check_in_service()
        self._duty_assigned(
            power_ids=power_ids, standards=standards, scope=scope, responsibility=responsibility, occurred_at=at
        )

    @event(DutyAssigned)
    def _duty_assigned(
        self,
        power_ids: list[UUID],
        standards: str,
        scope: str,
        responsibility: str,
        occurred_at: datetime | None = None,
    ) -> None:
        self.duties.append(
            {
                "power_ids": list(power_ids),
                "standards": standards,
                "scope": scope,
                "responsibility": responsibility,
                "assigned_at": occurred_at,
            }
        )
