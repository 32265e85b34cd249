"""Commands of a penalty case up to the pre-decision notice and hearing: investigation records, the
report, the reviews, the notice, the party's statement and the hearing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from cases.commands.base import CasesBase
from cases.domain.enforcers import TeamMember
from cases.domain.penalties import Penalty
from cases.domain.penalty_case import PenaltyCase
from cases.domain.recording import BodyCameraClip, clips_of
from cases.domain.timing import business_time, local_day


class CaseStepCommands(CasesBase):
    def on_case(
        self,
        case_id: UUID,
        expected_version: int | None,
        act: Callable[[PenaltyCase], None],
        recorded: RecordedAct | None = None,
    ) -> PenaltyCase:
        """Load a case the caller may act on, apply one command, save once (with the clips of an act
        recorded on camera, so a clip is taken by one act only)."""
        case = self.case(case_id, expected_version)
        act(case)
        if recorded is None:
            self.save(case)
            return case
        clips = self.clip_records(
            recorded.clips, act_kind="case", act_id=case.id, record=recorded.record, at=recorded.at
        )
        self.save(case, *clips)
        return case


@dataclass(frozen=True)
class RecordedAct:
    """The clips that recorded an act on site, and the act's record name and time."""

    record: str
    at: datetime
    clips: Sequence[BodyCameraClip]

    @classmethod
    def of(cls, record: str, at: datetime, clips: Sequence[Mapping[str, Any]]) -> RecordedAct | None:
        return cls(record, at, clips_of(clips)) if clips else None


class CaseInvestigationCommands(CaseStepCommands):
    def record_inquiry(
        self,
        case_id: UUID,
        *,
        doc_no: str,
        officers: Sequence[TeamMember],
        interviewee_role: str,
        interviewee_name: str,
        started_at: datetime,
        ended_at: datetime,
        signed: bool,
        clip_ids: Sequence[str] = (),
        clips: Sequence[Mapping[str, Any]] = (),
        expected_version: int | None = None,
    ) -> PenaltyCase:
        end = business_time(ended_at, field="ended_at")
        recorded = RecordedAct.of("inquiry_recorded", end, clips)

        def act(case: PenaltyCase) -> None:
            case.record_inquiry(
                doc_no=doc_no,
                team=self.team(officers, end, case.rules.enforcement_officers_min),
                interviewee_role=interviewee_role,
                interviewee_name=interviewee_name,
                started_at=started_at,
                ended_at=end,
                signed=signed,
                clip_ids=clip_ids,
                clips=recorded.clips if recorded else (),
            )

        return self.on_case(case_id, expected_version, act, recorded)

    def record_site_survey(
        self,
        case_id: UUID,
        *,
        doc_no: str,
        officers: Sequence[TeamMember],
        measured_area_mu: float,
        cultivated_mu: float,
        basic_farmland_mu: float,
        surveyor_org: str | None,
        map_ref: str | None,
        surveyed_at: datetime | None,
        clips: Sequence[Mapping[str, Any]] = (),
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(surveyed_at, field="surveyed_at")
        recorded = RecordedAct.of("site_survey_recorded", at, clips)

        def act(case: PenaltyCase) -> None:
            case.record_site_survey(
                doc_no=doc_no,
                team=self.team(officers, at, case.rules.enforcement_officers_min),
                measured_area_mu=measured_area_mu,
                cultivated_mu=cultivated_mu,
                basic_farmland_mu=basic_farmland_mu,
                surveyor_org=surveyor_org,
                map_ref=map_ref,
                at=at,
                clips=recorded.clips if recorded else (),
            )

        return self.on_case(case_id, expected_version, act, recorded)

    def issue_case_stop_order(
        self,
        case_id: UUID,
        *,
        doc_no: str,
        correction_order_no: str | None,
        party: str,
        officers: Sequence[TeamMember],
        issued_at: datetime | None,
        clips: Sequence[Mapping[str, Any]] = (),
        expected_version: int | None = None,
    ) -> PenaltyCase:
        """A violation that goes on after filing ordered to stop, by a team as on site."""
        at = business_time(issued_at, field="issued_at")
        recorded = RecordedAct.of("stop_order_issued", at, clips)

        def act(case: PenaltyCase) -> None:
            case.issue_stop_order(
                doc_no=doc_no,
                correction_order_no=correction_order_no,
                party=party,
                team=self.team(officers, at, case.rules.enforcement_officers_min),
                at=at,
                clips=recorded.clips if recorded else (),
            )

        return self.on_case(case_id, expected_version, act, recorded)

    def report_case_stop_order_ineffective(
        self,
        case_id: UUID,
        *,
        reported_to: Sequence[str],
        reported_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(reported_at, field="reported_at")
        return self.on_case(
            case_id, expected_version, lambda case: case.report_stop_order_ineffective(reported_to=reported_to, at=at)
        )

    def collect_evidence(
        self,
        case_id: UUID,
        *,
        doc_no: str,
        officers: Sequence[TeamMember],
        kind: str,
        original: bool,
        description: str,
        collected_at: datetime | None,
        clips: Sequence[Mapping[str, Any]] = (),
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(collected_at, field="collected_at")
        recorded = RecordedAct.of("evidence_collected", at, clips)

        def act(case: PenaltyCase) -> None:
            team = self.team(officers, at, case.rules.enforcement_officers_min)
            case.collect_evidence(
                doc_no=doc_no,
                team=team,
                kind=kind,
                original=original,
                description=description,
                at=at,
                clips=recorded.clips if recorded else (),
            )

        return self.on_case(case_id, expected_version, act, recorded)

    def recuse_officer(
        self,
        case_id: UUID,
        *,
        officer_id: UUID,
        reason: str,
        replaced_by: UUID | None,
        recused_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(recused_at, field="recused_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.recuse_officer(officer_id=officer_id, reason=reason, replaced_by=replaced_by, at=at),
        )

    def record_obstruction(
        self,
        case_id: UUID,
        *,
        description: str,
        assistance_requested_from: str | None,
        obstructed_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(obstructed_at, field="obstructed_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.record_obstruction(
                description=description, assistance_requested_from=assistance_requested_from, at=at
            ),
        )

    def submit_investigation_report(
        self,
        case_id: UUID,
        *,
        report_no: str,
        facts: str,
        legal_basis: Sequence[str],
        proposed_penalties: Sequence[Penalty],
        correction_order: str | None,
        discretion_level: str,
        is_major: bool,
        is_complex: bool,
        submitted_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(submitted_at, field="submitted_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.submit_investigation_report(
                report_no=report_no,
                facts=facts,
                legal_basis=legal_basis,
                proposed_penalties=proposed_penalties,
                correction_order=correction_order,
                discretion_level=discretion_level,
                is_major=is_major,
                is_complex=is_complex,
                at=at,
            ),
        )

    def complete_case_review(
        self,
        case_id: UUID,
        *,
        reviewer_id: UUID,
        opinion_no: str,
        checklist: Mapping[str, bool],
        outcome: str,
        opinion: str,
        reviewed_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(reviewed_at, field="reviewed_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.complete_case_review(
                reviewer_id=reviewer_id,
                opinion_no=opinion_no,
                checklist=checklist,
                outcome=outcome,
                opinion=opinion,
                at=at,
            ),
        )

    def hold_collective_discussion(
        self,
        case_id: UUID,
        *,
        minutes_no: str,
        participant_ids: Sequence[UUID],
        resolution: str,
        held_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(held_at, field="held_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.hold_collective_discussion(
                minutes_no=minutes_no, participant_ids=participant_ids, resolution=resolution, at=at
            ),
        )

    def complete_legal_review(
        self,
        case_id: UUID,
        *,
        reviewer_id: UUID,
        opinion_no: str,
        result: str,
        issues: Sequence[str],
        reviewed_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(reviewed_at, field="reviewed_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.complete_legal_review(
                reviewer_id=reviewer_id, opinion_no=opinion_no, result=result, issues=issues, at=at
            ),
        )

    def serve_penalty_notice(
        self,
        case_id: UUID,
        *,
        doc_no: str,
        penalties: Sequence[Penalty],
        service_method: str,
        served_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(served_at, field="served_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.serve_penalty_notice(
                doc_no=doc_no,
                penalties=penalties,
                service_method=service_method,
                at=at,
                calendar=self.working_calendar(local_day(at)),
            ),
        )

    def receive_statement(
        self,
        case_id: UUID,
        *,
        form: str,
        summary: str,
        record_no: str | None,
        received_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(received_at, field="received_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.receive_statement(form=form, summary=summary, record_no=record_no, at=at),
        )

    def review_statement(
        self,
        case_id: UUID,
        *,
        adopted: bool,
        reason: str,
        reviewed_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(reviewed_at, field="reviewed_at")
        return self.on_case(
            case_id, expected_version, lambda case: case.review_statement(adopted=adopted, reason=reason, at=at)
        )

    def waive_statement(
        self, case_id: UUID, *, written: bool, waived_at: datetime | None, expected_version: int | None = None
    ) -> PenaltyCase:
        at = business_time(waived_at, field="waived_at")
        return self.on_case(case_id, expected_version, lambda case: case.waive_statement(written=written, at=at))

    def notify_hearing_right(
        self, case_id: UUID, *, doc_no: str, served_at: datetime | None, expected_version: int | None = None
    ) -> PenaltyCase:
        at = business_time(served_at, field="served_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.notify_hearing_right(doc_no=doc_no, at=at, calendar=self.working_calendar(local_day(at))),
        )

    def request_hearing(
        self, case_id: UUID, *, requested_at: datetime | None, expected_version: int | None = None
    ) -> PenaltyCase:
        at = business_time(requested_at, field="requested_at")
        return self.on_case(case_id, expected_version, lambda case: case.request_hearing(at=at))

    def waive_hearing(
        self, case_id: UUID, *, written: bool, waived_at: datetime | None, expected_version: int | None = None
    ) -> PenaltyCase:
        at = business_time(waived_at, field="waived_at")
        return self.on_case(case_id, expected_version, lambda case: case.waive_hearing(written=written, at=at))

    def schedule_hearing(
        self,
        case_id: UUID,
        *,
        notice_no: str,
        hearing_at: datetime,
        presider_id: UUID,
        public: bool,
        notified_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(notified_at, field="notified_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.schedule_hearing(
                notice_no=notice_no,
                hearing_at=hearing_at,
                presider_id=presider_id,
                public=public,
                at=at,
                calendar=self.working_calendar(local_day(at)),
            ),
        )

    def hold_hearing(
        self,
        case_id: UUID,
        *,
        transcript_no: str,
        report_no: str,
        held_at: datetime | None,
        clips: Sequence[Mapping[str, Any]] = (),
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(held_at, field="held_at")
        recorded = RecordedAct.of("hearing_held", at, clips)
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.hold_hearing(
                transcript_no=transcript_no, report_no=report_no, at=at, clips=recorded.clips if recorded else ()
            ),
            recorded,
        )
