"""The late-payment surcharge of a penalty case: the fine falls due 15 days from service (moved off a
day off), the surcharge runs while the party challenges the decision, and there is none on a decision
not served, imposing no fine, or revoked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cases.domain.penalties import Penalty
from cases.domain.penalty_case.decision import NotServedError
from cases.domain.penalty_case.enforcement import DecisionRevokedError, NoFineDecidedError
from tests.unit.cases.procedure.support import World, acting, at, decided_case, serve


def test_the_fine_falls_due_fifteen_days_after_service_and_a_payment_stops_the_surcharge(world: World) -> None:
    case_id = decided_case(world)  # fine 4,000 yuan and a demolition order
    serve(world, case_id, day="2018-03-27")
    late = world.cases.late_payment_surcharge(case_id, date(2018, 4, 21))
    assert (late.due_on, late.days_late, late.surcharge_yuan) == (date(2018, 4, 11), 10, Decimal("1200.00"))
    world.cases.record_payment(case_id, amount_yuan=4_000, receipt_no="FK-1", paid_at=at("2018-04-16"))
    paid = world.cases.late_payment_surcharge(case_id, date(2018, 6, 1))
    assert (paid.paid_in_full_on, paid.days_late, paid.surcharge_yuan) == (date(2018, 4, 16), 5, Decimal("600.00"))


def test_a_due_day_in_the_national_day_holiday_moves_to_the_next_working_day(world: World) -> None:
    case_id = decided_case(world)
    serve(world, case_id, day="2018-09-16")  # + 15 days = 1 October
    late = world.cases.late_payment_surcharge(case_id, date(2018, 10, 8))
    assert (late.due_on, late.days_late) == (date(2018, 10, 8), 0)


def test_no_surcharge_before_service_nor_without_a_fine(world: World) -> None:
    case_id = decided_case(world)
    with pytest.raises(NotServedError):
        world.cases.late_payment_surcharge(case_id, date(2018, 5, 1))
    demolition_only = decided_case(world, "MJ-2018-002", penalties=[Penalty("demolish_within", None, 660.0)])
    serve(world, demolition_only)
    with pytest.raises(NoFineDecidedError) as none:
        world.cases.late_payment_surcharge(demolition_only, date(2018, 5, 1))
    assert none.value.status == 409
    world.cases.serve_payment_demand(demolition_only, doc_no="CG-2", served_at=at("2018-05-02"))
    assert world.cases.get_case(demolition_only).enforcement["demand"]["amount_due"] is None  # no money owed


def test_the_surcharge_runs_during_a_challenge_and_none_is_owed_once_the_decision_is_revoked(world: World) -> None:
    case_id = decided_case(world)
    serve(world, case_id, day="2018-03-27")
    with acting(role="legal_affairs", unit=None):
        world.cases.file_challenge(
            case_id, proceeding="reconsideration", body="孟津县人民政府", reference="FY-1", filed_at=at("2018-04-10")
        )
    assert world.cases.late_payment_surcharge(case_id, date(2018, 4, 13)).surcharge_yuan == Decimal("240.00")
    with acting(role="legal_affairs", unit=None):
        world.cases.decide_challenge(
            case_id,
            proceeding="reconsideration",
            reference="FY-1",
            outcome="revoked",
            category="facts_evidence",
            description="main facts unclear",
            responsible=[{"officer_id": world.a, "role": "handler"}],
            decided_at=at("2018-05-15"),
        )
    with pytest.raises(DecisionRevokedError):
        world.cases.late_payment_surcharge(case_id, date(2018, 5, 20))
    version = world.cases.get_case(case_id).version
    with pytest.raises(DecisionRevokedError):  # nothing is demanded on a decision revoked
        world.cases.serve_payment_demand(case_id, doc_no="CG-1", served_at=at("2018-05-21"))
    assert world.cases.get_case(case_id).version == version


def test_money_confiscated_carries_no_surcharge_but_the_demand_states_it(world: World) -> None:
    case_id = decided_case(world, penalties=[Penalty("fine", 4_000), Penalty("confiscate_gains", 2_000)])
    serve(world, case_id, day="2018-03-27")
    late = world.cases.late_payment_surcharge(case_id, date(2018, 4, 12))
    assert (late.fine_yuan, late.surcharge_yuan) == (4_000, Decimal("120.00"))  # 3% of the fine, not of 6,000
    world.cases.serve_payment_demand(case_id, doc_no="CG-1", served_at=at("2018-04-12"))
    assert world.cases.get_case(case_id).enforcement["demand"]["amount_due"] == {
        "as_of": "2018-04-12",
        "outstanding_yuan": 6_000,
        "surcharge_yuan": "120.00",
    }
    confiscation_only = decided_case(world, "MJ-2018-003", penalties=[Penalty("confiscate_gains", 2_000)])
    serve(world, confiscation_only)
    with pytest.raises(NoFineDecidedError):
        world.cases.late_payment_surcharge(confiscation_only, date(2018, 5, 1))
    world.cases.serve_payment_demand(confiscation_only, doc_no="CG-3", served_at=at("2018-05-02"))
    assert world.cases.get_case(confiscation_only).enforcement["demand"]["amount_due"] == {
        "as_of": "2018-05-02",
        "outstanding_yuan": 2_000,
        "surcharge_yuan": "0.00",
    }
