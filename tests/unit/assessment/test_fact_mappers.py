"""Personnel's and cases' public events map to facts (the pure half of the facts projection): who
each fact is about, what it counts, on which day, and which events stand for the same observation."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID, uuid4

from assessment.domain.default_scheme import DEFAULT_SCHEME
from assessment.domain.facts import OFFICER_DEPARTED, FactCategory, fact_id_for
from assessment.domain.periods import SubjectType
from assessment.domain.scoring import scored_codes
from assessment.projections.facts import PRODUCERS
from assessment.projections.facts.known import NOTHING_KNOWN, CaseRecord, Known
from assessment.projections.facts.rows import NewFact, RetractGroup, Written
from shared.contracts import IntegrationEvent
from shared.contracts.cases import (
    CaseChallengeDecidedV1,
    CaseDeadlineBreachedV1,
    CaseErrorFoundV1,
    CaseFiledV1,
    CaseFileReviewCompletedV1,
    CaseStepCompletedV1,
    ExpropriationProjectGrievanceRegisteredV1,
    LeadDeadlineBreachedV1,
    LeadStopOrderIssuedV1,
    LeadVerifiedV1,
    NormativeDocumentFiledV1,
    NormativeDocumentFilingDeadlineBreachedV1,
    ResponsibleOfficer,
    SatelliteInspectionRatioComputedV1,
)
from shared.contracts.personnel import ExamTakenV1, OfficerDepartedV1, TrainingSessionHeldV1
from shared.messaging.envelope import Actor, Envelope

A, B, C = (UUID(f"1f0c6a52-0000-4000-8000-00000000000{i}") for i in (1, 2, 3))
LEAD, CASE = uuid4(), uuid4()
MARCH_5 = datetime(2018, 3, 5, 2, tzinfo=UTC)  # 10:00 in the bureau


def envelope(event: IntegrationEvent, producer: str = "cases") -> Envelope:
    return Envelope(
        event_id=uuid4(), event_type=event.subject, schema_version=1, producer=producer, aggregate_id=uuid4(),
        aggregate_version=1, position=1, previous_position=0, occurred_at=MARCH_5, recorded_at=MARCH_5,
        actor=Actor(id="someone", role="officer"), correlation_id="c", payload=event.model_dump(mode="json"),
    )  # fmt: skip


def mapped(event: IntegrationEvent, known: Known = NOTHING_KNOWN, producer: str = "cases") -> list[Written]:
    return PRODUCERS[producer].mappers[type(event)](event, envelope(event, producer), known)


def facts(rows: list[Written], code: str) -> list[tuple[str, str, Decimal, date]]:
    return [
        (r.subject_type.value, r.subject_id, r.value, r.counts_for)
        for r in rows
        if isinstance(r, NewFact) and r.code == code
    ]


def verified(*, on_time: bool = True, outcome: str = "violation_confirmed") -> LeadVerifiedV1:
    return LeadVerifiedV1(
        lead_id=LEAD, unit_id="STN03", outcome=outcome, verified_at=MARCH_5, officer_ids=[A, B],
        certificate_nos=["HN-1", "HN-2"], area_mu=1.0, cultivated_mu=1.0, basic_farmland_mu=0.0,
        violation_ongoing=True, major_criteria=[], due_on=date(2018, 3, 6) if on_time else date(2018, 3, 2),
        on_time=on_time,
    )  # fmt: skip


def test_a_verified_lead_counts_for_its_unit_and_each_officer_who_verified_it() -> None:
    rows = mapped(verified())
    day = date(2018, 3, 5)
    assert facts(rows, "timeliness.lead_verified_on_time") == [
        ("unit", "STN03", 1, day),
        ("officer", str(A), 1, day),
        ("officer", str(B), 1, day),
    ]
    assert [v for _, _, v, _ in facts(rows, "conduct_and_equipment.certificate_shown")] == [1, 1, 1]
    assert [v for _, _, v, _ in facts(rows, "patrol_and_stopping.stopped_early")] == [0, 0, 0]  # not stopped yet
    assert facts(rows, "procedure_compliance.two_officer_violation") == []
    assert all(r.unit_id == "STN03" for r in rows if isinstance(r, NewFact))
    assert facts(mapped(verified(outcome="no_violation")), "patrol_and_stopping.stopped_early") == []


def test_a_stop_order_replaces_not_stopped_with_stopped() -> None:
    order = LeadStopOrderIssuedV1(
        lead_id=LEAD, unit_id="STN03", doc_no="ZL-1", issued_at=MARCH_5, officer_ids=[A, B],
        certificate_nos=["HN-1", "HN-2"],
    )  # fmt: skip
    first, *rest = mapped(order)
    assert isinstance(first, RetractGroup)
    not_stopped = [r for r in mapped(verified()) if isinstance(r, NewFact) and r.code.endswith("stopped_early")]
    assert {r.group for r in not_stopped} == {first.group}  # the retraction comes before the new facts
    assert [v for _, _, v, _ in facts(rest, "patrol_and_stopping.stopped_early")] == [1, 1, 1]


def test_a_breach_and_the_late_step_are_one_observation_the_breach_also_costs_a_point() -> None:
    late = mapped(verified(on_time=False))
    breach = LeadDeadlineBreachedV1(
        lead_id=LEAD, unit_id="STN03", deadline_kind="verification", due_on=date(2018, 3, 2),
        detected_at=datetime(2026, 1, 1, tzinfo=UTC), officer_ids=[A, B],
    )  # fmt: skip
    breached = mapped(breach)
    timeliness = "timeliness.lead_verified_on_time"
    same = [r for r in breached if isinstance(r, NewFact) and r.code == timeliness]
    assert {r.key for r in same} == {r.key for r in late if isinstance(r, NewFact) and r.code == timeliness}
    assert all(r.first_wins for r in same)
    # The breach counts for the day the limit ran out, not the day it was detected.
    assert facts(breached, timeliness)[0] == ("unit", "STN03", 0, date(2018, 3, 2))
    deductions = [r for r in breached if isinstance(r, NewFact) and r.category is FactCategory.DEDUCTION]
    assert [(r.subject_id, r.code, r.value) for r in deductions] == [
        ("STN03", "deadline_breach", 1),
        (str(A), "deadline_breach", 1),
        (str(B), "deadline_breach", 1),
    ]


def test_filing_is_the_leads_deadline_whether_the_case_was_filed_or_breached() -> None:
    filed = CaseFiledV1(
        case_id=CASE, case_no="孟国土资罚〔2018〕1号", lead_id=LEAD, unit_id="STN03", filed_at=MARCH_5,
        approved_by=C, handling_officer_ids=[A, B], violation_type="illegal_occupation", party_type="person",
        template_id="penalty", template_version="1", rule_version=1, filing_due_on=date(2018, 3, 16), on_time=True,
        decision_due_on=date(2018, 5, 4),
    )  # fmt: skip
    breach = LeadDeadlineBreachedV1(
        lead_id=LEAD, unit_id="STN03", deadline_kind="filing", due_on=date(2018, 3, 16), detected_at=MARCH_5,
        officer_ids=[A, B],
    )  # fmt: skip
    keys = {r.key for r in mapped(filed) if isinstance(r, NewFact)}
    assert keys == {r.key for r in mapped(breach) if isinstance(r, NewFact) and r.code == "timeliness.filed_on_time"}


def test_case_steps_count_for_the_handling_officers_and_acts_for_those_who_acted() -> None:
    known = Known(case=CaseRecord("STN03", (A, B), None))
    published = CaseStepCompletedV1(
        case_id=CASE, case_no="1", unit_id="STN03", step="decision_publication", record="decision_published",
        completed_at=MARCH_5, due_on=date(2018, 3, 9), on_time=True,
    )  # fmt: skip
    rows = mapped(published, known)
    assert [s for _, s, _, _ in facts(rows, "timeliness.published_on_time")] == ["STN03", str(A), str(B)]
    assert [v for _, _, v, _ in facts(rows, "conduct_and_equipment.publicity_compliant")] == [1, 1, 1]
    served_by_post = CaseStepCompletedV1(
        case_id=CASE, case_no="1", unit_id="STN03", step="service", record="decision_served", completed_at=MARCH_5,
        outcome="post", due_on=date(2018, 3, 12), on_time=False,
    )  # fmt: skip
    rows = mapped(served_by_post, known)
    assert [v for _, _, v, _ in facts(rows, "timeliness.served_on_time")] == [0, 0, 0]
    assert facts(rows, "conduct_and_equipment.certificate_shown") == []  # nobody acted on site
    inquiry = CaseStepCompletedV1(
        case_id=CASE, case_no="1", unit_id="STN03", step="investigation", record="inquiry_recorded",
        completed_at=MARCH_5, officer_ids=[C], certificate_nos=[],
    )  # fmt: skip
    rows = mapped(inquiry, known)
    assert facts(rows, "conduct_and_equipment.certificate_shown") == [
        ("unit", "STN03", 0, date(2018, 3, 5)),
        ("officer", str(C), 0, date(2018, 3, 5)),
    ]
    assert len(facts(rows, "procedure_compliance.two_officer_violation")) == 2
    assert len(facts(rows, "procedure_compliance.certificate_not_shown")) == 2


def test_a_case_deadline_breach_names_the_officers_on_the_case_when_it_was_found() -> None:
    breach = CaseDeadlineBreachedV1(
        case_id=CASE, case_no="1", unit_id="STN03", deadline_kind="publication", due_on=date(2018, 3, 9),
        detected_at=MARCH_5, officer_ids=[A],
    )  # fmt: skip
    rows = mapped(breach)
    assert facts(rows, "timeliness.published_on_time") == [
        ("unit", "STN03", 0, date(2018, 3, 9)),
        ("officer", str(A), 0, date(2018, 3, 9)),
    ]
    assert [v for _, _, v, _ in facts(rows, "conduct_and_equipment.publicity_compliant")] == [0, 0]
    assert [s for _, s, _, _ in facts(rows, "deadline_breach")] == ["STN03", str(A)]


def test_a_file_review_scores_the_case_and_marks_the_closed_case_reviewed() -> None:
    known = Known(case=CaseRecord("STN03", (A, B), date(2018, 3, 20)))
    review = CaseFileReviewCompletedV1(
        review_id=uuid4(), case_id=CASE, case_no="1", unit_id="STN03", reviewer_ids=[C], occasion="monthly_sample",
        score=58, grade="fail", category_scores={}, defect_count=1, major_defect_count=1, rule_version=1,
        reviewed_at=datetime(2018, 4, 2, 2, tzinfo=UTC),
    )  # fmt: skip
    rows = mapped(review, known)
    assert facts(rows, "case_quality.review_score") == [
        ("unit", "STN03", 58, date(2018, 4, 2)),
        ("officer", str(A), 58, date(2018, 4, 2)),
        ("officer", str(B), 58, date(2018, 4, 2)),
    ]
    assert len(facts(rows, "case_quality.review_failed")) == 3
    retract, reviewed = rows[-2:]
    assert isinstance(retract, RetractGroup)
    assert isinstance(reviewed, NewFact)
    # The review-rate KPI counts the case in the month it closed, not the month it was reviewed.
    assert (reviewed.code, reviewed.value, reviewed.counts_for) == ("kpi.case_file_reviewed", 1, date(2018, 3, 20))
    assert reviewed.group == retract.group


def test_a_wrongful_case_costs_the_officers_responsible_and_a_revoked_decision_the_unit() -> None:
    error = CaseErrorFoundV1(
        error_id=uuid4(), case_id=CASE, case_no="1", unit_id="STN03", kind="wrongful_case", category="facts_evidence",
        severity="major", description="facts unclear", source="reconsideration", found_at=MARCH_5,
        responsible=[
            ResponsibleOfficer(officer_id=A, role="handler"), ResponsibleOfficer(officer_id=C, role="approver")
        ],
    )  # fmt: skip
    assert [(s, v) for _, s, v, _ in facts(mapped(error), "wrongful_case")] == [("STN03", 1), (str(A), 1), (str(C), 1)]
    defect = error.model_copy(update={"kind": "defect", "source": "file_review"})
    assert mapped(defect) == []  # already in the file's score
    revoked = CaseChallengeDecidedV1(
        case_id=CASE, case_no="1", unit_id="STN03", proceeding="reconsideration", reference="复议〔2018〕3号",
        outcome="revoked", decided_at=MARCH_5,
    )  # fmt: skip
    assert facts(mapped(revoked), "decision_revoked") == [("unit", "STN03", 1, date(2018, 3, 5))]
    assert mapped(revoked.model_copy(update={"outcome": "upheld"})) == []


def test_normative_filing_counts_once_per_document_on_its_due_day() -> None:
    doc = uuid4()
    filed = NormativeDocumentFiledV1(
        doc_id=doc, drafting_unit_id="LEGAL", filed_with="县政府", filed_at=MARCH_5, due_on=date(2018, 3, 1),
        on_time=False, refiling=False,
    )  # fmt: skip
    breached = NormativeDocumentFilingDeadlineBreachedV1(
        doc_id=doc, doc_no="孟国土规〔2018〕1号", drafting_unit_id="LEGAL", due_on=date(2018, 3, 1), detected_at=MARCH_5
    )
    (late,) = mapped(filed)
    assert isinstance(late, NewFact)
    on_breach = mapped(breached)
    assert fact_id_for(late.key) == fact_id_for(on_breach[0].key)
    assert facts(on_breach, "deadline_breach") == [("unit", "LEGAL", 1, date(2018, 3, 1))]
    assert mapped(filed.model_copy(update={"refiling": True})) == []


def test_the_satellite_ratio_of_a_year_replaces_the_one_computed_before() -> None:
    ratio = SatelliteInspectionRatioComputedV1(
        region_code="410322", year=2018, computed_at=MARCH_5, patches=120, unclassified_patches=0, illegal_patches=9,
        illegal_area_mu=60.0, illegal_cultivated_mu=45.0, illegal_basic_farmland_mu=3.0,
        counted_illegal_cultivated_mu=45.0, new_construction_cultivated_mu=1500.0, ratio=0.03, threshold=0.15,
        bad_impact=False, triggered=False, interview_required=False, count_rectified_in_ratio=False,
        filed_as_case_share=None, rectified_share=None, verified_on_time_share=None, rule_version=1,
    )  # fmt: skip
    first, *rest = mapped(ratio)
    assert isinstance(first, RetractGroup)
    assert facts(rest, "kpi.satellite_illegal_cultivated_mu") == [("unit", "410322", Decimal(45), date(2018, 12, 31))]
    assert facts(rest, "kpi.new_construction_cultivated_mu")[0][2] == Decimal(1500)


def test_grievances_count_for_three_none_only_when_compensation_caused_them() -> None:
    grievance = ExpropriationProjectGrievanceRegisteredV1(
        grievance_id=uuid4(), project_id=uuid4(), handling_unit_id="LANDUSE", type="petition", cause="compensation",
        filed_at=MARCH_5, year=2018, counts_for_three_none=True,
    )  # fmt: skip
    assert facts(mapped(grievance), "kpi.three_none.petition") == [("unit", "LANDUSE", 1, date(2018, 3, 5))]
    assert mapped(grievance.model_copy(update={"counts_for_three_none": False})) == []


def exam(kind: str, score: float, passed: bool) -> ExamTakenV1:
    return ExamTakenV1(
        exam_id=uuid4(), officer_id=A, exam_round="2018-Q1", kind=kind, closed_book=True, score=score, pass_mark=60,
        passed=passed, attempt_no=1, taken_at=MARCH_5, rules_version=1,
    )  # fmt: skip


def test_the_quarterly_exam_scores_the_officer_and_the_unit_every_exam_counts_for_the_pass_rate() -> None:
    known = Known(officer_units={A: "STN03", B: "STN03"})
    rows = mapped(exam("quarterly_course", 55.5, passed=False), known, "personnel")
    assert facts(rows, "training_exam.exam_score") == [
        ("unit", "STN03", Decimal("55.5"), date(2018, 3, 5)),
        ("officer", str(A), Decimal("55.5"), date(2018, 3, 5)),
    ]
    assert len(facts(rows, "training_exam.exam_failed")) == 2
    assert facts(rows, "kpi.exam_passed") == [("officer", str(A), 0, date(2018, 3, 5))]
    qualification = mapped(exam("general_law", 85, passed=True), known, "personnel")
    assert [r.code for r in qualification if isinstance(r, NewFact)] == ["kpi.exam_passed"]
    assert mapped(exam("quarterly_course", 90, passed=True), NOTHING_KNOWN, "personnel") == []  # officer unknown


def test_the_friday_study_expects_every_officer_of_the_units_that_attended() -> None:
    known = Known(officer_units={A: "STN03", B: "STN03", C: "STN04"})
    session = TrainingSessionHeldV1(
        session_id=uuid4(), kind="weekly_friday", held_at=datetime(2018, 3, 2, 1, tzinfo=UTC), topics=["土地管理法"],
        trainer="法规股", attendee_ids=[A],
    )  # fmt: skip
    rows = mapped(session, known, "personnel")
    attendance = [(t, s, v) for t, s, v, _ in facts(rows, "training_exam.attendance")]
    assert sorted(attendance) == sorted(
        [("unit", "STN03", 1), ("officer", str(A), 1), ("unit", "STN03", 0), ("officer", str(B), 0)]
    )  # STN04 sent nobody: the session was not theirs
    assert all(r.subject_type is SubjectType.UNIT or r.unit_id == "STN03" for r in rows if isinstance(r, NewFact))
    pre_post = session.model_copy(update={"kind": "pre_post"})
    assert mapped(pre_post, known, "personnel") == []


def test_an_officer_leaving_leaves_a_fact_on_the_day_no_scheme_scores() -> None:
    departure = OfficerDepartedV1(
        officer_id=A, reason="retired", note="", decided_by="县人社局", departed_at=datetime(2018, 3, 5, 17, tzinfo=UTC)
    )
    rows = mapped(departure, Known(officer_units={A: "STN03"}), "personnel")
    # 01:00 on 6 March in the bureau: the bureau day, not the UTC one.
    assert facts(rows, OFFICER_DEPARTED) == [("officer", str(A), Decimal(1), date(2018, 3, 6))]
    assert mapped(departure, NOTHING_KNOWN, "personnel") == []
    assert OFFICER_DEPARTED not in scored_codes(DEFAULT_SCHEME)
