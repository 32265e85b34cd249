"""Step 10 and 11: closure (结案), refused until every mandatory document of the path taken is on
file (DOMAIN §1.4 invariant 6), and archiving (立卷归档)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from cases.domain.errors import DocumentsMissingError, RuleConflictError, StepAlreadyCompletedError
from cases.domain.penalty_case.base import CaseEvent, CaseState
from cases.domain.timing import due_after, local_day
from shared.domain.calendar import WorkingDayCalendar

CLOSURE_REASONS = ("transferred", "no_penalty", "executed", "court_accepted", "enforcement_terminated")


class ClosureReasonMismatchError(RuleConflictError):
    code = "closure_reason_mismatch"


def closure_reasons(case: CaseState) -> list[str]:
    """The reasons for closing that the path taken supports."""
    reasons = []
    if case.outcome == "transferred":
        reasons.append("transferred")
    if case.outcome == "no_penalty":
        reasons.append("no_penalty")
    if case.outcome == "penalty":
        court = case.enforcement["court"] or {}
        if not case.holds("obligations_remain") or case.performed():
            reasons.append("executed")
        if court.get("outcome") == "accepted":
            reasons.append("court_accepted")
        if court.get("outcome") == "rejected" or case.enforcement.get("terminated"):
            reasons.append("enforcement_terminated")
    return reasons


class Closure(CaseState):
    class CaseClosed(CaseEvent):
        reason: str
        form_no: str
        approved_by: UUID
        archive_due_on: date

        def apply_to(self, case: CaseState) -> None:
            case._file("closure_approval_form", self.form_no)
            case.approvers.add(self.approved_by)
            case.closure = {
                "reason": self.reason,
                "closed_on": local_day(self.occurred_at),
                "approved_by": self.approved_by,
                "archive_due_on": self.archive_due_on,
            }
            case._complete("case_closure", self.occurred_at)

    class CaseArchived(CaseEvent):
        archive_no: str
        catalogue_no: str
        volumes: int
        pages: int
        due_on: date
        on_time: bool

        def apply_to(self, case: CaseState) -> None:
            case._file("case_file_catalogue", self.catalogue_no)
            case.archive = {
                "archive_no": self.archive_no,
                "archived_on": local_day(self.occurred_at),
                "volumes": self.volumes,
                "pages": self.pages,
            }
            case._complete("archiving", self.occurred_at)

    def close(
        self, *, reason: str, form_no: str, approved_by: UUID, at: datetime, calendar: WorkingDayCalendar
    ) -> None:
        self._ensure_open()
        self._ensure_step("case_closure", at)
        supported = closure_reasons(self)
        if reason not in supported:
            raise ClosureReasonMismatchError(
                "the reason for closing does not match the path the case took", reason=reason, supported=supported
            )
        on_file = set(self.documents) | {"closure_approval_form"}
        missing = self.template.missing_documents(on_file, self.holds, through="case_closure")
        if missing:
            raise DocumentsMissingError(
                "the case cannot close until every mandatory document of its path is on file",
                missing_documents=[
                    {
                        "kind": d.kind,
                        "form_no": d.form_no,
                        "title": d.title,
                        "step": self.template.document_step(d.kind).code,
                    }
                    for d in missing
                ],
            )
        self.trigger_event(
            self.CaseClosed,
            reason=reason,
            form_no=form_no,
            approved_by=approved_by,
            archive_due_on=due_after(local_day(at), self.rules.limit("archiving"), calendar),
            occurred_at=at,
        )

    def archive_file(self, *, archive_no: str, catalogue_no: str, volumes: int, pages: int, at: datetime) -> None:
        if self.archive is not None:
            raise StepAlreadyCompletedError("the case file was already archived", step="archiving")
        self._ensure_step("archiving", at)
        assert self.closure is not None
        due = self.closure["archive_due_on"]
        self.trigger_event(
            self.CaseArchived,
            archive_no=archive_no,
            catalogue_no=catalogue_no,
            volumes=volumes,
            pages=pages,
            due_on=due,
            on_time=local_day(at) <= due,
            occurred_at=at,
        )
