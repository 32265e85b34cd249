"""Stored events map to the public contract, and public events map to facts (the pure halves of the
relay and of the facts projection)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

from assessment.application import Assessments, InMemoryFacts
from assessment.domain.accountability.terms import Category, ResponsibleRole, Share, Tier, Trigger
from assessment.domain.entries import EvaluationMethod
from assessment.domain.facts import FactCategory, fact_id_for
from assessment.domain.periods import SubjectType
from assessment.integration import to_integration_event
from assessment.projections.facts import PRODUCERS
from assessment.projections.facts.known import NOTHING_KNOWN
from assessment.projections.facts.rows import NewFact, Retraction
from shared.contracts import IntegrationEvent
from shared.contracts.assessment import SanctionImposedV1
from shared.domain import FixedClock, command_context
from shared.messaging.envelope import Actor, Envelope
from tests.unit.assessment.conftest import as_director, at
from tests.unit.assessment.facts import fact

OFFICER = "1f0c6a52-0000-4000-8000-000000000001"


def public_events(app: Assessments) -> list[IntegrationEvent]:
    notifications = app.recorder.select_notifications(start=1, limit=1000)
    translated = [to_integration_event(app.mapper.to_domain_event(n)) for n in notifications]
    return [event for event in translated if event is not None]


def envelope_for(event: IntegrationEvent, position: int) -> Envelope:
    moment = datetime(2018, 4, 2, 2, tzinfo=UTC)
    return Envelope(
        event_id=uuid4(),
        event_type=event.subject,
        schema_version=1,
        producer="assessment",
        aggregate_id=uuid4(),
        aggregate_version=1,
        position=position,
        previous_position=position - 1,
        occurred_at=moment,
        recorded_at=moment,
        actor=Actor(id="someone", role="assessment_secretariat"),
        correlation_id="c",
        payload=event.model_dump(mode="json"),
    )


def test_every_step_publishes_its_public_event_and_private_steps_publish_nothing(
    app: Assessments, facts: InMemoryFacts, clock: FixedClock
) -> None:
    entry = app.record_public_evaluation(
        subject_type=SubjectType.UNIT, subject_id="STN03", unit_id="STN03", counts_for=date(2018, 3, 10),
        method=EvaluationMethod.CARD, score=Decimal(80), sample_size=30, evidence_ref="card 3",
    )  # fmt: skip
    app.withdraw_entry(entry.id, "entered twice")
    facts.add(
        *(
            # as the facts projection would have them: after the entry and its withdrawal (positions 1, 2)
            fact(u, "external_evaluation.public_score", v, producer="assessment", position=10 + i)
            for i, (u, v) in enumerate([("A", 90), ("B", 80), ("C", 70), ("D", 60)])
        )
    )
    at(clock, "2018-04-02")
    app.close_period(SubjectType.UNIT, "2018-03")
    matter = app.raise_matter(
        category=Category.INACTION, trigger=Trigger.BY_HAND, unit_id="STN03", suspected_officer_ids=[OFFICER],
        related={}, summary="found on inspection",
    )  # fmt: skip
    app.open_investigation(matter.id, ["legal-li"])
    app.determine_responsibility(
        matter.id, officer_id=OFFICER, role=ResponsibleRole.HANDLER, share=Share.FULL, basis=""
    )
    with command_context(as_director()):
        app.impose_sanction(
            matter.id, officer_id=OFFICER, unit_id=None, sanction_type="certificate_suspension", tier=Tier.MEDIUM,
            effective_at=datetime(2018, 4, 3, tzinfo=UTC), ends_at=datetime(2018, 7, 3, tzinfo=UTC),
        )  # fmt: skip
    subjects = [event.subject for event in public_events(app)]
    assert subjects == [
        "assessment.public_evaluation.collected.v1",
        "assessment.score_entry.withdrawn.v1",
        "assessment.ranking.published.v1",
        "assessment.admonishment_talk.required.v1",
        "assessment.admonishment_talk.required.v1",
        "assessment.admonishment_talk.required.v1",
        "assessment.accountability_matter.raised.v1",
        "assessment.sanction.imposed.v1",
    ]
    sanction = public_events(app)[-1]
    assert isinstance(sanction, SanctionImposedV1)
    assert (sanction.tier, sanction.suspends_certificate, sanction.removes_from_enforcement_post) == ("2", True, False)
    assert (str(sanction.officer_id), sanction.decided_by, sanction.officer_unit_id) == (
        OFFICER,
        "director-zhang",
        "STN03",
    )


def test_public_events_become_facts_and_withdrawals_retract_them(app: Assessments, clock: FixedClock) -> None:
    item = app.record_score_item(
        subject_type=SubjectType.UNIT, subject_id="STN03", unit_id="STN03", counts_for=date(2018, 3, 12),
        item_code="patrol_and_stopping", points=Decimal(12), evidence_ref="inspection",
    )  # fmt: skip
    app.record_deduction(
        subject_type=SubjectType.UNIT, subject_id="STN03", unit_id="STN03", counts_for=date(2018, 3, 13),
        deduction_code="enforcement_petition", occurrences=2, evidence_ref="petition 17",
    )  # fmt: skip
    app.withdraw_entry(item.id, "wrong unit")
    mappers = PRODUCERS["assessment"].mappers
    rows = []
    for position, event in enumerate(public_events(app), start=1):
        rows += mappers[type(event)](event, envelope_for(event, position), NOTHING_KNOWN)
    first, second, third = rows
    assert isinstance(first, NewFact)
    assert (first.category, first.code, first.value) == (
        FactCategory.MEASURE,
        "patrol_and_stopping.manual",
        Decimal("0.8"),
    )
    assert isinstance(second, NewFact)
    assert (second.category, second.code, second.value) == (FactCategory.DEDUCTION, "enforcement_petition", 2)
    assert isinstance(third, Retraction)
    assert fact_id_for(third.retracts_key) == fact_id_for(first.key)


def test_a_sanction_becomes_a_deduction_of_its_tier_and_a_revocation_retracts_it() -> None:
    from assessment.domain.default_scheme import DEFAULT_SCHEME
    from assessment.domain.facts import Fact
    from assessment.domain.scoring import score
    from shared.contracts.assessment import SanctionRevokedV1

    sanction_id, matter_id = uuid4(), uuid4()
    imposed = SanctionImposedV1(
        sanction_id=sanction_id, matter_id=matter_id, officer_id=OFFICER, unit_id=None,
        sanction_type="circulated_criticism", tier="2", effective_at=datetime(2018, 5, 31, 17, tzinfo=UTC),
        ends_at=None, decided_by="director-zhang", suspends_certificate=False, removes_from_enforcement_post=False,
        officer_unit_id="STN03",
    )  # fmt: skip
    (row,) = PRODUCERS["assessment"].mappers[SanctionImposedV1](imposed, envelope_for(imposed, 1), NOTHING_KNOWN)
    assert isinstance(row, NewFact)
    # 17:00 UTC on 31 May is 1 June in the bureau's time zone: the deduction counts for June.
    assert (row.subject_type, row.subject_id, row.unit_id) == (SubjectType.OFFICER, OFFICER, "STN03")
    assert (row.category, row.code, row.value, row.counts_for) == (
        FactCategory.DEDUCTION,
        "sanction_tier_2",
        Decimal(1),
        date(2018, 6, 1),
    )
    as_fact = Fact(
        fact_id=fact_id_for(row.key), subject_type=row.subject_type, subject_id=row.subject_id, unit_id=row.unit_id,
        category=row.category, code=row.code, value=row.value, counts_for=row.counts_for, source_event_id=uuid4(),
        source_producer="assessment", source_position=1,
    )  # fmt: skip
    (scored,) = score(DEFAULT_SCHEME, [as_fact])
    assert scored.score == Decimal(95)  # full marks, tier 2: -5
    revoked = SanctionRevokedV1(
        sanction_id=sanction_id, matter_id=matter_id, officer_id=OFFICER, unit_id=None,
        reason="appeal revoked", revoked_at=datetime(2018, 6, 20, tzinfo=UTC),
    )  # fmt: skip
    (retract,) = PRODUCERS["assessment"].mappers[SanctionRevokedV1](revoked, envelope_for(revoked, 2), NOTHING_KNOWN)
    assert isinstance(retract, Retraction)
    assert fact_id_for(retract.retracts_key) == as_fact.fact_id
