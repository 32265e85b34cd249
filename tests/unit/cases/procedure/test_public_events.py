"""What cases publishes: every stored event maps to its public contract, or is private on purpose."""

from __future__ import annotations

from collections import Counter
from uuid import UUID

from cases.domain.file_review import CaseFileReview
from cases.domain.lead import ViolationLead
from cases.domain.penalties import Penalty
from cases.domain.penalty_case import PenaltyCase
from cases.integration import to_integration_event
from shared.contracts import REGISTRY
from shared.contracts.cases import CaseDecidedV1, CaseErrorFoundV1, CaseStepCompletedV1
from tests.unit.cases.procedure.support import World, acting, at, decided_case, publish, serve

PRIVATE = {
    "ViolationLead.VerificationAssigned",
    "ViolationLead.CaseOpened",  # the case's own `filed` event says it
    "PenaltyCase.OfficerRecused",
    "PenaltyCase.StatementReceived",
    "PenaltyCase.HearingRequested",
    "PenaltyCase.HearingScheduled",
    "PenaltyCase.ClockSuspended",
    "PenaltyCase.ClockResumed",
    "PenaltyCase.ChallengeFiled",
    "CaseFileReview.Started",
}


def event_classes(aggregate: type) -> dict[str, type]:
    return {
        f"{aggregate.__name__}.{name}": value
        for name in dir(aggregate)
        if isinstance(value := getattr(aggregate, name), type)
        and name[0].isupper()
        and name not in ("Event", "Created", "Snapshot")
    }


def published_subjects(world: World, *ids: UUID) -> Counter[str]:
    subjects: Counter[str] = Counter()
    for aggregate_id in ids:
        for event in world.cases.stored_events(aggregate_id):
            public = to_integration_event(event)
            if public is not None:
                assert REGISTRY[public.subject].model_validate(public.model_dump(mode="json")) == public
                subjects[public.subject] += 1
    return subjects


def test_a_case_from_lead_to_review_publishes_what_assessment_scores(world: World) -> None:
    case_id = decided_case(world, penalties=[Penalty("fine", 4_000)])
    lead_id = world.cases.get_case(case_id).lead_id
    serve(world, case_id)
    publish(world, case_id)
    world.cases.record_payment(case_id, amount_yuan=4_000, receipt_no="FK-1", paid_at=at("2018-04-02"))
    world.cases.close_case(
        case_id, reason="executed", form_no="JA-1", approved_by=world.director, closed_at=at("2018-04-03")
    )
    world.cases.archive_case(
        case_id, archive_no="AR-1", catalogue_no="ML-1", volumes=1, pages=40, archived_at=at("2018-04-20")
    )
    with acting(role="case_reviewer", unit=None):
        review = world.cases.start_file_review(
            case_id=case_id, reviewer_ids=[world.reviewer], occasion="monthly_sample", started_at=None
        ).id
        world.cases.record_defect(
            review,
            category="documents",
            code="unsigned",
            severity="minor",
            points=2,
            description="unsigned",
            responsible=[{"officer_id": world.a, "role": "handler"}],
            found_at=None,
        )
        world.cases.complete_file_review(review, summary="ok", completed_at=None)

    subjects = published_subjects(world, lead_id, case_id, review)
    assert subjects == {
        "cases.lead.registered.v1": 1,
        "cases.lead.verified.v1": 1,
        "cases.case.filed.v1": 1,
        "cases.case.step_completed.v1": 9,
        "cases.case.decided.v1": 1,
        "cases.case.closed.v1": 1,
        "cases.case.archived.v1": 1,
        "cases.case.error_found.v1": 1,
        "cases.file_review.completed.v1": 1,
    }
    events = [to_integration_event(e) for e in world.cases.stored_events(case_id)]
    steps = [e for e in events if isinstance(e, CaseStepCompletedV1)]
    assert [s.step for s in steps] == [
        "investigation",
        "investigation",
        "investigation_report",
        "case_review",
        "penalty_notice",
        "statement_and_defence",
        "service",
        "decision_publication",
        "enforcement",
    ]
    inquiry = steps[0]
    assert (inquiry.unit_id, inquiry.record, inquiry.officer_ids) == ("STN03", "inquiry_recorded", [world.a, world.b])
    assert inquiry.documents[0].kind == "inquiry_record"
    decided = next(e for e in events if isinstance(e, CaseDecidedV1))
    assert (decided.outcome, decided.on_time, decided.hearing) == ("penalty", True, "not_eligible")
    error = next(
        to_integration_event(e) for e in world.cases.stored_events(review) if type(e).__name__ == "DefectRecorded"
    )
    assert isinstance(error, CaseErrorFoundV1)
    assert (error.case_id, error.kind, error.source, error.points) == (case_id, "defect", "file_review", 2)


def test_every_stored_event_is_published_or_private_on_purpose() -> None:
    classes = {**event_classes(ViolationLead), **event_classes(PenaltyCase), **event_classes(CaseFileReview)}
    unmapped = set()
    for name, cls in classes.items():
        implementation = to_integration_event.dispatch(cls)
        if implementation is to_integration_event.dispatch(object):
            unmapped.add(name)
    assert unmapped <= PRIVATE
    assert "PenaltyCase.InquiryRecorded" in classes
