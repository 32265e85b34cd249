"""A case from lead to archive, in memory: every step, every document, the checklist complete."""

from __future__ import annotations

from cases.domain.penalties import Penalty
from tests.unit.cases.procedure.support import World, at, shown


def test_a_case_goes_from_lead_to_archive_with_every_step_recorded(world: World) -> None:
    cases = world.cases
    lead_id = world.lead()
    world.verify(lead_id, violation_ongoing=True)
    cases.issue_stop_order(
        lead_id,
        doc_no="ZL-001",
        correction_order_no="GZ-001",
        party="张三",
        officers=shown(world.a, world.b),
        issued_at=at("2018-03-02", 15),
    )
    case_id = world.file(lead_id).id
    world.investigate(case_id)
    world.report(case_id)
    world.review(case_id)
    world.notice(case_id)
    cases.waive_statement(case_id, written=True, waived_at=at("2018-03-15"))
    world.decide(case_id, day="2018-03-20")
    cases.publish_decision(case_id, channel="website", reference="https://example/1", published_at=at("2018-03-22"))
    cases.serve_decision(
        case_id,
        receipt_no="SD-001",
        method="direct",
        recipient="张三",
        officers=shown(world.a, world.b),
        served_at=at("2018-03-21"),
    )
    cases.record_payment(case_id, amount_yuan=4_000, receipt_no="FK-001", paid_at=at("2018-04-02"))
    cases.verify_demolition(
        case_id,
        record_no="CC-001",
        restored_area_mu=1.0,
        officers=shown(world.a, world.b),
        verified_at=at("2018-04-20"),
    )
    cases.close_case(
        case_id, reason="executed", form_no="JA-001", approved_by=world.director, closed_at=at("2018-04-23")
    )
    case = cases.archive_case(
        case_id, archive_no="AR-2018-001", catalogue_no="ML-001", volumes=1, pages=48, archived_at=at("2018-05-02")
    )

    assert case.stage == "archived"
    assert list(case.completed) == [
        "lead_intake",
        "lead_verification",
        "stop_order",
        "case_filing",
        "investigation",
        "investigation_report",
        "case_review",
        "penalty_notice",
        "statement_and_defence",
        "penalty_decision",
        "decision_publication",
        "service",
        "enforcement",
        "case_closure",
        "archiving",
    ]
    assert case.template_version == "2014"
    assert case.rule_version == 2  # filed in 2018: the 2014 Measures, six months to sue
    assert case.documents["stop_order_notice"] == ["ZL-001"]
    assert case.watch_finished
    events = cases.case_history(case_id)
    assert all(e.actor_id == "officer-wang" and e.occurred_at and e.timestamp for e in events)
    assert Penalty("fine", 4_000).as_dict() in case.decision["penalties"]  # type: ignore[index]
