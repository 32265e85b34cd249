"""Routes of a penalty case from the decision on: decision, publication, service, enforcement, the
decision clock, closure, archive, and challenges to the decision."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import Field

from cases.api.deps import CHALLENGES, COURT, HANDLERS, HEADS, READ, CasesDep
from cases.api.schemas import (
    Clips,
    DocNo,
    LongText,
    Mu,
    OfficerPresent,
    Penalties,
    Responsible,
    Team,
    Text,
    When,
    penalties,
    responsible,
    team,
)
from cases.api.views import SurchargeResponse, surcharge_view
from shared.web.authz import ZerenRoute
from shared.web.commands import CommandDep, CommandResult
from shared.web.query import IsoDate
from shared.web.requests import Request

router = APIRouter(tags=["cases"], route_class=ZerenRoute)

Category = Literal["authority", "facts_evidence", "legal_basis", "procedure", "documents", "discretion"]


class PenaltyDecisionRequest(Request):
    decision_no: DocNo = Field(description="行政处罚决定书 number")
    penalties: Annotated[Penalties, Field(min_length=1)]
    correction_order: Text | None = None
    approved_by: UUID = Field(description="the bureau head who approved the decision")
    decided_at: When = None


class NoPenaltyDecisionRequest(Request):
    decision_no: DocNo = Field(description="不予行政处罚决定书 number")
    reason: Literal["minor", "first_minor_corrected", "facts_not_established"]
    approved_by: UUID
    decided_at: When = None


class TransferRequest(Request):
    transfer_no: DocNo = Field(description="案件移送书 number")
    to: Literal["police", "procuratorate", "supervision_commission", "discipline_commission", "other_bureau"]
    reason: LongText
    approved_by: UUID
    transferred_at: When = None


class PublicationRequest(Request):
    channel: Text = "website"
    reference: Text
    published_at: When = None


class ServiceRequest(Request):
    receipt_no: DocNo | None = Field(
        default=None, description="送达回证 number; by post, another body or public notice it may follow later"
    )
    method: Literal["direct", "left", "entrusted", "postal", "public_notice"]
    recipient: Text
    officers: Annotated[list[OfficerPresent], Field(max_length=20)] = Field(
        default=[], description="the enforcement team, for service in person (direct or left)"
    )
    served_at: When = None
    clips: Clips = Field(default_factory=list)


class ServiceReceiptRequest(Request):
    receipt_no: DocNo = Field(description="送达回证 number")
    filed_at: When = None


class PaymentRequest(Request):
    amount_yuan: Annotated[int, Field(gt=0, le=10_000_000_000)]
    receipt_no: DocNo
    paid_at: When = None


class DemolitionRequest(Request):
    record_no: DocNo
    restored_area_mu: Mu
    officers: Team
    verified_at: When = None
    clips: Clips = Field(default_factory=list)


class PaymentDemandRequest(Request):
    doc_no: DocNo = Field(description="催告书 number")
    served_at: When = None


class CourtApplicationRequest(Request):
    doc_no: DocNo = Field(description="强制执行申请书 number")
    court: Text
    applied_at: When = None


class CourtDecisionRequest(Request):
    accepted: bool
    reason: LongText
    decided_at: When = None


class TerminationRequest(Request):
    reason: Literal["party_deceased", "organisation_dissolved", "no_enforceable_property", "decision_revoked", "other"]
    explanation: LongText
    terminated_at: When = None


class SuspensionRequest(Request):
    reason: Literal[
        "appraisal", "hearing", "commissioned_determination", "public_notice", "postal", "awaiting_criminal_decision"
    ]
    suspended_at: When = None


class ResumptionRequest(Request):
    resumed_at: When = None


class ExtensionRequest(Request):
    kind: Literal["standard", "special"] = "standard"
    days: Annotated[int, Field(gt=0, le=365)]
    approved_by: UUID
    reason: LongText
    approved_at: When = None


class ClosureRequest(Request):
    reason: Literal["transferred", "no_penalty", "executed", "court_accepted", "enforcement_terminated"]
    form_no: DocNo = Field(description="结案呈批表 number")
    approved_by: UUID
    closed_at: When = None


class ArchiveRequest(Request):
    archive_no: DocNo
    catalogue_no: DocNo = Field(description="卷内目录 number")
    volumes: Annotated[int, Field(ge=1, le=100)]
    pages: Annotated[int, Field(ge=1, le=100_000)]
    archived_at: When = None


class ChallengeRequest(Request):
    proceeding: Literal["reconsideration", "litigation"]
    body: Text = Field(description="the reconsideration organ or the court")
    reference: DocNo
    filed_at: When = None


class ChallengeDecisionRequest(Request):
    proceeding: Literal["reconsideration", "litigation"]
    reference: DocNo
    outcome: Literal["upheld", "revoked", "changed", "confirmed_illegal", "dismissed"]
    category: Category | None = Field(default=None, description="required when the decision is revoked or changed")
    description: LongText
    responsible: Responsible = Field(default_factory=list)
    decided_at: When = None
    penalties: Annotated[Penalties, Field(min_length=1)] | None = Field(
        default=None,
        description="the penalties a penalty decision now imposes: required when the outcome is changed, and"
        " only then; enforcement follows them",
    )


@router.post("/cases/{case_id}/decision/penalty", summary="Decide a penalty (行政处罚决定)", dependencies=HANDLERS)
def decide_penalty(case_id: UUID, body: PenaltyDecisionRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    fields = body.model_dump(exclude={"penalties"})
    return command.run(
        cases,
        lambda: cases.decide_penalty(
            case_id, penalties=penalties(body.penalties), expected_version=command.expected_version, **fields
        ),
    )


@router.post("/cases/{case_id}/decision/no-penalty", summary="Decide not to impose a penalty", dependencies=HANDLERS)
def decide_no_penalty(
    case_id: UUID, body: NoPenaltyDecisionRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases, lambda: cases.decide_no_penalty(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post("/cases/{case_id}/decision/transfer", summary="Transfer the case (案件移送)", dependencies=HANDLERS)
def transfer_case(case_id: UUID, body: TransferRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.transfer_case(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post(
    "/cases/{case_id}/publication", summary="Record the decision's publication (执法公示)", dependencies=HANDLERS
)
def publish_decision(case_id: UUID, body: PublicationRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.publish_decision(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post("/cases/{case_id}/service", summary="Record the decision's service (送达回证)", dependencies=HANDLERS)
def serve_decision(case_id: UUID, body: ServiceRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    fields = body.model_dump(exclude={"officers"})
    return command.run(
        cases,
        lambda: cases.serve_decision(
            case_id, officers=team(body.officers), expected_version=command.expected_version, **fields
        ),
    )


@router.post(
    "/cases/{case_id}/service-receipts", summary="File a service receipt that came back", dependencies=HANDLERS
)
def file_service_receipt(
    case_id: UUID, body: ServiceReceiptRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.file_service_receipt(case_id, expected_version=command.expected_version, **body.model_dump()),
    )


@router.post("/cases/{case_id}/payments", summary="Record a fine paid", dependencies=HANDLERS)
def record_payment(case_id: UUID, body: PaymentRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.record_payment(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.get(
    "/cases/{case_id}/late-payment-surcharge",
    summary="The late-payment surcharge (加处罚款) accrued on the case's fine by a day",
    dependencies=READ,
)
def late_payment_surcharge(
    case_id: UUID,
    cases: CasesDep,
    on: Annotated[IsoDate | None, Query(description="the day to compute it to, inclusive (default today)")] = None,
) -> SurchargeResponse:
    return surcharge_view(case_id, cases.late_payment_surcharge(case_id, on))


@router.post("/cases/{case_id}/demolition-verification", summary="Verify a demolition on site", dependencies=HANDLERS)
def verify_demolition(case_id: UUID, body: DemolitionRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    fields = body.model_dump(exclude={"officers"})
    return command.run(
        cases,
        lambda: cases.verify_demolition(
            case_id, officers=team(body.officers), expected_version=command.expected_version, **fields
        ),
    )


@router.post("/cases/{case_id}/payment-demand", summary="Serve a payment demand (催告书)", dependencies=HANDLERS)
def serve_payment_demand(
    case_id: UUID, body: PaymentDemandRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.serve_payment_demand(case_id, expected_version=command.expected_version, **body.model_dump()),
    )


@router.post(
    "/cases/{case_id}/court-enforcement-application", summary="Apply to the court for enforcement", dependencies=COURT
)
def apply_court_enforcement(
    case_id: UUID, body: CourtApplicationRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.apply_court_enforcement(case_id, expected_version=command.expected_version, **body.model_dump()),
    )


@router.post(
    "/cases/{case_id}/court-enforcement-decision",
    summary="Record the court's acceptance or refusal",
    dependencies=COURT,
)
def record_court_decision(
    case_id: UUID, body: CourtDecisionRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.record_court_decision(case_id, expected_version=command.expected_version, **body.model_dump()),
    )


@router.post("/cases/{case_id}/enforcement-termination", summary="Terminate enforcement", dependencies=HANDLERS)
def terminate_enforcement(
    case_id: UUID, body: TerminationRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.terminate_enforcement(case_id, expected_version=command.expected_version, **body.model_dump()),
    )


@router.post("/cases/{case_id}/clock-suspension", summary="Stop the decision clock", dependencies=HANDLERS)
def suspend_clock(case_id: UUID, body: SuspensionRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.suspend_case_clock(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post("/cases/{case_id}/clock-resumption", summary="Restart the decision clock", dependencies=HANDLERS)
def resume_clock(case_id: UUID, body: ResumptionRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.resume_case_clock(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post(
    "/cases/{case_id}/deadline-extensions",
    summary="Extend the decision deadline with the bureau head's approval",
    dependencies=HEADS,
)
def extend_deadline(case_id: UUID, body: ExtensionRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.extend_decision_deadline(case_id, expected_version=command.expected_version, **body.model_dump()),
    )


@router.post("/cases/{case_id}/closure", summary="Close the case (结案)", dependencies=HANDLERS)
def close_case(case_id: UUID, body: ClosureRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.close_case(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post("/cases/{case_id}/archive", summary="Archive the case file (立卷归档)", dependencies=HANDLERS)
def archive_case(case_id: UUID, body: ArchiveRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.archive_case(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post(
    "/cases/{case_id}/challenges",
    summary="Record a reconsideration or lawsuit against the decision",
    dependencies=CHALLENGES,
)
def file_challenge(case_id: UUID, body: ChallengeRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.file_challenge(case_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post(
    "/cases/{case_id}/challenge-decisions",
    summary="Record the outcome of a reconsideration or lawsuit; a revoked or changed decision is a wrongful case",
    dependencies=CHALLENGES,
)
def decide_challenge(
    case_id: UUID, body: ChallengeDecisionRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    fields = body.model_dump(exclude={"responsible", "penalties"})
    return command.run(
        cases,
        lambda: cases.decide_challenge(
            case_id,
            responsible=responsible(body.responsible),
            changed_penalties=penalties(body.penalties) if body.penalties is not None else None,
            expected_version=command.expected_version,
            **fields,
        ),
    )
