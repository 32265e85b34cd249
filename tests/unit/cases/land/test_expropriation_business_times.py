"""The majority objection, a household's claim and its resettlement carry the time they happened:
recorded as given, judged by the gates as of that time, never in the future, never before the step
they follow (the plan's announcement, the claim, the agreement)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest

from cases.application import Cases
from cases.domain.expropriation_terms import ApproverLevel, GateBlockedError, PaymentItem, ResettlementKind, SupplyMode
from cases.domain.land_time import TimeInFutureError, TimeOutOfOrderError
from tests.unit.cases.land.conftest import at
from tests.unit.cases.land.expropriation_helpers import prepared, submitted


def refused(cases: Cases, project_id: UUID, error: type[Exception], action: Callable[[], object]) -> dict[str, object]:
    """The step is refused as a 422 and nothing is written; answers the refusal's details."""
    version = cases.expropriation_project(project_id).version
    with pytest.raises(error) as refusal:
        action()
    assert refusal.value.status == 422  # type: ignore[attr-defined]
    assert cases.expropriation_project(project_id).version == version
    details: dict[str, object] = refusal.value.details  # type: ignore[attr-defined]
    return details


def grievance_gate_on(cases: Cases, project_id: UUID, day: date) -> list[str]:
    return cases.expropriation_gates(cases.expropriation_project(project_id), day)[1].failed_checks


def approved_and_paid(cases: Cases) -> UUID:
    """Prepared (agreements signed 12 February), applied, approved, paid in full and handed over."""
    project_id = prepared(cases)
    cases.apply_for_expropriation_approval(project_id, applied_at=at("2018-02-13"))
    cases.record_expropriation_approval(
        project_id,
        approval_no="豫政土〔2018〕88号",
        approver_level=ApproverLevel.PROVINCE,
        approved_at=at("2018-02-14"),
    )
    cases.hand_over_land(project_id, parcel_id="P-1", disputed=False, handed_over_at=at("2018-02-15"))
    for payee, item, amount in (
        ("H-1", PaymentItem.LAND_COMPENSATION, 150000.0),
        ("H-2", PaymentItem.LAND_COMPENSATION, 150000.0),
        ("fund", PaymentItem.SOCIAL_SECURITY, 20000.0),
    ):
        cases.pay_compensation(project_id, payee_id=payee, item=item, amount_yuan=amount, paid_at=at("2018-02-16"))
    return project_id


def test_a_majority_objection_counts_from_the_time_it_was_made(cases: Cases) -> None:
    project_id = prepared(cases)  # the plan announced 10 January, its announcement ending 10 February
    cases.record_majority_objection(project_id, objecting_members=31, total_members=60, objected_at=at("2018-02-20"))
    assert cases.stored_events(project_id)[-1].occurred_at == at("2018-02-20")

    assert grievance_gate_on(cases, project_id, date(2018, 2, 19)) == []
    assert grievance_gate_on(cases, project_id, date(2018, 2, 20)) == ["hearing_held_after_majority_objection"]
    with pytest.raises(GateBlockedError) as blocked:
        cases.apply_for_expropriation_approval(project_id, applied_at=at("2018-02-21"))
    assert blocked.value.details["failed_checks"] == ["hearing_held_after_majority_objection"]
    cases.apply_for_expropriation_approval(project_id, applied_at=at("2018-02-19"))


def test_a_majority_objection_is_not_dated_before_the_plan_it_answers_nor_in_the_future(cases: Cases) -> None:
    project_id = prepared(cases)
    details = refused(
        cases,
        project_id,
        TimeOutOfOrderError,
        lambda: cases.record_majority_objection(
            project_id, objecting_members=31, total_members=60, objected_at=at("2018-01-09")
        ),
    )
    assert (details["field"], details["announced_at"]) == ("objected_at", at("2018-01-10").isoformat())
    details = refused(
        cases,
        project_id,
        TimeInFutureError,
        lambda: cases.record_majority_objection(
            project_id, objecting_members=31, total_members=60, objected_at=at("2018-03-02")
        ),
    )
    assert details["field"] == "objected_at"
    assert not cases.expropriation_project(project_id).objections


def test_a_hearing_owed_to_a_majority_objection_is_not_held_before_it(cases: Cases) -> None:
    project_id = prepared(cases)
    cases.record_majority_objection(project_id, objecting_members=31, total_members=60, objected_at=at("2018-02-20"))
    details = refused(
        cases,
        project_id,
        TimeOutOfOrderError,
        lambda: cases.hold_expropriation_hearing(project_id, report_id="HR-1", held_at=at("2018-02-19")),
    )
    assert (details["field"], details["objected_at"]) == ("held_at", at("2018-02-20").isoformat())
    cases.hold_expropriation_hearing(project_id, report_id="HR-1", held_at=at("2018-02-22"))
    cases.apply_for_expropriation_approval(project_id, applied_at=at("2018-02-23"))


def test_a_claim_is_recorded_at_its_time_and_the_agreement_is_not_dated_before_it(cases: Cases) -> None:
    project_id = submitted(cases)
    cases.register_compensation_claim(project_id, household_id="H-1", items=["land"], registered_at=at("2018-02-05"))
    assert cases.stored_events(project_id)[-1].occurred_at == at("2018-02-05")
    assert cases.expropriation_project(project_id).claims_registered_at == {"H-1": at("2018-02-05")}

    details = refused(
        cases,
        project_id,
        TimeOutOfOrderError,
        lambda: cases.sign_compensation_agreement(
            project_id, household_id="H-1", amount_yuan=1000.0, signed_at=at("2018-02-04")
        ),
    )
    assert details["registered_at"] == at("2018-02-05").isoformat()
    assert (details["field"], details["household_id"]) == ("signed_at", "H-1")
    cases.sign_compensation_agreement(project_id, household_id="H-1", amount_yuan=1000.0, signed_at=at("2018-02-05"))


def test_a_claim_is_not_dated_in_the_future(cases: Cases) -> None:
    project_id = submitted(cases)
    details = refused(
        cases,
        project_id,
        TimeInFutureError,
        lambda: cases.register_compensation_claim(
            project_id, household_id="H-1", items=[], registered_at=at("2018-03-02")
        ),
    )
    assert details["field"] == "registered_at"
    assert not cases.expropriation_project(project_id).claims


def test_land_supply_is_judged_on_the_resettlements_arranged_by_its_date(cases: Cases) -> None:
    project_id = approved_and_paid(cases)
    cases.arrange_resettlement(
        project_id, household_id="H-1", kind=ResettlementKind.HOUSING, resettled_at=at("2018-02-16")
    )
    cases.arrange_resettlement(
        project_id, household_id="H-2", kind=ResettlementKind.MONETARY, resettled_at=at("2018-02-20")
    )
    assert cases.stored_events(project_id)[-1].occurred_at == at("2018-02-20")
    version = cases.expropriation_project(project_id).version

    with pytest.raises(GateBlockedError) as blocked:
        cases.supply_land(project_id, parcel_id="P-1", mode=SupplyMode.ALLOCATION, supplied_at=at("2018-02-19"))
    assert blocked.value.details["failed_checks"] == ["resettlement_arranged"]
    assert blocked.value.details["households_without_resettlement"] == ["H-2"]
    assert cases.expropriation_project(project_id).version == version
    on_the_day = cases.expropriation_gates(cases.expropriation_project(project_id), date(2018, 2, 19))
    assert on_the_day[2].failed_checks == ["resettlement_arranged"]

    cases.supply_land(project_id, parcel_id="P-1", mode=SupplyMode.ALLOCATION, supplied_at=at("2018-02-20", 11))
    assert cases.expropriation_project(project_id).supplied == {"P-1": "allocation"}


def test_a_resettlement_is_not_dated_before_the_agreement_nor_in_the_future(cases: Cases) -> None:
    project_id = prepared(cases)  # the agreements are signed on 12 February
    details = refused(
        cases,
        project_id,
        TimeOutOfOrderError,
        lambda: cases.arrange_resettlement(
            project_id, household_id="H-1", kind=ResettlementKind.PLOT, resettled_at=at("2018-02-11")
        ),
    )
    assert details["signed_at"] == at("2018-02-12").isoformat()
    assert (details["field"], details["household_id"]) == ("resettled_at", "H-1")
    details = refused(
        cases,
        project_id,
        TimeInFutureError,
        lambda: cases.arrange_resettlement(
            project_id, household_id="H-1", kind=ResettlementKind.PLOT, resettled_at=at("2018-03-02")
        ),
    )
    assert details["field"] == "resettled_at"
    assert cases.expropriation_project(project_id).resettled == {}
