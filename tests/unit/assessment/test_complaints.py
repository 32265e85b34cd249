"""Complaints (投诉): received once, decided once; an upheld one raises its accountability matter in
the same save and costs the external-evaluation item of the unit and of each officer at fault."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from assessment.application import Assessments
from assessment.domain.accountability.matter import AccountabilityMatter
from assessment.domain.accountability.terms import Category, Trigger
from assessment.domain.complaints import (
    ComplaintAlreadyDecidedError,
    ComplaintChannel,
    ComplaintNotFoundError,
    DecidedBeforeReceivedError,
)
from assessment.domain.default_scheme import DEFAULT_SCHEME
from assessment.domain.facts import Fact, fact_id_for
from assessment.domain.periods import SubjectType
from assessment.domain.scoring import score
from assessment.domain.timing import TimeInFutureError
from assessment.projections.facts import PRODUCERS
from assessment.projections.facts.known import NOTHING_KNOWN
from assessment.projections.facts.rows import NewFact
from shared.contracts.assessment import ComplaintDecidedV1, ComplaintReceivedV1
from shared.domain import CommandContext, FixedClock, InvalidInputError, command_context
from shared.domain.access import ForbiddenError
from tests.unit.assessment.conftest import at
from tests.unit.assessment.test_public_events import envelope_for, public_events

OFFICER = "1f0c6a52-0000-4000-8000-000000000001"
OTHER_OFFICER = "1f0c6a52-0000-4000-8000-000000000002"


def received(app: Assessments, *, subject_type: SubjectType = SubjectType.OFFICER) -> UUID:
    complaint = app.receive_complaint(
        channel=ComplaintChannel.HOTLINE_12336,
        subject_type=subject_type,
        subject_id=OFFICER if subject_type is SubjectType.OFFICER else "STN03",
        unit_id="STN03",
        summary="the officer did not show a certificate and refused to explain the stop order",
        related={"case_id": "c-7"},
        evidence_ref="信访登记 2018-03 第7号",
    )
    return complaint.id


def decide(
    app: Assessments,
    complaint_id: UUID,
    *,
    upheld: bool,
    officer_ids: list[str] | None = None,
    fault_category: Category | None = None,
) -> None:
    app.decide_complaint(
        complaint_id, upheld=upheld, finding="confirmed by the body-camera clip", evidence_ref="投诉处理意见书 第3号",
        officer_ids=officer_ids or [], fault_category=fault_category,
    )  # fmt: skip


def test_an_upheld_complaint_raises_one_matter_naming_the_officer_complained_about(
    app: Assessments, clock: FixedClock
) -> None:
    complaint_id = received(app)
    at(clock, "2018-03-28")
    decide(app, complaint_id, upheld=True)

    complaint = app.get_complaint(complaint_id)
    assert (complaint.status, complaint.officer_ids) == ("upheld", [OFFICER])
    assert complaint.matter_id is not None
    matter = app.get_matter(UUID(complaint.matter_id))
    assert (matter.trigger, matter.category, matter.unit_id) == (Trigger.COMPLAINT, Category.OTHER, "STN03")
    assert matter.suspected_officer_ids == [OFFICER]
    assert matter.related == {"case_id": "c-7", "complaint_id": str(complaint_id)}
    assert matter.raised_on == date(2018, 3, 28)
    # The matter's id derives from the complaint: the same complaint can never raise a second one.
    assert matter.id == AccountabilityMatter.id_for_trigger(f"complaint/{complaint_id}")


def test_the_officers_and_the_category_found_shape_the_matter(app: Assessments) -> None:
    complaint_id = received(app, subject_type=SubjectType.UNIT)
    decide(app, complaint_id, upheld=True, officer_ids=[OTHER_OFFICER, OTHER_OFFICER], fault_category=Category.INACTION)
    complaint = app.get_complaint(complaint_id)
    assert complaint.officer_ids == [OTHER_OFFICER]
    matter = app.get_matter(UUID(str(complaint.matter_id)))
    assert (matter.suspected_officer_ids, matter.category) == ([OTHER_OFFICER], Category.INACTION)


def test_a_complaint_not_upheld_raises_nothing_and_finds_nobody_at_fault(app: Assessments) -> None:
    complaint_id = received(app)
    with pytest.raises(InvalidInputError) as refused:
        decide(app, complaint_id, upheld=False, officer_ids=[OFFICER])
    assert refused.value.details["field"] == "officer_ids"
    with pytest.raises(InvalidInputError) as refused:
        decide(app, complaint_id, upheld=False, fault_category=Category.INACTION)
    assert refused.value.details["field"] == "fault_category"
    assert app.get_complaint(complaint_id).version == 1  # nothing written
    decide(app, complaint_id, upheld=False)
    complaint = app.get_complaint(complaint_id)
    assert (complaint.status, complaint.matter_id, complaint.officer_ids) == ("not_upheld", None, [])
    assert [e.subject for e in public_events(app)] == [
        "assessment.complaint.received.v1",
        "assessment.complaint.decided.v1",
    ]


def test_times_entered_after_the_fact_are_kept_but_never_in_the_future(app: Assessments) -> None:
    complaint = app.receive_complaint(
        channel=ComplaintChannel.LETTER, subject_type=SubjectType.UNIT, subject_id="STN03", unit_id="STN03",
        summary="s", related={}, evidence_ref="e", received_at=datetime(2018, 3, 2, 1, tzinfo=UTC),
    )  # fmt: skip
    assert complaint.received_at == datetime(2018, 3, 2, 1, tzinfo=UTC)
    with pytest.raises(TimeInFutureError) as refused:
        app.decide_complaint(
            complaint.id, upheld=True, finding="f", evidence_ref="e", officer_ids=[],
            decided_at=datetime(2018, 3, 21, tzinfo=UTC),
        )  # fmt: skip
    assert refused.value.details["field"] == "decided_at"
    app.decide_complaint(
        complaint.id, upheld=True, finding="f", evidence_ref="e", officer_ids=[],
        decided_at=datetime(2018, 3, 9, 17, tzinfo=UTC),
    )  # fmt: skip
    decided = app.get_complaint(complaint.id)
    assert decided.decided_at == datetime(2018, 3, 9, 17, tzinfo=UTC)
    # Raised on the decision's day in the bureau: 17:00 UTC on 9 March is 10 March in Beijing.
    assert app.get_matter(UUID(str(decided.matter_id))).raised_on == date(2018, 3, 10)
    with pytest.raises(TimeInFutureError):
        app.receive_complaint(
            channel=ComplaintChannel.LETTER, subject_type=SubjectType.UNIT, subject_id="STN03", unit_id="STN03",
            summary="s", related={}, evidence_ref="e", received_at=datetime(2019, 1, 1, tzinfo=UTC),
        )  # fmt: skip


def test_a_complaint_is_decided_once(app: Assessments) -> None:
    complaint_id = received(app)
    decide(app, complaint_id, upheld=True)
    with pytest.raises(ComplaintAlreadyDecidedError) as refused:
        decide(app, complaint_id, upheld=False)
    assert refused.value.details["status"] == "upheld"
    assert app.get_complaint(complaint_id).version == 2


def test_a_decision_entered_after_the_fact_cannot_precede_the_receipt(app: Assessments) -> None:
    complaint_id = received(app)  # 2018-03-20 10:00 in the bureau
    backdated = CommandContext(
        actor_id="secretariat-wang", actor_role="assessment_secretariat", correlation_id="b",
        occurred_at=datetime(2018, 3, 19, 2, tzinfo=UTC),
    )  # fmt: skip
    with command_context(backdated), pytest.raises(DecidedBeforeReceivedError):
        decide(app, complaint_id, upheld=True)
    assert app.get_complaint(complaint_id).version == 1
    assert app.get_complaint(complaint_id).matter_id is None


def test_a_unit_complaint_names_the_unit_and_an_unknown_complaint_is_not_found(app: Assessments) -> None:
    with pytest.raises(InvalidInputError):
        app.receive_complaint(
            channel=ComplaintChannel.LETTER, subject_type=SubjectType.UNIT, subject_id="STN05", unit_id="STN03",
            summary="s", related={}, evidence_ref="e",
        )  # fmt: skip
    with pytest.raises(ComplaintNotFoundError):
        app.get_complaint(uuid4())


def test_a_unit_head_cannot_decide_another_units_complaint(app: Assessments) -> None:
    complaint_id = received(app)
    head_of_5 = CommandContext(actor_id="head-5", actor_role="unit_head", actor_unit="STN05", correlation_id="h")
    with command_context(head_of_5), pytest.raises(ForbiddenError):
        decide(app, complaint_id, upheld=True)
    assert app.get_complaint(complaint_id).version == 1


def test_the_public_events_carry_the_subject_and_the_matter_but_not_the_complainants_words(
    app: Assessments,
) -> None:
    complaint_id = received(app)
    decide(app, complaint_id, upheld=True)
    received_event, decided_event, matter_raised = public_events(app)
    assert isinstance(received_event, ComplaintReceivedV1)
    assert "summary" not in received_event.model_dump()
    assert matter_raised.subject == "assessment.accountability_matter.raised.v1"
    assert isinstance(decided_event, ComplaintDecidedV1)
    assert (decided_event.upheld, decided_event.officer_ids, decided_event.unit_id) == (True, [OFFICER], "STN03")
    assert str(decided_event.matter_id) == app.get_complaint(complaint_id).matter_id


def test_an_upheld_complaint_costs_the_unit_and_the_officer_two_points_of_external_evaluation() -> None:
    decided = ComplaintDecidedV1(
        complaint_id=uuid4(), channel="visit", subject_type="officer", subject_id=OFFICER, unit_id="STN03",
        upheld=True, officer_ids=[OFFICER], matter_id=uuid4(), decided_at=datetime(2018, 3, 31, 17, tzinfo=UTC),
    )  # fmt: skip
    mapper = PRODUCERS["assessment"].mappers[ComplaintDecidedV1]
    unit_row, officer_row = mapper(decided, envelope_for(decided, 1), NOTHING_KNOWN)
    assert isinstance(unit_row, NewFact)
    assert isinstance(officer_row, NewFact)
    assert [(r.subject_type, r.subject_id) for r in (unit_row, officer_row)] == [
        (SubjectType.UNIT, "STN03"),
        (SubjectType.OFFICER, OFFICER),
    ]
    # 17:00 UTC on 31 March is 1 April in the bureau: it counts for April.
    assert (unit_row.code, unit_row.value, unit_row.counts_for) == (
        "external_evaluation.complaint_upheld",
        Decimal(1),
        date(2018, 4, 1),
    )
    as_fact = Fact(
        fact_id=fact_id_for(unit_row.key), subject_type=unit_row.subject_type, subject_id=unit_row.subject_id,
        unit_id=unit_row.unit_id, category=unit_row.category, code=unit_row.code, value=unit_row.value,
        counts_for=unit_row.counts_for, source_event_id=uuid4(), source_producer="assessment", source_position=1,
    )  # fmt: skip
    (scored,) = score(DEFAULT_SCHEME, [as_fact])
    # The only item measured: 10 - 2 = 8 of its 10 points, prorated to the 100 of the score.
    assert scored.score == Decimal(80)

    not_upheld = decided.model_copy(update={"upheld": False, "officer_ids": [], "matter_id": None})
    assert mapper(not_upheld, envelope_for(not_upheld, 2), NOTHING_KNOWN) == []
