"""Routes of land expropriation behind the "three no" gates (§7), three-none counters, farmland balance."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status

from cases.api.expropriation_schemas import (
    AgreementRequest,
    ApprovalRequest,
    AtRequest,
    ClaimRequest,
    FarmlandBalanceRequest,
    FarmlandBalanceResponse,
    GatesResponse,
    GrievanceRequest,
    HandOverRequest,
    HearingRequest,
    MajorityObjectionRequest,
    PaymentRequest,
    PlanAnnouncementRequest,
    PlanConformityRequest,
    PreNoticeRequest,
    ProjectPage,
    ProjectResponse,
    RegisterProjectRequest,
    ResettlementRequest,
    ResolveGrievanceRequest,
    StabilityRiskRequest,
    SupplyRequest,
    SurveyConfirmationRequest,
    SurveyRequest,
    ThreeNoneYearResponse,
    balance_response,
    gate_response,
    project_response,
    three_none_response,
)
from cases.api.land_common import (
    CasesDep,
    CodePath,
    Cursor,
    HistoryEntryResponse,
    Limit,
    Year,
    YearPath,
    history_of,
    page,
    with_etag,
)
from cases.domain.land_time import bureau_today
from shared.web.authz import READERS, Role, ZerenRoute, allow
from shared.web.commands import CommandDep, CommandResult
from shared.web.query import IsoDate

router = APIRouter(tags=["expropriation"], route_class=ZerenRoute)
READ = [allow(*READERS)]
HANDLERS = [allow(Role.OFFICER, Role.UNIT_HEAD, Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]
GRIEVANCES = [allow(Role.OFFICER, Role.UNIT_HEAD, Role.LEGAL_AFFAIRS, Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]
GATED = [allow(Role.UNIT_HEAD, Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]
LEADERSHIP = [allow(Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]
BASE = "/expropriation-projects"
ONE = f"{BASE}/{{project_id}}"


@router.post(BASE, status_code=status.HTTP_201_CREATED, summary="Register a project", dependencies=HANDLERS)
def register(body: RegisterProjectRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    result = command.run(
        cases,
        lambda: cases.register_expropriation_project(
            name=body.name,
            purpose=body.purpose,
            county_code=body.county_code,
            handling_unit_id=body.handling_unit_id,
            year=body.year,
            parcels=[parcel.model_dump() for parcel in body.parcels],
            requesting_party=body.requesting_party,
            households_total=body.households_total,
        ),
    )
    command.response.headers["Location"] = f"{BASE}/{result.id}"
    return result


@router.get(BASE, summary="Projects, in registration order", dependencies=READ)
def list_projects(
    cases: CasesDep, year: Annotated[Year | None, Query()] = None, limit: Limit = 50, cursor: Cursor = None
) -> ProjectPage:
    projects = [p for p in cases.expropriation_projects() if year is None or p.year == year]
    chosen, next_cursor = page(projects, limit, cursor)
    return ProjectPage(projects=[project_response(p) for p in chosen], next_cursor=next_cursor)


@router.get(
    f"{BASE}/three-none",
    summary='The "three none" counters of a year: grievances caused by compensation, by type (target 0)',
    dependencies=READ,
)
def three_none(cases: CasesDep, year: Annotated[Year, Query()]) -> ThreeNoneYearResponse:
    county, projects = cases.three_none_counters(year)
    return ThreeNoneYearResponse(
        year=year, county=three_none_response(county), projects=[three_none_response(c) for c in projects]
    )


@router.get(ONE, summary="A project as of now", dependencies=READ)
def get_project(project_id: UUID, cases: CasesDep, response: Response) -> ProjectResponse:
    project = cases.expropriation_project(project_id)
    with_etag(response, project.version)
    return project_response(project)


@router.get(f"{ONE}/gates", summary="The three gates and every failing check, on a day", dependencies=READ)
def get_gates(
    project_id: UUID, cases: CasesDep, on: Annotated[IsoDate | None, Query(description="default: today")] = None
) -> GatesResponse:
    day = on or bureau_today()
    evaluations = cases.expropriation_gates(cases.expropriation_project(project_id), day)
    return GatesResponse(project_id=project_id, on=day, gates=[gate_response(g) for g in evaluations])


@router.get(f"{ONE}/history", summary="Every recorded event of a project", dependencies=READ)
def project_history(project_id: UUID, cases: CasesDep) -> list[HistoryEntryResponse]:
    cases.expropriation_project(project_id)
    return history_of(cases.stored_events(project_id))


@router.post(f"{ONE}/plan-conformity-checks", summary="Check conformity with the plan", dependencies=HANDLERS)
def plan_check(project_id: UUID, body: PlanConformityRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.check_plan_conformity(
            project_id,
            plan_zone=body.plan_zone,
            quota_available=body.quota_available,
            basic_farmland_involved=body.basic_farmland_involved,
            state_council_key_project=body.state_council_key_project,
            offset_secured=body.offset_secured,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{ONE}/pre-notice", summary="Issue the preliminary notice", dependencies=HANDLERS)
def pre_notice(project_id: UUID, body: PreNoticeRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.issue_expropriation_pre_notice(
            project_id, scope=body.scope, issued_at=body.issued_at, expected_version=command.expected_version
        ),
    )


@router.post(f"{ONE}/land-status-survey", summary="Survey the land status", dependencies=HANDLERS)
def survey(project_id: UUID, body: SurveyRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.record_land_status_survey(
            project_id,
            survey_id=body.survey_id,
            surveyed_at=body.surveyed_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{ONE}/land-status-confirmation", summary="The parties confirmed the survey", dependencies=HANDLERS)
def confirm(project_id: UUID, body: SurveyConfirmationRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.confirm_land_status(
            project_id,
            confirmed_by=body.confirmed_by,
            disputed_items=body.disputed_items,
            confirmed_at=body.confirmed_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{ONE}/stability-risk-assessment", summary="Social-stability risk assessed", dependencies=HANDLERS)
def stability(project_id: UUID, body: StabilityRiskRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.assess_stability_risk(
            project_id,
            level=body.level,
            measures=body.measures,
            passed=body.passed,
            assessed_at=body.assessed_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{ONE}/hearing-right-notice", summary="Notify the right to a hearing", dependencies=HANDLERS)
def hearing_notice(project_id: UUID, body: AtRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.notify_expropriation_hearing_right(
            project_id, served_at=body.at, expected_version=command.expected_version
        ),
    )


@router.post(f"{ONE}/hearing-request", summary="A hearing was requested", dependencies=HANDLERS)
def hearing_request(project_id: UUID, body: AtRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.request_expropriation_hearing(
            project_id, requested_at=body.at, expected_version=command.expected_version
        ),
    )


@router.post(f"{ONE}/hearing", summary="The hearing was held", dependencies=HANDLERS)
def hearing(project_id: UUID, body: HearingRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.hold_expropriation_hearing(
            project_id, report_id=body.report_id, held_at=body.held_at, expected_version=command.expected_version
        ),
    )


@router.post(f"{ONE}/compensation-plan-announcement", summary="Announce the compensation plan", dependencies=HANDLERS)
def announce_plan(
    project_id: UUID, body: PlanAnnouncementRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.announce_compensation_plan(
            project_id,
            ends_on=body.ends_on,
            standards=body.standards,
            social_security_required_yuan=body.social_security_required_yuan,
            announced_at=body.announced_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{ONE}/majority-objection", summary="Members objecting to the plan", dependencies=HANDLERS)
def objection(project_id: UUID, body: MajorityObjectionRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.record_majority_objection(
            project_id,
            objecting_members=body.objecting_members,
            total_members=body.total_members,
            objected_at=body.objected_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{ONE}/compensation-claims", summary="Register a household's claim", dependencies=HANDLERS)
def claim(project_id: UUID, body: ClaimRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.register_compensation_claim(
            project_id,
            household_id=body.household_id,
            items=body.items,
            registered_at=body.registered_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{ONE}/compensation-agreements", summary="A household signed its agreement", dependencies=HANDLERS)
def agreement(project_id: UUID, body: AgreementRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.sign_compensation_agreement(
            project_id,
            household_id=body.household_id,
            amount_yuan=body.amount_yuan,
            signed_at=body.signed_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{ONE}/grievances", summary="A petition, objection, reconsideration or lawsuit", dependencies=GRIEVANCES)
def grievance(project_id: UUID, body: GrievanceRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.register_grievance(
            project_id,
            grievance_type=body.type,
            cause=body.cause,
            party=body.party,
            filed_at=body.filed_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{ONE}/grievances/{{grievance_id}}/resolution", summary="Resolve a grievance", dependencies=GRIEVANCES)
def resolve(
    project_id: UUID, grievance_id: UUID, body: ResolveGrievanceRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.resolve_grievance(
            project_id,
            grievance_id,
            resolution=body.resolution,
            resolved_at=body.resolved_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{ONE}/submission", summary="Submit upward (gate 不上报: plan conformity)", dependencies=GATED)
def submit(project_id: UUID, body: AtRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.submit_to_higher_government(
            project_id, submitted_at=body.at, expected_version=command.expected_version
        ),
    )


@router.post(
    f"{ONE}/approval-application",
    summary="Apply for approval (gate 不报批: residents' problems resolved)",
    dependencies=GATED,
)
def apply(project_id: UUID, body: AtRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.apply_for_expropriation_approval(
            project_id, applied_at=body.at, expected_version=command.expected_version
        ),
    )


@router.post(f"{ONE}/approval", summary="The expropriation was approved", dependencies=GATED)
def approve(project_id: UUID, body: ApprovalRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.record_expropriation_approval(
            project_id,
            approval_no=body.approval_no,
            approver_level=body.approver_level,
            approved_at=body.approved_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{ONE}/announcement", summary="The approved expropriation was announced", dependencies=HANDLERS)
def announce(project_id: UUID, body: AtRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.announce_expropriation(
            project_id, announced_at=body.at, expected_version=command.expected_version
        ),
    )


@router.post(f"{ONE}/compensation-payments", summary="Compensation paid", dependencies=HANDLERS)
def pay(project_id: UUID, body: PaymentRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.pay_compensation(
            project_id,
            payee_id=body.payee_id,
            item=body.item,
            amount_yuan=body.amount_yuan,
            paid_at=body.paid_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{ONE}/resettlements", summary="Resettlement arranged for a household", dependencies=HANDLERS)
def resettle(project_id: UUID, body: ResettlementRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.arrange_resettlement(
            project_id,
            household_id=body.household_id,
            kind=body.kind,
            resettled_at=body.resettled_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{ONE}/land-handovers", summary="A parcel was handed over", dependencies=HANDLERS)
def hand_over(project_id: UUID, body: HandOverRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.hand_over_land(
            project_id,
            parcel_id=body.parcel_id,
            disputed=body.disputed,
            handed_over_at=body.handed_over_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    f"{ONE}/land-supplies", summary="Supply a parcel (gate 不供地: compensation fulfilled)", dependencies=GATED
)
def supply(project_id: UUID, body: SupplyRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.supply_land(
            project_id,
            parcel_id=body.parcel_id,
            mode=body.mode,
            supplied_at=body.supplied_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/farmland-balance/{county_code}/{year}",
    status_code=status.HTTP_201_CREATED,
    summary="Close the year's farmland balance (占补平衡)",
    dependencies=LEADERSHIP,
)
def close_balance(
    body: FarmlandBalanceRequest, cases: CasesDep, command: CommandDep, county_code: CodePath, year: YearPath
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.close_farmland_balance_year(
            county_code=county_code,
            year=year,
            occupied_cultivated_mu=body.occupied_cultivated_mu,
            supplemented_cultivated_mu=body.supplemented_cultivated_mu,
            basic_farmland_mu_start=body.basic_farmland_mu_start,
            basic_farmland_mu_end=body.basic_farmland_mu_end,
        ),
    )


@router.get("/farmland-balance/{county_code}/{year}", summary="A year's farmland balance", dependencies=READ)
def get_balance(cases: CasesDep, county_code: CodePath, year: YearPath) -> FarmlandBalanceResponse:
    return balance_response(cases.farmland_balance(county_code, year))
