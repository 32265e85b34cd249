"""Routes of a penalty case up to the decision: investigation, report, reviews, notice, hearing."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter
from pydantic import AwareDatetime, Field

from cases.api.deps import COLLECTIVE, HANDLERS, LEGAL, REVIEWERS, CasesDep
from cases.api.schemas import (
    Clips,
    DocNo,
    IneffectiveStopOrderRequest,
    LongText,
    Mu,
    Penalties,
    StopOrderRequest,
    Team,
    Text,
    When,
    penalties,
    team,
)
from shared.web.authz import ZerenRoute
from shared.web.commands import CommandDep, CommandResult
from shared.web.requests import Request

router = APIRouter(tags=["cases"], route_class=ZerenRoute)


class InquiryRequest(Request):
    doc_no: DocNo = Field(description="询问笔录 number")
    officers: Team
    interviewee_role: Literal["party", "witness"]
    interviewee_name: Text
    started_at: AwareDatetime
    ended_at: AwareDatetime
    signed: bool
    clip_ids: Annotated[list[DocNo], Field(max_length=20)] = Field(
        default_factory=list, description="superseded by clips (kept for older clients)"
    )
    clips: Clips = Field(default_factory=list)


class SiteSurveyRequest(Request):
    doc_no: DocNo = Field(description="现场勘测笔录 number")
    officers: Team
    measured_area_mu: Mu
    cultivated_mu: Mu = 0.0
    basic_farmland_mu: Mu = 0.0
    surveyor_org: Text | None = None
    map_ref: Text | None = None
    surveyed_at: When = None
    clips: Clips = Field(default_factory=list)


class EvidenceRequest(Request):
    doc_no: DocNo
    officers: Team
    kind: Literal[
        "documentary",
        "physical",
        "audiovisual",
        "electronic",
        "testimony",
        "party_statement",
        "inquiry_record",
        "survey_record",
        "expert_opinion",
        "determination",
    ]
    original: bool
    description: LongText
    collected_at: When = None
    clips: Clips = Field(default_factory=list)


class RecusalRequest(Request):
    officer_id: UUID
    reason: LongText
    replaced_by: UUID | None = None
    recused_at: When = None


class ObstructionRequest(Request):
    description: LongText
    assistance_requested_from: Literal["police", "procuratorate", "supervision"] | None = None
    obstructed_at: When = None


class InvestigationReportRequest(Request):
    report_no: DocNo
    facts: LongText
    legal_basis: Annotated[list[Text], Field(min_length=1, max_length=20)]
    proposed_penalties: Penalties
    correction_order: Text | None = None
    discretion_level: Literal["minor", "ordinary", "serious"]
    is_major: bool = False
    is_complex: bool = False
    submitted_at: When = None


class ReviewChecklist(Request):
    filing_ok: bool
    party_ok: bool
    facts_evidence_ok: bool
    characterisation_ok: bool
    law_ok: bool
    procedure_ok: bool
    handling_ok: bool


class CaseReviewRequest(Request):
    reviewer_id: UUID
    opinion_no: DocNo = Field(description="案件审理意见书 number")
    checklist: ReviewChecklist
    outcome: Literal["approved", "supplement", "reinvestigate"]
    opinion: LongText
    reviewed_at: When = None


class CollectiveDiscussionRequest(Request):
    minutes_no: DocNo
    participant_ids: Annotated[list[UUID], Field(min_length=1, max_length=20)]
    resolution: LongText
    held_at: When = None


class LegalReviewRequest(Request):
    reviewer_id: UUID
    opinion_no: DocNo = Field(description="法制审核意见书 number")
    result: Literal["passed", "failed", "revise"]
    issues: Annotated[list[Text], Field(max_length=50)] = Field(default_factory=list)
    reviewed_at: When = None


class PenaltyNoticeRequest(Request):
    doc_no: DocNo = Field(description="行政处罚告知书 number")
    penalties: Annotated[Penalties, Field(min_length=1)]
    service_method: Literal["direct", "left", "entrusted", "postal", "public_notice"]
    served_at: When = None


class StatementRequest(Request):
    form: Literal["oral", "written"]
    summary: LongText
    record_no: DocNo | None = Field(default=None, description="陈述申辩笔录 number (required for an oral statement)")
    received_at: When = None


class StatementReviewRequest(Request):
    adopted: bool
    reason: LongText
    reviewed_at: When = None


class WaiverRequest(Request):
    written: bool = True
    waived_at: When = None


class HearingRightNoticeRequest(Request):
    doc_no: DocNo = Field(description="行政处罚听证告知书 number")
    served_at: When = None


class HearingRequestRequest(Request):
    requested_at: When = None


class HearingScheduleRequest(Request):
    notice_no: DocNo = Field(description="听证通知书 number")
    hearing_at: AwareDatetime
    presider_id: UUID
    public: bool = True
    notified_at: When = None


class HearingHeldRequest(Request):
    transcript_no: DocNo
    report_no: DocNo
    held_at: When = None
    clips: Clips = Field(default_factory=list)


@router.post("/cases/{case_id}/inquiries", summary="Record an inquiry (询问笔录)", dependencies=HANDLERS)
def record_inquiry(case_id: UUID, body: InquiryRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    fields = body.model_dump(exclude={"officers"})
    return command.run(
        cases,
        lambda: cases.record_inquiry(
            case_id, officers=team(body.officers), expected_version=command.expected_version, **fields
        ),
    )


@router.post("/cases/{case_id}/site-surveys", summary="Record a site survey (现场勘测笔录)", dependencies=HANDLERS)
def record_site_survey(case_id: UUID, body: SiteSurveyRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    fields = body.model_dump(exclude={"officers"})
    return command.run(
        cases,
        lambda: cases.record_site_survey(
            case_id, officers=team(body.officers), expected_version=command.expected_version, **fields
        ),
    )


@router.post("/cases/{case_id}/evidence", summary="Record evidence collected", dependencies=HANDLERS)
def collect_evidence(case_id: UUID, body: EvidenceRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    fields = body.model_dump(exclude={"officers"})
    return command.run(
        cases,
        lambda: cases.collect_evidence(
            case_id, officers=team(body.officers), expected_version=command.expected_version, **fields
        ),
    )


@router.post(
    "/cases/{case_id}/stop-orders",
    summary="Order a violation that goes on after filing to stop (制止)",
    dependencies=HANDLERS,
)
def issue_case_stop_order(case_id: UUID, body: StopOrderRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    fields = body.model_dump(exclude={"officers"})
    return command.run(
        cases,
        lambda: cases.issue_case_stop_order(
            case_id, officers=team(body.officers), expected_version=command.expected_version, **fields
        ),
    )


@router.post(
    "/cases/{case_id}/stop-order-ineffective-reports",
    summary="Report upward that a stop order served in the case did not work",
    dependencies=HANDLERS,
)
def report_case_stop_order_ineffective(
    case_id: UUID, body: IneffectiveStopOrderRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.report_case_stop_order_ineffective(
            case_id,
            reported_to=body.reported_to,
            reported_at=body.reported_at,
            expected_version=command.expected_version,
        ),
    )


@router.post("/cases/{case_id}/recusals", summary="Recuse an officer (回避)", dependencies=HANDLERS)
def recuse_officer(case_id: UUID, body: RecusalRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.recuse_officer(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post("/cases/{case_id}/obstructions", summary="Record an obstructed investigation", dependencies=HANDLERS)
def record_obstruction(case_id: UUID, body: ObstructionRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.record_obstruction(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post(
    "/cases/{case_id}/investigation-report", summary="Submit the investigation report (调查报告)", dependencies=HANDLERS
)
def submit_investigation_report(
    case_id: UUID, body: InvestigationReportRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    fields = body.model_dump(exclude={"proposed_penalties"})
    return command.run(
        cases,
        lambda: cases.submit_investigation_report(
            case_id,
            proposed_penalties=penalties(body.proposed_penalties),
            expected_version=command.expected_version,
            **fields,
        ),
    )


@router.post(
    "/cases/{case_id}/case-review", summary="Record the internal merits review (案件审理)", dependencies=REVIEWERS
)
def complete_case_review(case_id: UUID, body: CaseReviewRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.complete_case_review(case_id, expected_version=command.expected_version, **body.model_dump()),
    )


@router.post(
    "/cases/{case_id}/collective-discussion",
    summary="Record a collective discussion (集体讨论)",
    dependencies=COLLECTIVE,
)
def hold_collective_discussion(
    case_id: UUID, body: CollectiveDiscussionRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.hold_collective_discussion(
            case_id, expected_version=command.expected_version, **body.model_dump()
        ),
    )


@router.post("/cases/{case_id}/legal-review", summary="Record the legal review (法制审核)", dependencies=LEGAL)
def complete_legal_review(
    case_id: UUID, body: LegalReviewRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.complete_legal_review(case_id, expected_version=command.expected_version, **body.model_dump()),
    )


@router.post(
    "/cases/{case_id}/penalty-notice", summary="Serve the pre-decision notice (行政处罚告知书)", dependencies=HANDLERS
)
def serve_penalty_notice(
    case_id: UUID, body: PenaltyNoticeRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    fields = body.model_dump(exclude={"penalties"})
    return command.run(
        cases,
        lambda: cases.serve_penalty_notice(
            case_id, penalties=penalties(body.penalties), expected_version=command.expected_version, **fields
        ),
    )


@router.post("/cases/{case_id}/statements", summary="Record the party's statement or defence", dependencies=HANDLERS)
def receive_statement(case_id: UUID, body: StatementRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.receive_statement(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post("/cases/{case_id}/statement-review", summary="Re-examine the party's statement", dependencies=HANDLERS)
def review_statement(
    case_id: UUID, body: StatementReviewRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases, lambda: cases.review_statement(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post(
    "/cases/{case_id}/statement-waiver", summary="Record that the party waived its statement", dependencies=HANDLERS
)
def waive_statement(case_id: UUID, body: WaiverRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.waive_statement(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post(
    "/cases/{case_id}/hearing-right-notice",
    summary="Serve the hearing-right notice (听证告知书)",
    dependencies=HANDLERS,
)
def notify_hearing_right(
    case_id: UUID, body: HearingRightNoticeRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.notify_hearing_right(case_id, expected_version=command.expected_version, **body.model_dump()),
    )


@router.post(
    "/cases/{case_id}/hearing-request", summary="Record the party's request for a hearing", dependencies=HANDLERS
)
def request_hearing(case_id: UUID, body: HearingRequestRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.request_hearing(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post("/cases/{case_id}/hearing-waiver", summary="Record that the party waived a hearing", dependencies=HANDLERS)
def waive_hearing(case_id: UUID, body: WaiverRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.waive_hearing(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post(
    "/cases/{case_id}/hearing-schedule", summary="Schedule the hearing and notify the party", dependencies=LEGAL
)
def schedule_hearing(
    case_id: UUID, body: HearingScheduleRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases, lambda: cases.schedule_hearing(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post("/cases/{case_id}/hearing", summary="Record the hearing held (听证笔录, 听证报告)", dependencies=LEGAL)
def hold_hearing(case_id: UUID, body: HearingHeldRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.hold_hearing(case_id, expected_version=command.expected_version, **body.model_dump())
    )
