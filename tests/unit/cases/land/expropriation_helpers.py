"""Steps of an expropriation project, for tests that need one at a given stage."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from cases.application import Cases
from cases.domain.expropriation_terms import PlanZone, RiskLevel
from tests.unit.cases.land.conftest import at

PARCELS = [
    {"parcel_id": "P-1", "village": "城关村", "area_mu": 60.0, "cultivated_mu": 40.0, "basic_farmland_mu": 0.0},
    {"parcel_id": "P-2", "village": "城关村", "area_mu": 40.0, "cultivated_mu": 30.0, "basic_farmland_mu": 0.0},
]


def registered(cases: Cases, *, year: int = 2018, households: int = 2, unit: str = "SEC06") -> UUID:
    project = cases.register_expropriation_project(
        name="产业集聚区道路项目",
        purpose="道路建设",
        county_code="410322",
        handling_unit_id=unit,
        year=year,
        parcels=PARCELS,
        requesting_party="县交通运输局",
        households_total=households,
    )
    return project.id


def submitted(cases: Cases, project_id: UUID | None = None) -> UUID:
    project_id = project_id or registered(cases)
    cases.check_plan_conformity(
        project_id,
        plan_zone=PlanZone.ALLOWED,
        quota_available=True,
        basic_farmland_involved=False,
        state_council_key_project=False,
        offset_secured=True,
    )
    cases.submit_to_higher_government(project_id, submitted_at=at("2018-01-02", 9))
    return project_id


def prepared(cases: Cases, project_id: UUID | None = None, *, households: tuple[str, ...] = ("H-1", "H-2")) -> UUID:
    """Submitted, with every preparatory step of art. 47 done by mid-February 2018."""
    project_id = submitted(cases, project_id)
    cases.issue_expropriation_pre_notice(project_id, scope="城关村一组、二组", issued_at=at("2018-01-02"))
    cases.record_land_status_survey(project_id, survey_id="S-1", surveyed_at=at("2018-01-05"))
    cases.confirm_land_status(
        project_id, confirmed_by=["村委会", "H-1", "H-2"], disputed_items=[], confirmed_at=at("2018-01-08")
    )
    cases.assess_stability_risk(
        project_id, level=RiskLevel.LOW, measures=["入户宣讲"], passed=True, assessed_at=at("2018-01-09")
    )
    cases.announce_compensation_plan(
        project_id,
        ends_on=date(2018, 2, 10),
        standards={"land_yuan_per_mu": 45000.0},
        social_security_required_yuan=20000.0,
        announced_at=at("2018-01-10"),
    )
    cases.notify_expropriation_hearing_right(project_id, served_at=at("2018-01-22"))
    for household in households:
        cases.register_compensation_claim(
            project_id, household_id=household, items=["land", "crops"], registered_at=at("2018-02-01")
        )
        cases.sign_compensation_agreement(
            project_id, household_id=household, amount_yuan=150000.0, signed_at=at("2018-02-12")
        )
    return project_id
