"""Patrol plans map to coverage facts of the plan's unit: one per planned area and month, each event
replacing what stood before for the areas it carries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID, uuid4

from assessment.domain.periods import SubjectType
from assessment.projections.facts import PRODUCERS
from assessment.projections.facts.known import NOTHING_KNOWN
from assessment.projections.facts.rows import NewFact, RetractGroup
from shared.contracts.cases import (
    PatrolAreaCoverage,
    PatrolPlanPatrolLoggedV1,
    PatrolPlanPublishedV1,
    PatrolPlanRevisedV1,
)
from tests.unit.assessment.test_fact_mappers import A, B, envelope, mapped

PLAN = uuid4()
COVERAGE = "patrol_and_stopping.patrol_coverage"
APRIL_30 = date(2018, 4, 30)


def area(code: str, required: int, visits: int) -> PatrolAreaCoverage:
    return PatrolAreaCoverage(
        area_code=code, township_code="410322100", village="东村", visits_required=required, visits=visits
    )


def coverage(rows: Sequence[object]) -> list[tuple[str, str, Decimal, date, str | None]]:
    return [
        (r.subject_type.value, r.subject_id, r.value, r.counts_for, r.group)
        for r in rows
        if isinstance(r, NewFact) and r.code == COVERAGE
    ]


def retracted_groups(rows: Sequence[object]) -> list[str]:
    return [r.group for r in rows if isinstance(r, RetractGroup)]


def group(code: str) -> str:
    return f"patrol_plan/{PLAN}/area/{code}"


def test_a_published_plan_is_one_uncovered_fact_per_area_for_the_unit_at_the_months_end() -> None:
    rows = mapped(
        PatrolPlanPublishedV1(
            plan_id=PLAN, unit_id="STN03", month="2018-04", revision=1,
            published_at=datetime(2018, 3, 28, 2, tzinfo=UTC), areas=[area("A01", 2, 0), area("A02", 1, 0)],
        )
    )  # fmt: skip
    assert coverage(rows) == [
        ("unit", "STN03", Decimal(0), APRIL_30, group("A01")),
        ("unit", "STN03", Decimal(0), APRIL_30, group("A02")),
    ]
    assert all(r.subject_type is SubjectType.UNIT for r in rows if isinstance(r, NewFact))  # never an officer


def test_a_patrol_replaces_its_areas_coverage_with_min_visits_required_over_required() -> None:
    def logged(visits: int, required: int) -> PatrolPlanPatrolLoggedV1:
        return PatrolPlanPatrolLoggedV1(
            plan_id=PLAN, unit_id="STN03", month="2018-04", patrol_id="XC-1", area=area("A01", required, visits),
            patrolled_at=datetime(2018, 4, 3, 1, tzinfo=UTC), officer_ids=[A, B], certificate_nos=["HN-1", "HN-2"],
            findings="none",
        )  # fmt: skip

    rows = mapped(logged(1, 3))
    assert retracted_groups(rows) == [group("A01")]
    assert coverage(rows) == [("unit", "STN03", Decimal("0.3333"), APRIL_30, group("A01"))]
    assert [v for _, _, v, _, _ in coverage(mapped(logged(5, 3)))] == [Decimal(1)]  # more visits than required


def test_a_revision_replaces_every_area_and_retracts_those_it_dropped() -> None:
    rows = mapped(
        PatrolPlanRevisedV1(
            plan_id=PLAN, unit_id="STN03", month="2018-02", revision=2, revised_at=datetime(2018, 2, 10, tzinfo=UTC),
            areas=[area("A01", 4, 1)], dropped_area_codes=["A03"],
        )
    )  # fmt: skip
    assert retracted_groups(rows) == [group("A01"), group("A03")]
    assert coverage(rows) == [("unit", "STN03", Decimal("0.25"), date(2018, 2, 28), group("A01"))]


def test_a_mapper_is_a_pure_function_of_the_event_and_its_envelope() -> None:
    event = PatrolPlanPublishedV1(
        plan_id=UUID(int=7), unit_id="STN03", month="2018-04", revision=1,
        published_at=datetime(2018, 3, 28, tzinfo=UTC), areas=[area("A01", 1, 0)],
    )  # fmt: skip
    delivered = envelope(event)
    mapper = PRODUCERS["cases"].mappers[PatrolPlanPublishedV1]
    # A replay delivers the same envelope: the same rows.
    assert mapper(event, delivered, NOTHING_KNOWN) == mapper(event, delivered, NOTHING_KNOWN)
