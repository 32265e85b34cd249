"""The "three none" counters (§7.2) on a known set of grievances, and the yearly farmland balance."""

from __future__ import annotations

import pytest

from cases.application import Cases
from cases.domain.expropriation_terms import FarmlandBalanceClosedError, GrievanceCause, GrievanceType
from shared.domain import InvalidInputError
from tests.unit.cases.land.conftest import at
from tests.unit.cases.land.expropriation_helpers import registered


def grievance(cases: Cases, project_id: object, kind: GrievanceType, cause: GrievanceCause, day: str) -> None:
    cases.register_grievance(
        project_id,  # type: ignore[arg-type]
        grievance_type=kind,
        cause=cause,
        party="村民",
        filed_at=at(day),
    )


def test_three_none_counts_grievances_caused_by_compensation_by_type_and_year(cases: Cases) -> None:
    road = registered(cases, year=2017)
    park = registered(cases, year=2018)
    quiet = registered(cases, year=2018)
    # Counted for 2018: road's petition (compensation, 2018) and litigation (compensation);
    # park's reconsideration (compensation). Not counted: an objection, a petition about procedure,
    # a petition of 2017.
    grievance(cases, road, GrievanceType.PETITION, GrievanceCause.COMPENSATION, "2018-01-20")
    grievance(cases, road, GrievanceType.LITIGATION, GrievanceCause.COMPENSATION, "2018-02-01")
    grievance(cases, road, GrievanceType.PETITION, GrievanceCause.COMPENSATION, "2017-12-31")
    grievance(cases, park, GrievanceType.RECONSIDERATION, GrievanceCause.COMPENSATION, "2018-02-10")
    grievance(cases, park, GrievanceType.OBJECTION, GrievanceCause.COMPENSATION, "2018-02-11")
    grievance(cases, park, GrievanceType.PETITION, GrievanceCause.PROCEDURE, "2018-02-12")

    county, projects = cases.three_none_counters(2018)
    assert (county.petition, county.reconsideration, county.litigation, county.met) == (1, 1, 1, False)
    by_project = {c.project_id: (c.petition, c.reconsideration, c.litigation) for c in projects}
    assert by_project == {road: (1, 0, 1), park: (0, 1, 0), quiet: (0, 0, 0)}

    county_2017, projects_2017 = cases.three_none_counters(2017)
    assert (county_2017.total, [c.project_id for c in projects_2017]) == (1, [road])


def test_a_year_with_no_compensation_grievance_meets_the_target(cases: Cases) -> None:
    registered(cases, year=2018)
    county, _ = cases.three_none_counters(2018)
    assert (county.total, county.met) == (0, True)


def test_the_farmland_balance_of_a_year_is_closed_once(cases: Cases) -> None:
    balance = cases.close_farmland_balance_year(
        county_code="410322",
        year=2017,
        occupied_cultivated_mu=1500.0,
        supplemented_cultivated_mu=1650.0,
        basic_farmland_mu_start=520000.0,
        basic_farmland_mu_end=520000.0,
    )
    assert (balance.balanced, balance.basic_farmland_kept) == (True, True)
    with pytest.raises(FarmlandBalanceClosedError):
        cases.close_farmland_balance_year(
            county_code="410322",
            year=2017,
            occupied_cultivated_mu=1.0,
            supplemented_cultivated_mu=1.0,
            basic_farmland_mu_start=1.0,
            basic_farmland_mu_end=1.0,
        )
    shrinking = cases.close_farmland_balance_year(
        county_code="410322",
        year=2016,
        occupied_cultivated_mu=1500.0,
        supplemented_cultivated_mu=1650.0,
        basic_farmland_mu_start=520000.0,
        basic_farmland_mu_end=519990.0,
    )
    assert (shrinking.balanced, shrinking.basic_farmland_kept) == (False, False)
    short = cases.close_farmland_balance_year(
        county_code="410322",
        year=2015,
        occupied_cultivated_mu=1500.0,
        supplemented_cultivated_mu=1499.99,
        basic_farmland_mu_start=1.0,
        basic_farmland_mu_end=1.0,
    )
    assert short.balanced is False
    with pytest.raises(InvalidInputError):
        cases.close_farmland_balance_year(
            county_code="410322",
            year=2014,
            occupied_cultivated_mu=-1.0,
            supplemented_cultivated_mu=1.0,
            basic_farmland_mu_start=1.0,
            basic_farmland_mu_end=1.0,
        )
