"""Step 3 and 4: investigation records (inquiries, site surveys, evidence), recusal, obstruction, and
the investigation report. Every record of the investigation needs an enforcement team."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from cases.domain.enforcers import CheckedTeam
from cases.domain.errors import RuleConflictError
from cases.domain.penalties import Penalty, as_dicts
from cases.domain.penalty_case.base import CaseEvent, CaseState, StepRecord
from cases.domain.penalty_case.review import ReviewerIsInvestigatorError
from cases.domain.recording import BodyCameraClip, checked_clips, upcast_without_clips
from shared.domain import InvalidInputError

INVESTIGATION_DOCUMENTS = ("inquiry_record", "site_survey_record")
DISCRETION_LEVELS = ("minor", "ordinary", "serious")


class NotAnInvestigatorError(RuleConflictError):
    code = "not_an_investigator"


class InvestigationRecord(CaseEvent):
    """A record taken by an enforcement team during the investigation."""

    doc_no: str
    officer_ids: list[UUID]
    certificate_nos: list[str]
    clips: list[dict[str, Any]]
    document_kind = "evidence_record"
    record_name = "record"
    class_version = 2
    upcast_v1_v2 = staticmethod(upcast_without_clips)

    def apply_to(self, case: CaseState) -> None:
        case._file(self.document_kind, self.doc_no)
        case.investigators.update(self.officer_ids)
        if case.awaiting_supplement or all(kind in case.documents for kind in INVESTIGATION_DOCUMENTS):
            case.awaiting_supplement = False
            case.completed.setdefault("investigation", self.occurred_at)

    def step_record(self) -> StepRecord:
        return StepRecord(
            "investigation",
            self.record_name,
            self.officer_ids,
            self.certificate_nos,
            ((self.document_kind, self.doc_no),),
            clips=self.clips,
        )


class Investigation(CaseState):
    class InquiryRecorded(InvestigationRecord):
        interviewee_role: str
        interviewee_name: str
        started_at: datetime
        ended_at: datetime
        signed: bool
        clip_ids: list[str]
        document_kind = "inquiry_record"
        record_name = "inquiry_recorded"

    class SiteSurveyRecorded(InvestigationRecord):
        measured_area_mu: float
        cultivated_mu: float
        basic_farmland_mu: float
        surveyor_org: str | None
        map_ref: str | None
        document_kind = "site_survey_record"
        record_name = "site_survey_recorded"

    class EvidenceCollected(InvestigationRecord):
        kind: str
        original: bool
        description: str
        document_kind = "evidence_record"
        record_name = "evidence_collected"

    class OfficerRecused(CaseEvent):
        officer_id: UUID
        reason: str
        replaced_by: UUID | None

        def apply_to(self, case: CaseState) -> None:
            case.recused.add(self.officer_id)
            case.handling_officer_ids = [o for o in case.handling_officer_ids if o != self.officer_id]
            if self.replaced_by is not None:
                case.handling_officer_ids.append(self.replaced_by)

    class InvestigationObstructed(CaseEvent):
        description: str
        assistance_requested_from: str | None

        def step_record(self) -> StepRecord:
            return StepRecord("investigation", "investigation_obstructed", outcome=self.assistance_requested_from)

    class InvestigationReportSubmitted(CaseEvent):
        report_no: str
        facts: str
        legal_basis: list[str]
        proposed_penalties: list[dict[str, Any]]
        correction_order: str | None
        discretion_level: str
        is_major: bool
        is_complex: bool

        def apply_to(self, case: CaseState) -> None:
            case._file("investigation_report", self.report_no)
            case.report = {
                "report_no": self.report_no,
                "legal_basis": self.legal_basis,
                "proposed_penalties": self.proposed_penalties,
                "correction_order": self.correction_order,
                "discretion_level": self.discretion_level,
                "is_major": self.is_major,
                "is_complex": self.is_complex,
            }
            case._complete("investigation_report", self.occurred_at)

        def step_record(self) -> StepRecord:
            return StepRecord(
                "investigation_report",
                "investigation_report_submitted",
                documents=(("investigation_report", self.report_no),),
            )

    def record_inquiry(
        self,
        *,
        doc_no: str,
        team: CheckedTeam,
        interviewee_role: str,
        interviewee_name: str,
        started_at: datetime,
        ended_at: datetime,
        signed: bool,
        clip_ids: Sequence[str],
        clips: Sequence[BodyCameraClip] = (),
    ) -> None:
        if ended_at < started_at:
            raise InvalidInputError("an inquiry cannot end before it starts", field="ended_at")
        self._ensure_investigating(ended_at, team)
        self.trigger_event(
            self.InquiryRecorded,
            doc_no=doc_no,
            officer_ids=team.officer_ids,
            certificate_nos=team.certificate_nos,
            interviewee_role=interviewee_role,
            interviewee_name=interviewee_name,
            started_at=started_at,
            ended_at=ended_at,
            signed=signed,
            clip_ids=list(clip_ids),
            clips=checked_clips(clips, acting=team.officer_ids, at=ended_at),
            occurred_at=ended_at,
        )

    def record_site_survey(
        self,
        *,
        doc_no: str,
        team: CheckedTeam,
        measured_area_mu: float,
        cultivated_mu: float,
        basic_farmland_mu: float,
        surveyor_org: str | None,
        map_ref: str | None,
        at: datetime,
        clips: Sequence[BodyCameraClip] = (),
    ) -> None:
        self._ensure_investigating(at, team)
        self.trigger_event(
            self.SiteSurveyRecorded,
            doc_no=doc_no,
            officer_ids=team.officer_ids,
            certificate_nos=team.certificate_nos,
            measured_area_mu=measured_area_mu,
            cultivated_mu=cultivated_mu,
            basic_farmland_mu=basic_farmland_mu,
            surveyor_org=surveyor_org,
            map_ref=map_ref,
            clips=checked_clips(clips, acting=team.officer_ids, at=at),
            occurred_at=at,
        )

    def collect_evidence(
        self,
        *,
        doc_no: str,
        team: CheckedTeam,
        kind: str,
        original: bool,
        description: str,
        at: datetime,
        clips: Sequence[BodyCameraClip] = (),
    ) -> None:
        self._ensure_investigating(at, team)
        self.trigger_event(
            self.EvidenceCollected,
            doc_no=doc_no,
            officer_ids=team.officer_ids,
            certificate_nos=team.certificate_nos,
            kind=kind,
            original=original,
            description=description,
            clips=checked_clips(clips, acting=team.officer_ids, at=at),
            occurred_at=at,
        )

    def recuse_officer(self, *, officer_id: UUID, reason: str, replaced_by: UUID | None, at: datetime) -> None:
        self._ensure_undecided()
        self._ensure_after_filing(at)
        if officer_id not in set(self.handling_officer_ids) | self.investigators:
            raise NotAnInvestigatorError("only an officer handling the case can be recused", officer_id=str(officer_id))
        if replaced_by is not None:
            self._ensure_not_reviewer([replaced_by])
        self.trigger_event(
            self.OfficerRecused, officer_id=officer_id, reason=reason, replaced_by=replaced_by, occurred_at=at
        )

    def record_obstruction(self, *, description: str, assistance_requested_from: str | None, at: datetime) -> None:
        self._ensure_undecided()
        self._ensure_after_filing(at)
        self.trigger_event(
            self.InvestigationObstructed,
            description=description,
            assistance_requested_from=assistance_requested_from,
            occurred_at=at,
        )

    def submit_investigation_report(
        self,
        *,
        report_no: str,
        facts: str,
        legal_basis: Sequence[str],
        proposed_penalties: Sequence[Penalty],
        correction_order: str | None,
        discretion_level: str,
        is_major: bool,
        is_complex: bool,
        at: datetime,
    ) -> None:
        self._ensure_undecided()
        self._ensure_step("investigation_report", at)
        self.trigger_event(
            self.InvestigationReportSubmitted,
            report_no=report_no,
            facts=facts,
            legal_basis=list(legal_basis),
            proposed_penalties=as_dicts(proposed_penalties),
            correction_order=correction_order,
            discretion_level=discretion_level,
            is_major=is_major,
            is_complex=is_complex,
            occurred_at=at,
        )

    def _ensure_investigating(self, at: datetime, team: CheckedTeam) -> None:
        self._ensure_undecided()
        self._ensure_step("investigation", at, repeatable=True)
        self._ensure_not_recused(team.officer_ids)
        self._ensure_not_reviewer(team.officer_ids)

    def _ensure_not_reviewer(self, officer_ids: Sequence[UUID]) -> None:
        # The reviewers must not be investigators (DOMAIN §1.4.2): whoever reviewed the case stays out
        # of its investigation, as an investigator is kept out of its review.
        reviewers = sorted(str(o) for o in officer_ids if o in self.case_reviewers | self.legal_reviewers)
        if reviewers:
            raise ReviewerIsInvestigatorError(
                "an officer who reviewed the case cannot take part in its investigation", officer_ids=reviewers
            )
