"""Expropriation under the "three no" gates (§7.2): each refusal names every failing check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest

from cases.application import Cases
from cases.domain.expropriation_terms import (
    AgreementAlreadySignedError,
    AnnouncementTooShortError,
    ApproverLevel,
    ClaimNotRegisteredError,
    GateBlockedError,
    GrievanceAlreadyResolvedError,
    GrievanceCause,
    GrievanceType,
    HearingRequestLateError,
    ParcelAlreadySuppliedError,
    PayeeWithoutAgreementError,
    PaymentItem,
    PlanZone,
    ProjectStepError,
    ResettlementKind,
    RiskLevel,
    SupplyMode,
)
from cases.domain.land_rules import DEFAULT_VALUES, LandRuleFamily
from cases.domain.land_time import TimeOutOfOrderError
from shared.domain.access import ForbiddenError
from tests.unit.cases.land.conftest import acting_as, at
from tests.unit.cases.land.expropriation_helpers import prepared, registered, submitted


def blocked(action: object) -> GateBlockedError:
    with pytest.raises(GateBlockedError) as refused:
        action()  # type: ignore[operator]
    return refused.value


def apply(cases: Cases, project_id: object, day: str = "2018-03-01") -> object:
    return cases.apply_for_expropriation_approval(project_id, applied_at=at(day))  # type: ignore[arg-type]


def out_of_order(cases: Cases, project_id: UUID, action: Callable[[], object]) -> TimeOutOfOrderError:
    """The step is refused as dated before the step it follows, and nothing is written."""
    version = cases.expropriation_project(project_id).version
    with pytest.raises(TimeOutOfOrderError) as refused:
        action()
    assert (refused.value.code, refused.value.status) == ("time_out_of_order", 422)
    assert cases.expropriation_project(project_id).version == version
    return refused.value


def petition(cases: Cases, project_id: UUID, filed: str) -> UUID:
    cases.register_grievance(
        project_id,
        grievance_type=GrievanceType.PETITION,
        cause=GrievanceCause.COMPENSATION,
        party="村民张某",
        filed_at=at(filed),
    )
    return max(cases.expropriation_project(project_id).grievances.values(), key=lambda g: g.filed_at).grievance_id


def test_no_submission_upward_outside_the_plan(cases: Cases) -> None:
    project_id = registered(cases)
    refusal = blocked(lambda: cases.submit_to_higher_government(project_id))
    assert refusal.code == "three_no_gate_blocked"
    assert refusal.details == {"gate": "plan_conformity", "failed_checks": ["plan_conformity_checked"]}

    cases.check_plan_conformity(
        project_id,
        plan_zone=PlanZone.PROHIBITED,
        quota_available=False,
        basic_farmland_involved=True,
        state_council_key_project=False,
        offset_secured=False,
    )
    refusal = blocked(lambda: cases.submit_to_higher_government(project_id))
    assert refusal.details["failed_checks"] == [
        "inside_construction_zone",
        "no_basic_farmland_unless_key_project",
        "annual_quota_available",
        "farmland_offset_secured",
    ]
    assert cases.expropriation_project(project_id).submitted_at is None

    submitted(cases, project_id)
    assert cases.stored_events(project_id)[-1].checks[0] == "plan_conformity_checked"


def test_parcels_on_basic_farmland_block_the_submission_upward_whatever_the_plan_check_says(cases: Cases) -> None:
    parcels = [
        {"parcel_id": "P-1", "village": "城关村", "area_mu": 60.0, "cultivated_mu": 50.0, "basic_farmland_mu": 45.0},
        {"parcel_id": "P-2", "village": "城关村", "area_mu": 40.0, "cultivated_mu": 30.0, "basic_farmland_mu": 0.0},
    ]
    registration = {
        "name": "工业园项目",
        "purpose": "工业",
        "county_code": "410322",
        "handling_unit_id": "SEC06",
        "year": 2018,
        "parcels": parcels,
        "requesting_party": "某公司",
        "households_total": 0,
    }
    plan = {
        "plan_zone": PlanZone.ALLOWED,
        "quota_available": True,
        "basic_farmland_involved": False,
        "offset_secured": True,
    }
    ordinary = cases.register_expropriation_project(**registration).id  # type: ignore[arg-type]
    cases.check_plan_conformity(ordinary, state_council_key_project=False, **plan)  # type: ignore[arg-type]
    refusal = blocked(lambda: cases.submit_to_higher_government(ordinary))
    assert refusal.details == {
        "gate": "plan_conformity",
        "failed_checks": ["no_basic_farmland_unless_key_project"],
        "parcels_on_basic_farmland": ["P-1"],
    }
    assert cases.expropriation_project(ordinary).submitted_at is None
    assert type(cases.stored_events(ordinary)[-1]).__name__ == "PlanConformityChecked"

    key_project = cases.register_expropriation_project(**registration).id  # type: ignore[arg-type]
    cases.check_plan_conformity(key_project, state_council_key_project=True, **plan)  # type: ignore[arg-type]
    cases.submit_to_higher_government(key_project)
    assert cases.expropriation_project(key_project).submitted_at is not None


def test_basic_farmland_is_allowed_only_for_a_state_council_key_project(cases: Cases) -> None:
    project_id = registered(cases)
    cases.check_plan_conformity(
        project_id,
        plan_zone=PlanZone.CONDITIONAL,
        quota_available=True,
        basic_farmland_involved=True,
        state_council_key_project=True,
        offset_secured=True,
    )
    cases.submit_to_higher_government(project_id)
    assert cases.expropriation_project(project_id).submitted_at is not None


def test_no_approval_application_before_the_preparatory_steps(cases: Cases) -> None:
    project_id = registered(cases)
    refusal = blocked(lambda: apply(cases, project_id))
    assert refusal.details["gate"] == "grievance_resolved"
    assert refusal.details["failed_checks"] == [
        "submitted_to_higher_government",
        "pre_notice_issued",
        "pre_notice_period_elapsed",
        "land_status_survey_confirmed",
        "stability_risk_assessment_passed",
        "compensation_plan_announced",
        "announcement_period_ended",
        "hearing_right_notified",
        "hearing_request_window_closed",
        "agreements_signed",
    ]
    assert refusal.details["agreement_share"] == 0.0


def test_an_open_grievance_blocks_the_approval_application_until_it_is_resolved(cases: Cases) -> None:
    project_id = prepared(cases)
    cases.register_grievance(
        project_id,
        grievance_type=GrievanceType.PETITION,
        cause=GrievanceCause.COMPENSATION,
        party="村民张某",
        filed_at=at("2018-02-20"),
    )
    grievance_id = next(iter(cases.expropriation_project(project_id).grievances))
    refusal = blocked(lambda: apply(cases, project_id))
    assert refusal.details["failed_checks"] == ["no_open_grievance"]
    assert refusal.details["open_grievances"] == [
        {"grievance_id": str(grievance_id), "type": "petition", "cause": "compensation"}
    ]
    cases.resolve_grievance(project_id, grievance_id, resolution="补足青苗补偿", resolved_at=at("2018-02-26"))
    with pytest.raises(GrievanceAlreadyResolvedError):
        cases.resolve_grievance(project_id, grievance_id, resolution="again", resolved_at=at("2018-02-27"))
    apply(cases, project_id)
    applied = cases.stored_events(project_id)[-1]
    assert type(applied).__name__ == "ApprovalApplied"
    assert (applied.agreement_share, applied.rule_version) == (1.0, 0)
    assert "no_open_grievance" in applied.checks


def test_the_preliminary_notice_runs_ten_working_days_on_the_holiday_calendar(cases: Cases) -> None:
    project_id = submitted(cases)
    # Issued Monday 12 February 2018: the Spring Festival (15-21 Feb) does not count, Saturday 24 Feb does.
    cases.issue_expropriation_pre_notice(project_id, scope="全村", issued_at=at("2018-02-12"))
    assert cases.expropriation_project(project_id).pre_notice_ends_on == date(2018, 3, 2)
    prepared_id = prepared(cases)
    refusal = blocked(lambda: apply(cases, prepared_id, "2018-01-16"))
    assert "pre_notice_period_elapsed" in refusal.details["failed_checks"]


def test_hearings_requested_or_owed_to_a_majority_objection_must_be_held(cases: Cases) -> None:
    project_id = prepared(cases)
    cases.record_majority_objection(project_id, objecting_members=31, total_members=60, objected_at=at("2018-02-05"))
    refusal = blocked(lambda: apply(cases, project_id))
    assert refusal.details["failed_checks"] == ["hearing_held_after_majority_objection"]
    cases.hold_expropriation_hearing(project_id, report_id="HR-1", held_at=at("2018-02-27"))
    apply(cases, project_id)

    late = prepared(cases)
    with pytest.raises(HearingRequestLateError):  # notified 22 Jan: 5 working days end on 29 Jan
        cases.request_expropriation_hearing(late, requested_at=at("2018-01-30"))
    requested = prepared(cases)
    cases.request_expropriation_hearing(requested, requested_at=at("2018-01-29"))
    assert blocked(lambda: apply(cases, requested)).details["failed_checks"] == ["hearing_held_if_requested"]
    with pytest.raises(ProjectStepError):
        cases.hold_expropriation_hearing(registered(cases), report_id="HR-2")


def test_the_plan_is_announced_for_at_least_thirty_days(cases: Cases) -> None:
    project_id = submitted(cases)
    with pytest.raises(AnnouncementTooShortError) as refused:
        cases.announce_compensation_plan(
            project_id,
            ends_on=date(2018, 2, 8),
            standards={},
            social_security_required_yuan=0,
            announced_at=at("2018-01-10"),
        )
    assert refused.value.details == {"min_days": 30, "announced_days": 29, "rule_version": 0}


def test_the_share_of_households_that_must_sign_is_configuration(cases: Cases) -> None:
    project_id = prepared(cases, registered(cases, households=2), households=("H-1",))
    refusal = blocked(lambda: apply(cases, project_id))
    assert refusal.details["failed_checks"] == ["agreements_signed"]
    assert (refusal.details["agreement_share"], refusal.details["agreement_share_required"]) == (0.5, 1.0)

    values = dict(DEFAULT_VALUES[LandRuleFamily.EXPROPRIATION], agreement_share_required=0.5)
    cases.publish_land_rules(LandRuleFamily.EXPROPRIATION, effective_from=date(2018, 2, 1), values=values, note="")
    apply(cases, project_id)
    assert cases.stored_events(project_id)[-1].rule_version == 1


def test_claims_come_before_agreements_and_payments_go_to_signatories(cases: Cases) -> None:
    project_id = submitted(cases)
    with pytest.raises(ClaimNotRegisteredError):
        cases.sign_compensation_agreement(project_id, household_id="H-1", amount_yuan=1000.0)
    cases.register_compensation_claim(project_id, household_id="H-1", items=["land"])
    cases.sign_compensation_agreement(project_id, household_id="H-1", amount_yuan=1000.0)
    with pytest.raises(AgreementAlreadySignedError):
        cases.sign_compensation_agreement(project_id, household_id="H-1", amount_yuan=2000.0)
    with pytest.raises(PayeeWithoutAgreementError):
        cases.pay_compensation(project_id, payee_id="H-9", item=PaymentItem.LAND_COMPENSATION, amount_yuan=10.0)


def test_no_land_supply_until_compensation_is_fulfilled(cases: Cases) -> None:
    project_id = prepared(cases)
    apply(cases, project_id)
    refusal = blocked(lambda: cases.supply_land(project_id, parcel_id="P-1", mode=SupplyMode.TRANSFER_AUCTION))
    assert refusal.details["gate"] == "compensation_fulfilled"
    assert refusal.details["failed_checks"] == [
        "expropriation_approved",
        "compensation_paid_in_full",
        "social_security_deposited",
        "resettlement_arranged",
        "land_handed_over_without_dispute",
    ]
    cases.record_expropriation_approval(
        project_id,
        approval_no="豫政土〔2018〕88号",
        approver_level=ApproverLevel.PROVINCE,
        approved_at=at("2018-03-01"),
    )
    cases.pay_compensation(project_id, payee_id="H-1", item=PaymentItem.LAND_COMPENSATION, amount_yuan=150000.0)
    cases.pay_compensation(project_id, payee_id="H-2", item=PaymentItem.LAND_COMPENSATION, amount_yuan=100000.0)
    cases.pay_compensation(project_id, payee_id="fund", item=PaymentItem.SOCIAL_SECURITY, amount_yuan=20000.0)
    cases.arrange_resettlement(project_id, household_id="H-1", kind=ResettlementKind.HOUSING)
    cases.hand_over_land(project_id, parcel_id="P-1", disputed=False)
    cases.hand_over_land(project_id, parcel_id="P-2", disputed=True)
    refusal = blocked(lambda: cases.supply_land(project_id, parcel_id="P-1", mode=SupplyMode.TRANSFER_AUCTION))
    assert refusal.details["failed_checks"] == ["compensation_paid_in_full", "resettlement_arranged"]
    assert refusal.details["underpaid"] == {"H-2": {"agreed_yuan": 150000.0, "paid_yuan": 100000.0}}
    assert refusal.details["households_without_resettlement"] == ["H-2"]

    cases.pay_compensation(project_id, payee_id="H-2", item=PaymentItem.RESETTLEMENT_SUBSIDY, amount_yuan=50000.0)
    cases.arrange_resettlement(project_id, household_id="H-2", kind=ResettlementKind.MONETARY)
    cases.supply_land(project_id, parcel_id="P-1", mode=SupplyMode.TRANSFER_AUCTION)
    with pytest.raises(ParcelAlreadySuppliedError):
        cases.supply_land(project_id, parcel_id="P-1", mode=SupplyMode.ALLOCATION)
    disputed = blocked(lambda: cases.supply_land(project_id, parcel_id="P-2", mode=SupplyMode.ALLOCATION))
    assert disputed.details["failed_checks"] == ["land_handed_over_without_dispute"]
    assert cases.expropriation_project(project_id).supplied == {"P-1": "transfer_auction"}


def test_the_handling_unit_acts_on_its_projects(cases: Cases) -> None:
    project_id = registered(cases, unit="SEC06")
    with acting_as("officer", unit="STN03"), pytest.raises(ForbiddenError):
        cases.register_compensation_claim(project_id, household_id="H-1", items=[])
    with acting_as("officer", unit="SEC06"):
        cases.register_compensation_claim(project_id, household_id="H-1", items=[])


def test_an_application_dated_while_a_grievance_was_open_is_blocked_though_it_is_resolved_since(
    cases: Cases,
) -> None:
    project_id = prepared(cases)
    grievance_id = petition(cases, project_id, "2018-02-20")
    cases.resolve_grievance(project_id, grievance_id, resolution="补足青苗补偿", resolved_at=at("2018-02-26"))
    version = cases.expropriation_project(project_id).version

    refusal = blocked(lambda: apply(cases, project_id, "2018-02-22"))
    assert refusal.details["failed_checks"] == ["no_open_grievance"]
    assert refusal.details["open_grievances"] == [
        {"grievance_id": str(grievance_id), "type": "petition", "cause": "compensation"}
    ]
    assert cases.expropriation_project(project_id).version == version
    assert cases.expropriation_project(project_id).applied_at is None
    # The gates of a past day are those of that day too.
    on_the_day = cases.expropriation_gates(cases.expropriation_project(project_id), date(2018, 2, 22))
    assert on_the_day[1].failed_checks == ["no_open_grievance"]

    apply(cases, project_id, "2018-02-27")
    assert cases.expropriation_project(project_id).applied_at == at("2018-02-27")


def test_a_grievance_filed_after_the_application_date_does_not_block_it(cases: Cases) -> None:
    project_id = prepared(cases)
    petition(cases, project_id, "2018-02-26")
    apply(cases, project_id, "2018-02-23")
    assert cases.expropriation_project(project_id).applied_at == at("2018-02-23")


def test_an_application_dated_before_the_agreements_were_signed_is_blocked(cases: Cases) -> None:
    project_id = prepared(cases)  # the agreements are signed on 12 February
    version = cases.expropriation_project(project_id).version
    refusal = blocked(lambda: apply(cases, project_id, "2018-02-11"))
    assert refusal.details["failed_checks"] == ["agreements_signed"]
    assert refusal.details["agreement_share"] == 0.0
    assert cases.expropriation_project(project_id).version == version
    apply(cases, project_id, "2018-02-12")
    assert cases.stored_events(project_id)[-1].agreement_share == 1.0


def test_an_application_dated_before_a_preparatory_step_is_blocked_by_that_step(cases: Cases) -> None:
    project_id = submitted(cases)
    cases.issue_expropriation_pre_notice(project_id, scope="全村", issued_at=at("2018-01-02"))
    cases.record_land_status_survey(project_id, survey_id="S-1", surveyed_at=at("2018-01-05"))
    cases.confirm_land_status(project_id, confirmed_by=["村委会"], disputed_items=[], confirmed_at=at("2018-02-20"))
    cases.assess_stability_risk(project_id, level=RiskLevel.LOW, measures=[], passed=True, assessed_at=at("2018-02-20"))
    cases.announce_compensation_plan(
        project_id,
        ends_on=date(2018, 2, 10),
        standards={},
        social_security_required_yuan=0,
        announced_at=at("2018-01-10"),
    )
    cases.notify_expropriation_hearing_right(project_id, served_at=at("2018-01-22"))
    for household in ("H-1", "H-2"):
        cases.register_compensation_claim(project_id, household_id=household, items=[], registered_at=at("2018-02-01"))
        cases.sign_compensation_agreement(
            project_id, household_id=household, amount_yuan=1.0, signed_at=at("2018-02-12")
        )
    refusal = blocked(lambda: apply(cases, project_id, "2018-02-15"))
    assert refusal.details["failed_checks"] == ["land_status_survey_confirmed", "stability_risk_assessment_passed"]
    apply(cases, project_id, "2018-02-21")


def test_an_application_dated_before_the_submission_upward_is_out_of_order(cases: Cases) -> None:
    project_id = prepared(cases)  # submitted on 2 January at 09:00
    refusal = out_of_order(cases, project_id, lambda: apply(cases, project_id, "2018-01-01"))
    assert refusal.details["field"] == "applied_at"
    assert refusal.details["submitted_at"] == at("2018-01-02", 9).isoformat()


def test_later_steps_are_not_dated_before_the_steps_they_follow(cases: Cases) -> None:
    project_id = submitted(cases)
    cases.record_land_status_survey(project_id, survey_id="S-1", surveyed_at=at("2018-01-05"))
    out_of_order(
        cases,
        project_id,
        lambda: cases.confirm_land_status(
            project_id, confirmed_by=["村委会"], disputed_items=[], confirmed_at=at("2018-01-04")
        ),
    )
    cases.notify_expropriation_hearing_right(project_id, served_at=at("2018-01-22"))
    out_of_order(
        cases, project_id, lambda: cases.request_expropriation_hearing(project_id, requested_at=at("2018-01-21"))
    )
    cases.request_expropriation_hearing(project_id, requested_at=at("2018-01-23"))
    out_of_order(
        cases,
        project_id,
        lambda: cases.hold_expropriation_hearing(project_id, report_id="HR-1", held_at=at("2018-01-22")),
    )
    grievance_id = petition(cases, project_id, "2018-02-20")
    out_of_order(
        cases,
        project_id,
        lambda: cases.resolve_grievance(project_id, grievance_id, resolution="x", resolved_at=at("2018-02-19")),
    )

    approved = prepared(cases)
    apply(cases, approved, "2018-02-13")

    def approve(day: str) -> object:
        return cases.record_expropriation_approval(
            approved, approval_no="豫政土〔2018〕88号", approver_level=ApproverLevel.PROVINCE, approved_at=at(day)
        )

    out_of_order(cases, approved, lambda: approve("2018-02-12"))
    approve("2018-02-14")
    out_of_order(cases, approved, lambda: cases.announce_expropriation(approved, announced_at=at("2018-02-13")))
    out_of_order(
        cases,
        approved,
        lambda: cases.hand_over_land(approved, parcel_id="P-1", disputed=False, handed_over_at=at("2018-02-13")),
    )
    out_of_order(
        cases,
        approved,
        lambda: cases.pay_compensation(
            approved, payee_id="H-1", item=PaymentItem.LAND_COMPENSATION, amount_yuan=1.0, paid_at=at("2018-02-11")
        ),
    )
    cases.hand_over_land(approved, parcel_id="P-1", disputed=False, handed_over_at=at("2018-02-20"))
    refusal = out_of_order(
        cases,
        approved,
        lambda: cases.supply_land(approved, parcel_id="P-1", mode=SupplyMode.ALLOCATION, supplied_at=at("2018-02-19")),
    )
    assert refusal.details["handed_over_at"] == at("2018-02-20").isoformat()


def test_land_supply_is_judged_on_what_was_paid_by_its_date(cases: Cases) -> None:
    project_id = prepared(cases)
    apply(cases, project_id, "2018-02-13")
    cases.record_expropriation_approval(
        project_id,
        approval_no="豫政土〔2018〕88号",
        approver_level=ApproverLevel.PROVINCE,
        approved_at=at("2018-02-14"),
    )
    cases.hand_over_land(project_id, parcel_id="P-1", disputed=False, handed_over_at=at("2018-02-15"))
    for household, day in (("H-1", "2018-02-16"), ("H-2", "2018-02-20")):
        cases.pay_compensation(
            project_id, payee_id=household, item=PaymentItem.LAND_COMPENSATION, amount_yuan=150000.0, paid_at=at(day)
        )
        cases.arrange_resettlement(
            project_id, household_id=household, kind=ResettlementKind.MONETARY, resettled_at=at("2018-02-16")
        )
    cases.pay_compensation(
        project_id, payee_id="fund", item=PaymentItem.SOCIAL_SECURITY, amount_yuan=20000.0, paid_at=at("2018-02-16")
    )
    version = cases.expropriation_project(project_id).version

    refusal = blocked(
        lambda: cases.supply_land(project_id, parcel_id="P-1", mode=SupplyMode.ALLOCATION, supplied_at=at("2018-02-18"))
    )
    assert refusal.details["failed_checks"] == ["compensation_paid_in_full"]
    assert refusal.details["underpaid"] == {"H-2": {"agreed_yuan": 150000.0, "paid_yuan": 0.0}}
    assert cases.expropriation_project(project_id).version == version

    cases.supply_land(project_id, parcel_id="P-1", mode=SupplyMode.ALLOCATION, supplied_at=at("2018-02-21"))
    assert cases.expropriation_project(project_id).supplied == {"P-1": "allocation"}
