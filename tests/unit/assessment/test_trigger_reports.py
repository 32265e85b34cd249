"""Cases' trigger events as trigger reports, and the matters the policy makes of them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from assessment.domain.accountability.terms import Category, Trigger
from assessment.domain.accountability.triggers import TriggerKind, matter_for_trigger
from assessment.projections.trigger_reports import trigger_report
from shared.contracts import IntegrationEvent
from shared.contracts.cases import (
    CaseChallengeDecidedV1,
    CaseDeadlineBreachedV1,
    CaseErrorFoundV1,
    LeadDeadlineBreachedV1,
    LeadTakenOverV1,
    NormativeDocumentFilingDeadlineBreachedV1,
    ResponsibleOfficer,
    SatelliteBatchClearanceBreachedV1,
    SatelliteInspectionAccountabilityTriggeredV1,
)
from shared.messaging.envelope import Actor, Envelope

A, B = UUID("1f0c6a52-0000-4000-8000-000000000001"), UUID("1f0c6a52-0000-4000-8000-000000000002")
AT = datetime(2018, 3, 20, 2, tzinfo=UTC)


def report(event: IntegrationEvent):
    envelope = Envelope(
        event_id=uuid4(), event_type=event.subject, schema_version=1, producer="cases", aggregate_id=uuid4(),
        aggregate_version=1, position=1, previous_position=0, occurred_at=AT, recorded_at=AT,
        actor=Actor(id="scheduler:deadline-watch", role="system"), correlation_id="c",
        payload=event.model_dump(mode="json"),
    )  # fmt: skip
    found = trigger_report(event, envelope, satellite_unit_id="ENF")
    if found is not None:
        assert found.trigger_event_id == str(envelope.event_id)  # the matter's id derives from it
    return found


def test_a_missed_case_deadline_holds_the_handling_officers_to_account_for_inaction() -> None:
    found = report(
        CaseDeadlineBreachedV1(
            case_id=uuid4(), case_no="1", unit_id="STN03", deadline_kind="decision", due_on=date(2018, 5, 4),
            detected_at=AT, officer_ids=[A, B, A],
        )
    )  # fmt: skip
    assert (found.kind, found.unit_id, found.officer_ids) == (TriggerKind.DEADLINE_BREACH, "STN03", (str(A), str(B)))
    assert found.related["deadline_kind"] == "decision"
    plan = matter_for_trigger(found)
    assert plan is not None
    assert (plan.category, plan.trigger) == (Category.INACTION, Trigger.DEADLINE_BREACH)


def test_a_lead_not_verified_in_time_is_an_unverified_lead_other_lead_deadlines_are_breaches() -> None:
    breach = LeadDeadlineBreachedV1(
        lead_id=uuid4(), unit_id="STN03", deadline_kind="verification", due_on=date(2018, 3, 6), detected_at=AT,
        officer_ids=[],
    )  # fmt: skip
    assert report(breach).kind is TriggerKind.UNVERIFIED_LEAD
    assert report(breach.model_copy(update={"deadline_kind": "filing"})).kind is TriggerKind.DEADLINE_BREACH


def test_errors_a_wrongful_case_raises_a_matter_a_minor_defect_does_not() -> None:
    error = CaseErrorFoundV1(
        error_id=uuid4(), case_id=uuid4(), case_no="1", unit_id="STN03", kind="wrongful_case",
        category="legal_basis", severity="major", description="wrong article",
        responsible=[ResponsibleOfficer(officer_id=A, role="handler")], source="litigation", found_at=AT,
    )  # fmt: skip
    wrongful = matter_for_trigger(report(error))
    assert wrongful is not None
    assert (wrongful.category, wrongful.trigger, wrongful.suspected_officer_ids) == (
        Category.WRONGFUL_CASE,
        Trigger.DECISION_REVOKED,
        (str(A),),
    )
    minor = error.model_copy(update={"kind": "defect", "severity": "minor", "source": "file_review"})
    assert report(minor).kind is TriggerKind.ERROR_FOUND
    assert matter_for_trigger(report(minor)) is None
    major = minor.model_copy(update={"severity": "major"})
    assert matter_for_trigger(report(major)).trigger is Trigger.CASE_FILE_REVIEW_FAILED  # type: ignore[union-attr]


def test_a_decided_challenge_raises_nothing_itself_its_wrongful_case_does() -> None:
    challenge = CaseChallengeDecidedV1(
        case_id=uuid4(), case_no="1", unit_id="STN03", proceeding="litigation", reference="(2018)豫0322行初1号",
        outcome="revoked", decided_at=AT,
    )  # fmt: skip
    assert report(challenge) is None


def test_land_triggers_name_the_drafting_unit_or_the_unit_answering_for_the_satellite_campaign() -> None:
    normative = NormativeDocumentFilingDeadlineBreachedV1(
        doc_id=uuid4(), doc_no="孟国土规〔2018〕1号", drafting_unit_id="LEGAL", due_on=date(2018, 3, 1), detected_at=AT
    )
    assert (report(normative).kind, report(normative).unit_id) == (TriggerKind.DEADLINE_BREACH, "LEGAL")
    clearance = SatelliteBatchClearanceBreachedV1(
        batch_id=uuid4(), region_code="410322", period="2018-03", due_on=date(2018, 3, 31), detected_at=AT,
        unreported_patch_ids=[uuid4(), uuid4()], missing_registrations=0,
    )  # fmt: skip
    found = report(clearance)
    assert (found.unit_id, found.related["unreported_patches"]) == ("ENF", "2")
    triggered = SatelliteInspectionAccountabilityTriggeredV1(
        region_code="410322", year=2018, ratio=0.16, threshold=0.15, bad_impact=False, leader_ids=["county-head"],
        proposed_sanction="admonishment_talk", triggered_at=AT, rule_version=1,
    )  # fmt: skip
    plan = matter_for_trigger(report(triggered))
    assert plan is not None
    assert (plan.trigger, plan.unit_id, plan.suspected_officer_ids) == (
        Trigger.SATELLITE_ACCOUNTABILITY,
        "ENF",
        ("county-head",),
    )


def test_a_lead_the_superior_took_over_because_it_was_not_filed_holds_its_verifiers_to_account() -> None:
    takeover = LeadTakenOverV1(
        lead_id=uuid4(), unit_id="STN05", superior="洛阳市国土资源局", reason="should_have_filed",
        letter_no="洛国土资函〔2018〕12号", officer_ids=[A, B], taken_over_at=AT,
    )  # fmt: skip
    found = report(takeover)
    assert (found.kind, found.unit_id, found.officer_ids) == (TriggerKind.SUPERIOR_TAKEOVER, "STN05", (str(A), str(B)))
    plan = matter_for_trigger(found)
    assert plan is not None
    assert (plan.category, plan.trigger) == (Category.INACTION, Trigger.SUPERIOR_SUPERVISION)
    assert plan.related["letter_no"] == "洛国土资函〔2018〕12号"
    # Taken over because the case is complex or of major impact: nobody failed.
    for reason in ("complex", "major_impact"):
        assert matter_for_trigger(report(takeover.model_copy(update={"reason": reason}))) is None
