"""Public events of land expropriation and the farmland balance (shared.contracts.cases, land section)."""

from __future__ import annotations

from cases.domain.expropriation_project import ExpropriationProject
from cases.domain.expropriation_terms import THREE_NONE_TYPES, GrievanceCause
from cases.domain.farmland_balance import FarmlandBalanceYear
from cases.domain.land_time import bureau_date
from cases.integration.base import to_integration_event
from shared.contracts import IntegrationEvent
from shared.contracts.cases import (
    ExpropriationProjectApprovalAppliedV1,
    ExpropriationProjectGrievanceRegisteredV1,
    ExpropriationProjectGrievanceResolvedV1,
    ExpropriationProjectLandSuppliedV1,
    ExpropriationProjectRegisteredV1,
    ExpropriationProjectSubmittedToHigherGovernmentV1,
    FarmlandBalanceYearClosedV1,
)


@to_integration_event.register
def _(e: ExpropriationProject.Registered) -> IntegrationEvent:
    return ExpropriationProjectRegisteredV1(
        project_id=e.originator_id,
        name=e.name,
        county_code=e.county_code,
        handling_unit_id=e.handling_unit_id,
        year=e.year,
        area_mu=round(sum(p["area_mu"] for p in e.parcels), 2),
        cultivated_mu=round(sum(p["cultivated_mu"] for p in e.parcels), 2),
        basic_farmland_mu=round(sum(p["basic_farmland_mu"] for p in e.parcels), 2),
        households_total=e.households_total,
    )


@to_integration_event.register
def _(e: ExpropriationProject.SubmittedToHigherGovernment) -> IntegrationEvent:
    return ExpropriationProjectSubmittedToHigherGovernmentV1(
        project_id=e.originator_id, submitted_at=e.occurred_at, passed_checks=e.checks
    )


@to_integration_event.register
def _(e: ExpropriationProject.ApprovalApplied) -> IntegrationEvent:
    return ExpropriationProjectApprovalAppliedV1(
        project_id=e.originator_id,
        applied_at=e.occurred_at,
        passed_checks=e.checks,
        agreement_share=e.agreement_share,
        rule_version=e.rule_version,
    )


@to_integration_event.register
def _(e: ExpropriationProject.LandSupplied) -> IntegrationEvent:
    return ExpropriationProjectLandSuppliedV1(
        project_id=e.originator_id,
        parcel_id=e.parcel_id,
        mode=e.mode,
        supplied_at=e.occurred_at,
        passed_checks=e.checks,
    )


@to_integration_event.register
def _(e: ExpropriationProject.GrievanceRegistered) -> IntegrationEvent:
    return ExpropriationProjectGrievanceRegisteredV1(
        grievance_id=e.grievance_id,
        project_id=e.originator_id,
        handling_unit_id=e.handling_unit_id,
        type=e.grievance_type,
        cause=e.cause,
        filed_at=e.occurred_at,
        year=bureau_date(e.occurred_at).year,
        counts_for_three_none=e.cause == GrievanceCause.COMPENSATION and e.grievance_type in THREE_NONE_TYPES,
    )


@to_integration_event.register
def _(e: ExpropriationProject.GrievanceResolved) -> IntegrationEvent:
    return ExpropriationProjectGrievanceResolvedV1(
        grievance_id=e.grievance_id, project_id=e.originator_id, resolved_at=e.occurred_at, resolution=e.resolution
    )


@to_integration_event.register
def _(e: FarmlandBalanceYear.Closed) -> IntegrationEvent:
    return FarmlandBalanceYearClosedV1(
        county_code=e.county_code,
        year=e.year,
        occupied_cultivated_mu=e.occupied_cultivated_mu,
        supplemented_cultivated_mu=e.supplemented_cultivated_mu,
        basic_farmland_mu_start=e.basic_farmland_mu_start,
        basic_farmland_mu_end=e.basic_farmland_mu_end,
        balanced=e.balanced,
    )
