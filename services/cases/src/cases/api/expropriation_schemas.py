"""Request and response bodies of the expropriation and farmland-balance routes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, Field

from cases.api.land_common import Area, Body, Code, Codes, LongText, Money, MoneyOrZero, Text, Texts, Year
from cases.domain.expropriation_gates import GateEvaluation
from cases.domain.expropriation_project import ExpropriationProject
from cases.domain.expropriation_terms import (
    ApproverLevel,
    GrievanceCause,
    GrievanceType,
    PaymentItem,
    PlanZone,
    ResettlementKind,
    RiskLevel,
    SupplyMode,
)
from cases.domain.farmland_balance import FarmlandBalanceYear
from cases.domain.three_none import ThreeNoneCount


class Parcel(Body):
    parcel_id: Code
    village: Text
    area_mu: Area
    cultivated_mu: Area
    basic_farmland_mu: Area


class RegisterProjectRequest(Body):
    name: Text
    purpose: Text
    county_code: Code = Field(examples=["410322"])
    handling_unit_id: Code = Field(examples=["SEC06"])
    year: Year
    parcels: Annotated[list[Parcel], Field(min_length=1, max_length=200)]
    requesting_party: Text
    households_total: Annotated[int, Field(ge=0, le=100_000)]


class PlanConformityRequest(Body):
    plan_zone: PlanZone
    quota_available: bool
    basic_farmland_involved: bool
    state_council_key_project: bool = False
    offset_secured: bool


class PreNoticeRequest(Body):
    scope: Text
    issued_at: datetime | None = None


class SurveyRequest(Body):
    survey_id: Code
    surveyed_at: datetime | None = None


class SurveyConfirmationRequest(Body):
    confirmed_by: Annotated[list[Text], Field(min_length=1, max_length=500)]
    disputed_items: Texts = Field(default_factory=list)
    confirmed_at: datetime | None = None


class StabilityRiskRequest(Body):
    level: RiskLevel
    measures: Texts = Field(default_factory=list)
    passed: bool
    assessed_at: datetime | None = None


class AtRequest(Body):
    at: datetime | None = Field(default=None, description="business time; default now")


class HearingRequest(Body):
    report_id: Code
    held_at: datetime | None = None


class PlanAnnouncementRequest(Body):
    ends_on: date
    standards: Annotated[dict[Code, MoneyOrZero], Field(max_length=50)] = Field(default_factory=dict)
    social_security_required_yuan: MoneyOrZero = 0.0
    announced_at: datetime | None = None


class MajorityObjectionRequest(Body):
    objecting_members: Annotated[int, Field(ge=0, le=1_000_000)]
    total_members: Annotated[int, Field(ge=1, le=1_000_000)]
    objected_at: datetime | None = None


class ClaimRequest(Body):
    household_id: Code
    items: Codes = Field(default_factory=list)
    registered_at: datetime | None = None


class AgreementRequest(Body):
    household_id: Code
    amount_yuan: Money
    signed_at: datetime | None = None


class GrievanceRequest(Body):
    type: GrievanceType
    cause: GrievanceCause
    party: Text
    filed_at: datetime | None = None


class ResolveGrievanceRequest(Body):
    resolution: LongText
    resolved_at: datetime | None = None


class ApprovalRequest(Body):
    approval_no: Text
    approver_level: ApproverLevel
    approved_at: datetime | None = None


class PaymentRequest(Body):
    payee_id: Code
    item: PaymentItem
    amount_yuan: Money
    paid_at: datetime | None = None


class ResettlementRequest(Body):
    household_id: Code
    kind: ResettlementKind
    resettled_at: datetime | None = None


class HandOverRequest(Body):
    parcel_id: Code
    disputed: bool = False
    handed_over_at: datetime | None = None


class SupplyRequest(Body):
    parcel_id: Code
    mode: SupplyMode
    supplied_at: datetime | None = None


class FarmlandBalanceRequest(Body):
    occupied_cultivated_mu: Area
    supplemented_cultivated_mu: Area
    basic_farmland_mu_start: Area
    basic_farmland_mu_end: Area


class GrievanceResponse(BaseModel):
    grievance_id: UUID
    type: str
    cause: str
    party: str
    filed_at: datetime
    resolved_at: datetime | None
    resolution: str | None


class ProjectResponse(BaseModel):
    id: UUID
    version: int
    name: str
    purpose: str
    county_code: str
    handling_unit_id: str
    year: int
    parcels: list[dict[str, Any]]
    households_total: int
    agreements_signed: int
    grievances: list[GrievanceResponse]
    submitted_at: datetime | None
    applied_at: datetime | None
    approval_no: str | None
    approved_at: datetime | None
    supplied: dict[str, str]


class ProjectPage(BaseModel):
    projects: list[ProjectResponse]
    next_cursor: str | None


class GateResponse(BaseModel):
    gate: str
    passed: bool
    failed_checks: list[str]
    checks: dict[str, bool]
    details: dict[str, Any]


class GatesResponse(BaseModel):
    project_id: UUID
    on: date
    gates: list[GateResponse]


class ThreeNoneResponse(BaseModel):
    project_id: UUID | None
    petition: int
    reconsideration: int
    litigation: int
    total: int
    met: bool


class ThreeNoneYearResponse(BaseModel):
    year: int
    county: ThreeNoneResponse
    projects: list[ThreeNoneResponse]


class FarmlandBalanceResponse(BaseModel):
    county_code: str
    year: int
    occupied_cultivated_mu: float
    supplemented_cultivated_mu: float
    basic_farmland_mu_start: float
    basic_farmland_mu_end: float
    balanced: bool
    basic_farmland_kept: bool


def project_response(project: ExpropriationProject) -> ProjectResponse:
    return ProjectResponse(
        id=project.id,
        version=project.version,
        name=project.name,
        purpose=project.purpose,
        county_code=project.county_code,
        handling_unit_id=project.handling_unit_id,
        year=project.year,
        parcels=list(project.parcels.values()),
        households_total=project.households_total,
        agreements_signed=len(project.agreements),
        grievances=[
            GrievanceResponse(
                grievance_id=g.grievance_id,
                type=g.grievance_type,
                cause=g.cause,
                party=g.party,
                filed_at=g.filed_at,
                resolved_at=g.resolved_at,
                resolution=g.resolution,
            )
            for g in project.grievances.values()
        ],
        submitted_at=project.submitted_at,
        applied_at=project.applied_at,
        approval_no=project.approval_no,
        approved_at=project.approved_at,
        supplied=project.supplied,
    )


def gate_response(gate: GateEvaluation) -> GateResponse:
    return GateResponse(
        gate=gate.gate.value,
        passed=gate.passed,
        failed_checks=gate.failed_checks,
        checks=gate.checks,
        details=gate.details,
    )


def three_none_response(count: ThreeNoneCount) -> ThreeNoneResponse:
    return ThreeNoneResponse(
        project_id=count.project_id,
        petition=count.petition,
        reconsideration=count.reconsideration,
        litigation=count.litigation,
        total=count.total,
        met=count.met,
    )


def balance_response(balance: FarmlandBalanceYear) -> FarmlandBalanceResponse:
    return FarmlandBalanceResponse(
        county_code=balance.county_code,
        year=balance.year,
        occupied_cultivated_mu=balance.occupied_cultivated_mu,
        supplemented_cultivated_mu=balance.supplemented_cultivated_mu,
        basic_farmland_mu_start=balance.basic_farmland_mu_start,
        basic_farmland_mu_end=balance.basic_farmland_mu_end,
        balanced=balance.balanced,
        basic_farmland_kept=balance.basic_farmland_kept,
    )
