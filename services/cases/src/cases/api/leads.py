"""Routes of violation leads: intake, verification, referral, stop orders, reports, and filing."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, Field

from cases.api.deps import HANDLERS, READ, SUPERIOR_LETTERS, CasesDep, InvalidCursorError, PoolDep, listed_unit
from cases.api.schemas import (
    Clips,
    Code,
    DocNo,
    HistoryEntryResponse,
    IneffectiveStopOrderRequest,
    LongText,
    Mu,
    Recipients,
    StopOrderRequest,
    Team,
    Text,
    When,
    team,
)
from cases.api.views import LeadResponse, lead_view
from cases.readmodel.procedure_index import list_leads
from shared.history import history
from shared.web.authz import ZerenRoute
from shared.web.commands import CommandDep, CommandResult
from shared.web.identity import CurrentIdentity
from shared.web.requests import Request

router = APIRouter(tags=["leads"], route_class=ZerenRoute)

Source = Literal[
    "patrol", "satellite_patch", "public_report", "hotline_12336", "dept_referral", "superior_assignment", "media"
]


class Location(Request):
    township_code: Code | None = None
    village: Text | None = None
    address: Text | None = None
    lng: Annotated[float, Field(ge=-180, le=180)] | None = None
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None


class Reporter(Request):
    name: Text | None = None
    phone: Annotated[str, Field(max_length=32)] | None = None
    confidential: bool = False


class RegisterLeadRequest(Request):
    register_no: DocNo = Field(examples=["孟国土线〔2018〕001号"])
    source: Source
    unit_id: Code = Field(examples=["STN03"])
    received_at: When = None
    location: Location
    description: LongText
    reporter: Reporter | None = None
    satellite_patch_id: Code | None = None
    proposed_disposal: Text = "verify on site"


class AssignVerificationRequest(Request):
    officer_ids: Annotated[list[UUID], Field(min_length=1, max_length=20)]
    unit_id: Code | None = Field(default=None, description="hand the lead to another unit (default: keep)")


class VerifyLeadRequest(Request):
    outcome: Literal["violation_confirmed", "no_violation", "not_our_jurisdiction", "duplicate"]
    record_no: DocNo = Field(description="number of the site-check record (现场核查记录)")
    officers: Team
    verified_at: When = None
    land_class: Text | None = None
    area_mu: Mu = 0.0
    cultivated_mu: Mu = 0.0
    basic_farmland_mu: Mu = 0.0
    plan_conformity: Literal["conforming", "nonconforming", "unknown"] = "unknown"
    approvals_found: Annotated[list[Text], Field(max_length=50)] = Field(default_factory=list)
    photo_count: Annotated[int, Field(ge=0, le=10_000)] = 0
    violation_ongoing: bool = False
    large_scale_destruction: bool = False
    illegal_approval_over_threshold: bool = False
    duplicate_of: UUID | None = None
    clips: Clips = Field(default_factory=list)


class ReferLeadRequest(Request):
    to_agency: Text
    reason: LongText
    letter_no: DocNo
    referred_at: When = None


class TakeoverRequest(Request):
    superior: Text = Field(examples=["洛阳市国土资源局"])
    reason: Literal["should_have_filed", "complex", "major_impact"] = Field(
        description="should_have_filed: the bureau should have filed and did not (an accountability trigger)"
    )
    letter_no: DocNo = Field(description="the superior's letter taking the lead over")
    taken_over_at: When = None


class MajorViolationReportRequest(Request):
    report_no: DocNo
    reported_to: Recipients
    reported_at: When = None


class Party(Request):
    type: Literal["person", "organisation"]
    name: Text
    id_no: Annotated[str, Field(max_length=64)] | None = None


class FilingConditions(Request):
    identified_party: bool
    violation_fact: bool
    liability: bool
    jurisdiction: bool
    within_limitation: bool


class FileCaseRequest(Request):
    case_no: DocNo = Field(examples=["孟国土资罚〔2018〕012号"])
    filing_form_no: DocNo = Field(description="立案呈批表 number")
    unit_id: Code | None = Field(default=None, description="the handling unit (default: the lead's)")
    party: Party
    cause: Text
    facts_summary: LongText
    violation_type: Literal[
        "illegal_occupation",
        "illegal_transfer",
        "farmland_destruction",
        "illegal_mining",
        "refuse_return_land",
        "illegal_approval",
        "surveying_mapping",
        "geo_hazard",
    ]
    conditions: FilingConditions
    handling_officer_ids: Annotated[list[UUID], Field(min_length=1, max_length=10)]
    approved_by: UUID = Field(description="the responsible leader who approved the filing")
    filed_at: When = None


class DeclineFilingRequest(Request):
    reason: Literal["minor_corrected", "condition_unmet", "limitation_expired"]
    unmet_conditions: Annotated[
        list[Literal["identified_party", "violation_fact", "liability", "jurisdiction", "within_limitation"]],
        Field(max_length=5),
    ] = Field(default_factory=list)
    approved_by: UUID
    explanation: LongText
    decided_at: When = None


@router.post(
    "/leads", status_code=status.HTTP_201_CREATED, summary="Register a violation lead (违法线索)", dependencies=HANDLERS
)
def register_lead(body: RegisterLeadRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    result = command.run(
        cases,
        lambda: cases.register_lead(
            register_no=body.register_no,
            source=body.source,
            unit_id=body.unit_id,
            received_at=body.received_at,
            location=body.location.model_dump(exclude_none=True),
            description=body.description,
            reporter=body.reporter.model_dump() if body.reporter else None,
            satellite_patch_id=body.satellite_patch_id,
            proposed_disposal=body.proposed_disposal,
        ),
    )
    command.response.headers["Location"] = f"/leads/{result.id}"
    return result


class LeadListItem(BaseModel):
    lead_id: UUID
    register_no: str
    unit_id: str
    source: str
    received_at: datetime
    outcome: str | None
    settlement: str | None
    case_id: UUID | None
    breaches: list[str]


class LeadList(BaseModel):
    items: list[LeadListItem]
    next_cursor: str | None


@router.get("/leads", summary="A unit's leads, newest first (a read model: it may lag)", dependencies=READ)
async def get_leads(
    *,
    pool: PoolDep,
    identity: CurrentIdentity,
    unit_id: Annotated[str | None, Query(max_length=64)] = None,
    open_only: Annotated[bool, Query(alias="open", description="only leads not yet settled")] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> LeadList:
    try:
        page = await list_leads(
            pool, unit_id=listed_unit(identity, unit_id), open_only=open_only, limit=limit, cursor=cursor
        )
    except ValueError:
        raise InvalidCursorError("the cursor is not one this list gave out", cursor=cursor) from None
    return LeadList(items=[LeadListItem.model_validate(row) for row in page.items], next_cursor=page.next_cursor)


@router.get("/leads/{lead_id}", summary="A lead as of now", dependencies=READ)
def get_lead(lead_id: UUID, cases: CasesDep, response: Response) -> LeadResponse:
    lead = cases.get_lead(lead_id)
    response.headers["ETag"] = f'"{lead.version}"'
    return lead_view(lead)


@router.get("/leads/{lead_id}/history", summary="Every recorded event of a lead, oldest first", dependencies=READ)
def lead_history(lead_id: UUID, cases: CasesDep) -> list[HistoryEntryResponse]:
    return [HistoryEntryResponse.model_validate(entry) for entry in history(cases.lead_history(lead_id))]


@router.post(
    "/leads/{lead_id}/verification-assignment", summary="Assign the verification of a lead", dependencies=HANDLERS
)
def assign_verification(
    lead_id: UUID, body: AssignVerificationRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.assign_lead_verification(
            lead_id, officer_ids=body.officer_ids, unit_id=body.unit_id, expected_version=command.expected_version
        ),
    )


@router.post("/leads/{lead_id}/verification", summary="Record the verification on site (核查)", dependencies=HANDLERS)
def verify_lead(lead_id: UUID, body: VerifyLeadRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    fields = body.model_dump(exclude={"officers"})
    return command.run(
        cases,
        lambda: cases.verify_lead(
            lead_id, officers=team(body.officers), expected_version=command.expected_version, **fields
        ),
    )


@router.post("/leads/{lead_id}/referral", summary="Refer a lead to the competent agency", dependencies=HANDLERS)
def refer_lead(lead_id: UUID, body: ReferLeadRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.refer_lead(lead_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post(
    "/leads/{lead_id}/takeover",
    summary="Record that the superior bureau took the lead over (上提管辖)",
    dependencies=SUPERIOR_LETTERS,
)
def take_over_lead(lead_id: UUID, body: TakeoverRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.take_over_lead(lead_id, expected_version=command.expected_version, **body.model_dump())
    )


@router.post("/leads/{lead_id}/stop-orders", summary="Order an ongoing violation to stop (制止)", dependencies=HANDLERS)
def issue_stop_order(lead_id: UUID, body: StopOrderRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    fields = body.model_dump(exclude={"officers"})
    return command.run(
        cases,
        lambda: cases.issue_stop_order(
            lead_id, officers=team(body.officers), expected_version=command.expected_version, **fields
        ),
    )


@router.post(
    "/leads/{lead_id}/stop-order-ineffective-reports",
    summary="Report upward that a stop order did not work",
    dependencies=HANDLERS,
)
def report_ineffective_stop_order(
    lead_id: UUID, body: IneffectiveStopOrderRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.report_stop_order_ineffective(
            lead_id,
            reported_to=body.reported_to,
            reported_at=body.reported_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/leads/{lead_id}/major-violation-report",
    summary="Report a major violation to the county government and the higher bureau",
    dependencies=HANDLERS,
)
def report_major_violation(
    lead_id: UUID, body: MajorViolationReportRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.report_major_violation(
            lead_id,
            report_no=body.report_no,
            reported_to=body.reported_to,
            reported_at=body.reported_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/leads/{lead_id}/filing",
    status_code=status.HTTP_201_CREATED,
    summary="File a penalty case from a verified lead (立案); answers the new case",
    dependencies=HANDLERS,
)
def file_case(lead_id: UUID, body: FileCaseRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    result = command.run(
        cases,
        lambda: cases.file_case(
            lead_id,
            case_no=body.case_no,
            filing_form_no=body.filing_form_no,
            unit_id=body.unit_id,
            party=body.party.model_dump(),
            cause=body.cause,
            facts_summary=body.facts_summary,
            violation_type=body.violation_type,
            conditions=body.conditions.model_dump(),
            handling_officer_ids=body.handling_officer_ids,
            approved_by=body.approved_by,
            filed_at=body.filed_at,
            expected_version=command.expected_version,
        ),
    )
    command.response.headers["Location"] = f"/cases/{result.id}"
    return result


@router.post(
    "/leads/{lead_id}/non-filing", summary="Record, with approval, that a case is not filed", dependencies=HANDLERS
)
def decline_filing(lead_id: UUID, body: DeclineFilingRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases, lambda: cases.decline_filing(lead_id, expected_version=command.expected_version, **body.model_dump())
    )
