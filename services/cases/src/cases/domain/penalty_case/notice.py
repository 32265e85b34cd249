"""Step 6: the pre-decision notice (行政处罚告知), the party's statement and defence (陈述、申辩),
the notice of the right to a hearing (听证告知) and the hearing itself (听证), held only on request."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from cases.domain.errors import OccurredBeforeError, RuleConflictError, StepsMissingError
from cases.domain.penalties import Penalty, as_dicts, excess_over_notice
from cases.domain.penalty_case.base import CaseEvent, CaseState, StepRecord
from cases.domain.recording import BodyCameraClip, checked_clips, upcast_without_clips
from cases.domain.timing import due_after, local_day
from shared.domain.calendar import WorkingDayCalendar

SERVICE_METHODS = ("direct", "left", "entrusted", "postal", "public_notice")
STATEMENT_FORMS = ("oral", "written")
# A new notice voids what followed the old one: the party states, defends and may ask for a hearing anew.
NOTICE_DEPENDENTS = ("statement_and_defence", "hearing_right_notice", "hearing")


class PenaltyIncreasedAfterDefenceError(RuleConflictError):
    code = "penalty_increased_after_defence"


class StatementNotPendingError(RuleConflictError):
    code = "no_statement_to_review"


class OralStatementUnrecordedError(RuleConflictError):
    code = "oral_statement_unrecorded"


class HearingAlreadyAnsweredError(RuleConflictError):
    code = "hearing_already_answered"


class HearingRequestTooLateError(RuleConflictError):
    code = "hearing_request_too_late"


class HearingNotRequestedError(RuleConflictError):
    code = "hearing_not_requested"


class HearingNoticeTooLateError(RuleConflictError):
    code = "hearing_notice_too_late"


class HearingNotScheduledError(RuleConflictError):
    code = "hearing_not_scheduled"


class PresiderIsInvestigatorError(RuleConflictError):
    code = "presider_is_investigator"


class HearingBeforeScheduledTimeError(RuleConflictError):
    code = "hearing_before_scheduled_time"


class NoticeAndHearing(CaseState):
    class PenaltyNoticeServed(CaseEvent):
        doc_no: str
        penalties: list[dict[str, Any]]
        service_method: str
        statement_due_on: date

        def apply_to(self, case: CaseState) -> None:
            case._file("penalty_notice", self.doc_no)
            case._reopen(*NOTICE_DEPENDENTS)
            case.notice = {
                "doc_no": self.doc_no,
                "penalties": self.penalties,
                "served_on": local_day(self.occurred_at),
                "statement_due_on": self.statement_due_on,
            }
            case.statement_pending_review = False
            case.hearing_notice = None
            case.hearing_requested = False
            case.hearing_waived = False
            case.hearing = {}
            case._complete("penalty_notice", self.occurred_at)

        def step_record(self) -> StepRecord:
            return StepRecord(
                "penalty_notice",
                "penalty_notice_served",
                documents=(("penalty_notice", self.doc_no),),
                due_on=self.statement_due_on,
            )

    class StatementReceived(CaseEvent):
        form: str
        summary: str
        record_no: str | None

        def apply_to(self, case: CaseState) -> None:
            case._file("statement_record", self.record_no)
            case.statements.append(
                {"form": self.form, "received_on": local_day(self.occurred_at), "received_at": self.occurred_at}
            )
            case.statement_pending_review = True
            _defended(case)

    class StatementReviewed(CaseEvent):
        adopted: bool
        reason: str

        def apply_to(self, case: CaseState) -> None:
            case.statement_pending_review = False
            case._complete("statement_and_defence", self.occurred_at)

        def step_record(self) -> StepRecord:
            outcome = "adopted" if self.adopted else "not_adopted"
            return StepRecord("statement_and_defence", "statement_reviewed", outcome=outcome)

    class StatementWaived(CaseEvent):
        written: bool

        def apply_to(self, case: CaseState) -> None:
            case._complete("statement_and_defence", self.occurred_at)

        def step_record(self) -> StepRecord:
            return StepRecord("statement_and_defence", "statement_waived", outcome="waived")

    class HearingRightNotified(CaseEvent):
        doc_no: str
        request_due_on: date
        grounds: list[str]

        def apply_to(self, case: CaseState) -> None:
            case._file("hearing_right_notice", self.doc_no)
            case.hearing_notice = {"doc_no": self.doc_no, "request_due_on": self.request_due_on}
            case._complete("hearing_right_notice", self.occurred_at)

        def step_record(self) -> StepRecord:
            return StepRecord(
                "hearing_right_notice",
                "hearing_right_notified",
                documents=(("hearing_right_notice", self.doc_no),),
                due_on=self.request_due_on,
            )

    class HearingRequested(CaseEvent):
        def apply_to(self, case: CaseState) -> None:
            case.hearing_requested = True
            _defended(case)

    class HearingWaived(CaseEvent):
        written: bool

        def apply_to(self, case: CaseState) -> None:
            case.hearing_waived = True

        def step_record(self) -> StepRecord:
            return StepRecord("hearing", "hearing_waived", outcome="waived")

    class HearingScheduled(CaseEvent):
        notice_no: str
        hearing_at: datetime
        presider_id: UUID
        public: bool

        def apply_to(self, case: CaseState) -> None:
            case._file("hearing_notice", self.notice_no)
            case.hearing = {"hearing_at": self.hearing_at, "presider_id": self.presider_id, "public": self.public}

    class HearingHeld(CaseEvent):
        transcript_no: str
        report_no: str
        presider_id: UUID
        clips: list[dict[str, Any]]
        class_version = 2
        upcast_v1_v2 = staticmethod(upcast_without_clips)

        def apply_to(self, case: CaseState) -> None:
            case._file("hearing_transcript", self.transcript_no)
            case._file("hearing_report", self.report_no)
            case.hearing["held_on"] = local_day(self.occurred_at)
            case._complete("hearing", self.occurred_at)

        def step_record(self) -> StepRecord:
            return StepRecord(
                "hearing",
                "hearing_held",
                (self.presider_id,),
                documents=(("hearing_transcript", self.transcript_no), ("hearing_report", self.report_no)),
                outcome="held",
                clips=self.clips,
            )

    def serve_penalty_notice(
        self,
        *,
        doc_no: str,
        penalties: Sequence[Penalty],
        service_method: str,
        at: datetime,
        calendar: WorkingDayCalendar,
    ) -> None:
        self._ensure_undecided()
        # Serving a notice puts the case on the penalty path even when the report proposed none.
        self._ensure_step("penalty_notice", at, repeatable=True, assume=("penalty_path",))
        if self.defended_notice is not None and self.notice is not None:
            # 不得因当事人陈述、申辩而给予更重的处罚 (行政处罚法 1996 art. 32, 2021 art. 45): once the party
            # has stated, defended or asked for a hearing, a new notice may lighten the penalty, never
            # raise it again above the notice in force.
            excess = excess_over_notice(self.noticed_penalties(), penalties)
            if excess:
                raise PenaltyIncreasedAfterDefenceError(
                    "no heavier penalty may be proposed after the party stated and defended (行政处罚法 art. 45)",
                    notice_no=self.notice["doc_no"],
                    defended_notice_no=self.defended_notice["doc_no"],
                    excess=excess,
                )
        self.trigger_event(
            self.PenaltyNoticeServed,
            doc_no=doc_no,
            penalties=as_dicts(penalties),
            service_method=service_method,
            statement_due_on=due_after(local_day(at), self.rules.limit("statement"), calendar),
            occurred_at=at,
        )

    def receive_statement(self, *, form: str, summary: str, record_no: str | None, at: datetime) -> None:
        self._ensure_undecided()
        self._ensure_step("statement_and_defence", at, repeatable=True)
        if form == "oral" and not record_no:
            raise OralStatementUnrecordedError("an oral statement must be recorded in writing (笔录)")
        self.trigger_event(self.StatementReceived, form=form, summary=summary, record_no=record_no, occurred_at=at)

    def review_statement(self, *, adopted: bool, reason: str, at: datetime) -> None:
        self._ensure_undecided()
        if not self.statement_pending_review:
            raise StatementNotPendingError("no statement of the party awaits review")
        self._ensure_after_filing(at)
        received_at: datetime = self.statements[-1]["received_at"]
        if at < received_at:
            raise OccurredBeforeError(
                "a statement is re-examined after it was received",
                at=at.isoformat(),
                received_at=received_at.isoformat(),
            )
        self.trigger_event(self.StatementReviewed, adopted=adopted, reason=reason, occurred_at=at)

    def waive_statement(self, *, written: bool, at: datetime) -> None:
        self._ensure_undecided()
        self._ensure_step("statement_and_defence", at)
        self.trigger_event(self.StatementWaived, written=written, occurred_at=at)

    def notify_hearing_right(self, *, doc_no: str, at: datetime, calendar: WorkingDayCalendar) -> None:
        self._ensure_undecided()
        self._ensure_step("hearing_right_notice", at)
        self.trigger_event(
            self.HearingRightNotified,
            doc_no=doc_no,
            request_due_on=due_after(local_day(at), self.rules.limit("hearing_request"), calendar),
            grounds=self.hearing_grounds(),
            occurred_at=at,
        )

    def request_hearing(self, *, at: datetime) -> None:
        self._ensure_hearing_open(at)
        assert self.hearing_notice is not None
        if local_day(at) > self.hearing_notice["request_due_on"]:
            raise HearingRequestTooLateError(
                "the request came after the period the notice gave",
                request_due_on=self.hearing_notice["request_due_on"].isoformat(),
            )
        self.trigger_event(self.HearingRequested, occurred_at=at)

    def waive_hearing(self, *, written: bool, at: datetime) -> None:
        self._ensure_hearing_open(at)
        self.trigger_event(self.HearingWaived, written=written, occurred_at=at)

    def schedule_hearing(
        self,
        *,
        notice_no: str,
        hearing_at: datetime,
        presider_id: UUID,
        public: bool,
        at: datetime,
        calendar: WorkingDayCalendar,
    ) -> None:
        self._ensure_undecided()
        self._ensure_step("hearing", at)
        if not self.hearing_requested:
            raise HearingNotRequestedError("a hearing is held only when the party asks for one")
        self._ensure_presider(presider_id)
        earliest = due_after(local_day(at), self.rules.limit("hearing_notice"), calendar)
        if local_day(hearing_at) < earliest:
            raise HearingNoticeTooLateError(
                "the party must be notified of the hearing in time",
                notice_served_on=local_day(at).isoformat(),
                hearing_on=local_day(hearing_at).isoformat(),
                earliest_hearing_on=earliest.isoformat(),
            )
        self.trigger_event(
            self.HearingScheduled,
            notice_no=notice_no,
            hearing_at=hearing_at,
            presider_id=presider_id,
            public=public,
            occurred_at=at,
        )

    def hold_hearing(
        self, *, transcript_no: str, report_no: str, at: datetime, clips: Sequence[BodyCameraClip] = ()
    ) -> None:
        self._ensure_undecided()
        self._ensure_step("hearing", at)
        if "hearing_at" not in self.hearing:
            raise HearingNotScheduledError("the hearing must be scheduled and notified first")
        if at < self.hearing["hearing_at"]:
            # Held earlier than the party was told, the hearing would cut short the notice it is owed.
            raise HearingBeforeScheduledTimeError(
                "the hearing is held no earlier than the time the party was notified of",
                held_at=at.isoformat(),
                hearing_at=self.hearing["hearing_at"].isoformat(),
            )
        self.trigger_event(
            self.HearingHeld,
            transcript_no=transcript_no,
            report_no=report_no,
            presider_id=self.hearing["presider_id"],
            # The presider records the hearing; the investigators present the case at it (行政处罚法 art. 64).
            clips=checked_clips(
                clips,
                acting={self.hearing["presider_id"], *self.handling_officer_ids, *self.investigators},
                at=at,
            ),
            occurred_at=at,
        )

    def _ensure_hearing_open(self, at: datetime) -> None:
        self._ensure_undecided()
        self._ensure_after_filing(at)
        if self.hearing_notice is None:
            raise StepsMissingError(
                "steps of the procedure must be completed first (程序不漏项)",
                step="hearing",
                missing_steps=["hearing_right_notice"],
            )
        notified_at = self.completed["hearing_right_notice"]
        if at < notified_at:
            raise OccurredBeforeError(
                "the party answers the hearing notice after it was served",
                at=at.isoformat(),
                notified_at=notified_at.isoformat(),
            )
        if self.hearing_requested or self.hearing_waived:
            raise HearingAlreadyAnsweredError(
                "the party already answered the hearing notice",
                requested=self.hearing_requested,
                waived=self.hearing_waived,
            )

    def _ensure_presider(self, presider_id: UUID) -> None:
        # The hearing is presided by the legal-affairs unit, never by an investigator of the case.
        if presider_id in set(self.handling_officer_ids) | self.investigators:
            raise PresiderIsInvestigatorError(
                "the hearing presider must not be one of the case's investigators", presider_id=str(presider_id)
            )


def _defended(case: CaseState) -> None:
    """The party answered the notice in force (a statement, a defence, a hearing request): from then
    on a new notice may lower the penalty but never raise it."""
    assert case.notice is not None
    case.defended_notice = {"doc_no": case.notice["doc_no"], "penalties": list(case.notice["penalties"])}
