"""Publication, service, enforcement by performance or through the court, closure only when the path
is complete (DOMAIN §1.4 invariant 6), archiving; and transfers."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from cases.domain.errors import CaseClosedError, DocumentsMissingError, OccurredBeforeError, StepsMissingError
from cases.domain.penalties import Penalty
from cases.domain.penalty_case.closure import ClosureReasonMismatchError
from cases.domain.penalty_case.decision import InPersonServiceNeedsTeamError, ServiceReceiptRequiredError
from cases.domain.penalty_case.enforcement import (
    ChallengePendingError,
    CourtApplicationTooEarlyError,
    DecisionRevokedError,
    EnforcementEndedError,
    PaymentDemandMissingError,
    PaymentDemandTooEarlyError,
)
from tests.unit.cases.procedure.support import World, acting, at, decided_case, publish, serve, shown


def close(world: World, case_id: object, reason: str, day: str = "2018-11-20") -> None:
    world.cases.close_case(
        case_id,  # type: ignore[arg-type]
        reason=reason,
        form_no=f"JA-{day}",
        approved_by=world.director,
        closed_at=at(day),
    )


def test_service_in_person_is_by_an_enforcement_team(world: World) -> None:
    case_id = decided_case(world)
    with pytest.raises(InPersonServiceNeedsTeamError):
        world.cases.serve_decision(
            case_id, receipt_no="SD-1", method="direct", recipient="张三", officers=[], served_at=at("2018-03-27")
        )
    world.cases.serve_decision(
        case_id, receipt_no="SD-1", method="postal", recipient="张三", officers=[], served_at=at("2018-03-27")
    )
    case = world.cases.get_case(case_id)
    # Six months to sue, then three months to apply to the court.
    assert case.enforcement["challenge_period_ends_on"] == date(2018, 9, 27)
    assert case.enforcement["application_due_on"] == date(2018, 12, 27)


@pytest.mark.parametrize(
    ("served_on", "challenge_ends", "application_due"),
    [
        # Six months end on 1 October, in the National Day holiday: the party may sue until 8 October,
        # and the three months to apply to the court run from there.
        ("2018-04-01", date(2018, 10, 8), date(2019, 1, 8)),
        # Sunday 30 September 2018 was worked instead of a holiday (调休): the period ends that day;
        # the window to apply then ends in the New Year holiday of 2019, so on 2 January.
        ("2018-03-30", date(2018, 9, 30), date(2019, 1, 2)),
    ],
)
def test_a_challenge_period_ending_on_a_day_off_runs_to_the_next_working_day(
    world: World, served_on: str, challenge_ends: date, application_due: date
) -> None:
    case_id = decided_case(world)
    serve(world, case_id, day=served_on)
    case = world.cases.get_case(case_id)
    assert case.enforcement["challenge_period_ends_on"] == challenge_ends
    assert case.enforcement["application_due_on"] == application_due


def test_closure_waits_for_every_step_of_the_path_taken(world: World) -> None:
    case_id = decided_case(world)
    with pytest.raises(StepsMissingError) as missing:
        close(world, case_id, "executed")
    assert missing.value.details["missing_steps"] == ["decision_publication", "service", "enforcement"]
    serve(world, case_id)
    publish(world, case_id)
    world.cases.record_payment(case_id, amount_yuan=4_000, receipt_no="FK-1", paid_at=at("2018-04-02"))
    with pytest.raises(StepsMissingError) as still:
        close(world, case_id, "executed")
    assert still.value.details["missing_steps"] == ["enforcement"]  # the demolition is not verified yet
    world.cases.verify_demolition(
        case_id, record_no="CC-1", restored_area_mu=1.0, officers=shown(world.a, world.b), verified_at=at("2018-04-20")
    )
    with pytest.raises(EnforcementEndedError):
        world.cases.record_payment(case_id, amount_yuan=1, receipt_no="FK-2", paid_at=None)
    with pytest.raises(ClosureReasonMismatchError) as mismatch:
        close(world, case_id, "court_accepted")
    assert mismatch.value.details == {"reason": "court_accepted", "supported": ["executed"]}
    close(world, case_id, "executed")
    with pytest.raises(CaseClosedError):
        serve(world, case_id)


def test_closure_is_refused_while_a_mandatory_document_of_the_path_is_missing(world: World) -> None:
    case_id = decided_case(world, penalties=[Penalty("warning")])
    with pytest.raises(ServiceReceiptRequiredError):
        world.cases.serve_decision(
            case_id,
            receipt_no=None,
            method="direct",
            recipient="张三",
            officers=shown(world.a, world.b),
            served_at=None,
        )
    # Served by post: the receipt (送达回证) comes back later.
    world.cases.serve_decision(
        case_id, receipt_no=None, method="postal", recipient="张三", officers=[], served_at=at("2018-03-27")
    )
    publish(world, case_id)
    with pytest.raises(DocumentsMissingError) as missing:
        close(world, case_id, "executed", day="2018-04-02")
    assert missing.value.details["missing_documents"] == [
        {"kind": "service_receipt", "form_no": "F23", "title": "送达回证", "step": "service"}
    ]
    world.cases.file_service_receipt(case_id, receipt_no="SD-1", filed_at=at("2018-04-03"))
    close(world, case_id, "executed", day="2018-04-03")
    assert world.cases.get_case(case_id).documents["service_receipt"] == ["SD-1"]


def test_a_document_lost_from_the_file_is_named_at_closure(world: World) -> None:
    case_id = decided_case(world, penalties=[Penalty("warning")])
    serve(world, case_id)
    publish(world, case_id)
    case = world.cases.get_case(case_id)
    case.documents.pop("inquiry_record")  # the check reads the file, not the steps
    with pytest.raises(DocumentsMissingError) as missing:
        case.close(
            reason="executed",
            form_no="JA-1",
            approved_by=world.director,
            at=at("2018-04-02"),
            calendar=world.cases.working_calendar(date(2018, 4, 2)),
        )
    assert [d["kind"] for d in missing.value.details["missing_documents"]] == ["inquiry_record"]


def test_a_warning_needs_no_enforcement(world: World) -> None:
    case_id = decided_case(world, penalties=[Penalty("warning")])
    serve(world, case_id)
    publish(world, case_id)
    close(world, case_id, "executed", day="2018-04-02")
    world.cases.archive_case(
        case_id, archive_no="AR-1", catalogue_no="ML-1", volumes=1, pages=30, archived_at=at("2018-04-20")
    )
    case = world.cases.get_case(case_id)
    assert case.stage == "archived"
    assert case.archive["archived_on"] == date(2018, 4, 20)  # type: ignore[index]


def test_the_court_is_applied_to_after_a_demand_and_the_challenge_period(world: World) -> None:
    case_id = decided_case(world, penalties=[Penalty("fine", 4_000)])
    serve(world, case_id, day="2018-03-27")
    publish(world, case_id)
    with pytest.raises(PaymentDemandMissingError):
        world.cases.apply_court_enforcement(case_id, doc_no="SQ-1", court="孟津县人民法院", applied_at=at("2018-10-08"))
    world.cases.serve_payment_demand(case_id, doc_no="CG-1", served_at=at("2018-09-20"))
    # Ten working days (行政强制法 art. 69) over the Mid-Autumn and National Day holidays of 2018, the
    # weekend of 29-30 September worked: ten calendar days would have allowed 1 October.
    for too_early in ("2018-09-27", "2018-10-08", "2018-10-10"):
        with pytest.raises(CourtApplicationTooEarlyError) as early:
            world.cases.apply_court_enforcement(
                case_id, doc_no="SQ-1", court="孟津县人民法院", applied_at=at(too_early)
            )
        assert early.value.details["earliest_application_on"] == "2018-10-11"
    world.cases.apply_court_enforcement(case_id, doc_no="SQ-1", court="孟津县人民法院", applied_at=at("2018-10-11"))
    world.cases.record_court_decision(
        case_id, accepted=False, reason="party has no property", decided_at=at("2018-10-20")
    )
    close(world, case_id, "enforcement_terminated")
    case = world.cases.get_case(case_id)
    assert case.documents["court_enforcement_application"] == ["SQ-1"]
    assert case.closure["reason"] == "enforcement_terminated"  # type: ignore[index]


def test_a_fine_is_demanded_only_after_its_fifteen_days_to_pay(world: World) -> None:
    case_id = decided_case(world, penalties=[Penalty("fine", 4_000)])
    serve(world, case_id, day="2018-03-27")
    version = world.cases.get_case(case_id).version
    # Fifteen days from 27 March end on 11 April (行政处罚法 art. 46); the Qingming holiday does not stretch them.
    for too_early in ("2018-03-28", "2018-04-11"):
        with pytest.raises(PaymentDemandTooEarlyError) as early:
            world.cases.serve_payment_demand(case_id, doc_no="CG-1", served_at=at(too_early))
        assert early.value.status == 409
        assert early.value.details == {"payment_due_on": "2018-04-11", "earliest_demand_on": "2018-04-12"}
    assert world.cases.get_case(case_id).version == version  # nothing written
    world.cases.record_payment(case_id, amount_yuan=1_000, receipt_no="FK-1", paid_at=at("2018-04-11"))
    world.cases.serve_payment_demand(case_id, doc_no="CG-1", served_at=at("2018-04-12"))
    # The demand states the amount owed (行政强制法 art. 35): the fine left and one day's surcharge on it.
    assert world.cases.get_case(case_id).enforcement["demand"]["amount_due"] == {
        "as_of": "2018-04-12",
        "outstanding_yuan": 3_000,
        "surcharge_yuan": "120.00",
    }


def test_a_demolition_order_is_demanded_on_the_period_the_decision_sets(world: World) -> None:
    case_id = decided_case(world)  # a fine and a demolition order
    serve(world, case_id, day="2018-03-27")
    world.cases.serve_payment_demand(case_id, doc_no="CG-1", served_at=at("2018-04-02"))
    # The fine is not late yet: the demand states it with no surcharge.
    assert world.cases.get_case(case_id).enforcement["demand"]["amount_due"] == {
        "as_of": "2018-04-02",
        "outstanding_yuan": 4_000,
        "surcharge_yuan": "0.00",
    }


def test_the_court_is_not_applied_to_while_the_party_challenges_the_decision(world: World) -> None:
    case_id = decided_case(world, penalties=[Penalty("fine", 4_000)])
    serve(world, case_id, day="2018-03-27")
    publish(world, case_id)
    world.cases.serve_payment_demand(case_id, doc_no="CG-1", served_at=at("2018-09-20"))
    with acting(role="legal_affairs", unit=None):
        world.cases.file_challenge(
            case_id, proceeding="litigation", body="孟津县人民法院", reference="XZ-1", filed_at=at("2018-09-10")
        )
    version = world.cases.get_case(case_id).version
    with pytest.raises(ChallengePendingError) as pending:
        world.cases.apply_court_enforcement(case_id, doc_no="SQ-1", court="孟津县人民法院", applied_at=at("2018-10-11"))
    assert pending.value.status == 409
    assert pending.value.details["pending"] == [{"proceeding": "litigation", "reference": "XZ-1"}]
    assert world.cases.get_case(case_id).version == version  # nothing written
    with acting(role="legal_affairs", unit=None):
        world.cases.decide_challenge(
            case_id,
            proceeding="litigation",
            reference="XZ-1",
            outcome="revoked",
            category="facts_evidence",
            description="main facts unclear",
            responsible=[{"officer_id": world.a, "role": "handler"}],
            decided_at=at("2018-10-15"),
        )
    with pytest.raises(DecisionRevokedError):
        world.cases.apply_court_enforcement(case_id, doc_no="SQ-1", court="孟津县人民法院", applied_at=at("2018-10-16"))
    world.cases.terminate_enforcement(
        case_id, reason="decision_revoked", explanation="revoked by the court", terminated_at=at("2018-10-16")
    )


def test_the_court_is_applied_to_once_the_challenge_upheld_the_decision(world: World) -> None:
    case_id = decided_case(world, penalties=[Penalty("fine", 4_000)])
    serve(world, case_id, day="2018-03-27")
    world.cases.serve_payment_demand(case_id, doc_no="CG-1", served_at=at("2018-09-20"))
    with acting(role="legal_affairs", unit=None):
        world.cases.file_challenge(
            case_id, proceeding="reconsideration", body="孟津县人民政府", reference="FY-1", filed_at=at("2018-04-10")
        )
        world.cases.decide_challenge(
            case_id,
            proceeding="reconsideration",
            reference="FY-1",
            outcome="upheld",
            category=None,
            description="",
            responsible=[],
            decided_at=at("2018-06-01"),
        )
    world.cases.apply_court_enforcement(case_id, doc_no="SQ-1", court="孟津县人民法院", applied_at=at("2018-10-11"))


def transfer_to_police(world: World, case_id: UUID) -> None:
    world.cases.transfer_case(
        case_id,
        transfer_no="YS-1",
        to="police",
        reason="criminal threshold",
        approved_by=world.director,
        transferred_at=at("2018-03-20"),
    )


def test_a_transferred_case_closes_as_transferred(world: World) -> None:
    case_id = world.filed_case()
    world.investigate(case_id)
    world.report(case_id)
    world.review(case_id)
    transfer_to_police(world, case_id)
    close(world, case_id, "transferred", day="2018-04-02")
    assert world.cases.get_case(case_id).closure["reason"] == "transferred"  # type: ignore[index]


def test_a_serious_case_is_transferred_only_after_a_collective_discussion(world: World) -> None:
    case_id = world.filed_case()
    world.investigate(case_id)
    world.report(case_id, discretion_level="serious")
    world.review(case_id)

    def transfer() -> None:
        world.cases.transfer_case(
            case_id,
            transfer_no="YS-2",
            to="police",
            reason="criminal threshold",
            approved_by=world.director,
            transferred_at=at("2018-03-20"),
        )

    version = world.cases.get_case(case_id).version
    with pytest.raises(StepsMissingError) as refused:
        transfer()
    assert "collective_discussion" in str(refused.value.details)
    assert world.cases.get_case(case_id).version == version  # nothing written
    world.cases.hold_collective_discussion(
        case_id,
        minutes_no="JT-2",
        participant_ids=[world.director, *world.deputies],
        resolution="transfer to the police",
        held_at=at("2018-03-19"),
    )
    transfer()
    close(world, case_id, "transferred", day="2018-04-02")
    assert world.cases.get_case(case_id).closure["reason"] == "transferred"  # type: ignore[index]


def test_a_case_not_punished_after_a_hearing_eligible_notice_closes_without_the_hearing_documents(
    world: World,
) -> None:
    noticed = world.filed_case()
    world.investigate(noticed)
    world.report(noticed, proposed_penalties=[Penalty("fine", 10_000)])
    world.review(noticed)
    world.notice(noticed, penalties=[Penalty("fine", 10_000)])  # 10,000 yuan: the party may ask for a hearing
    world.cases.receive_statement(
        noticed, form="written", summary="not me", record_no=None, received_at=at("2018-03-15")
    )
    world.cases.review_statement(noticed, adopted=True, reason="facts not established", reviewed_at=at("2018-03-16"))
    world.cases.decide_no_penalty(
        noticed,
        decision_no="BY-1",
        reason="facts_not_established",
        approved_by=world.director,
        decided_at=at("2018-03-19"),
    )
    serve(world, noticed, day="2018-03-20")
    close(world, noticed, "no_penalty", day="2018-03-21")

    requested = world.filed_case("MJ-2018-002")
    world.investigate(requested)
    world.report(requested, proposed_penalties=[Penalty("fine", 10_000)])
    world.review(requested)
    world.notice(requested, penalties=[Penalty("fine", 10_000)])
    world.cases.notify_hearing_right(requested, doc_no="TZ-1", served_at=at("2018-03-14", 11))
    world.cases.request_hearing(requested, requested_at=at("2018-03-15"))
    world.cases.decide_no_penalty(
        requested, decision_no="BY-2", reason="minor", approved_by=world.director, decided_at=at("2018-03-19")
    )
    serve(world, requested, day="2018-03-20")
    close(world, requested, "no_penalty", day="2018-03-21")  # no hearing is owed once no penalty is decided

    for case_id in (noticed, requested):
        case = world.cases.get_case(case_id)
        assert case.closure is not None
        assert not case.holds("hearing_eligible")
        assert not case.holds("hearing_requested")


def test_a_major_case_transferred_closes_without_a_legal_review(world: World) -> None:
    case_id = world.filed_case()
    world.investigate(case_id)
    world.report(case_id, is_major=True)
    world.review(case_id)
    assert world.cases.get_case(case_id).holds("major_decision")  # a decision on the merits would need one
    transfer_to_police(world, case_id)
    close(world, case_id, "transferred", day="2018-03-21")
    case = world.cases.get_case(case_id)
    assert case.closure["reason"] == "transferred"  # type: ignore[index]
    assert "legal_review_opinion" not in case.documents


def test_a_step_is_not_dated_before_the_step_it_follows(world: World) -> None:
    case_id = decided_case(world)  # decided 26 March
    serve(world, case_id, day="2018-03-27")
    version = world.cases.get_case(case_id).version
    with pytest.raises(OccurredBeforeError) as early:
        publish(world, case_id, day="2018-03-23")
    assert early.value.details["follows"] == "penalty_decision"
    assert world.cases.get_case(case_id).version == version  # nothing written
    with pytest.raises(OccurredBeforeError):
        world.cases.record_payment(case_id, amount_yuan=4_000, receipt_no="FK-1", paid_at=at("2018-03-26", 15))
    world.cases.record_payment(case_id, amount_yuan=4_000, receipt_no="FK-1", paid_at=at("2018-03-28"))
