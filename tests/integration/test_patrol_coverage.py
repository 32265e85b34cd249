"""A unit's patrol plan and its patrols, stored by cases in PostgreSQL, reach assessment through
cases' relay, NATS and the facts projection as the unit's patrol coverage: one fact per planned
area, the latest value standing, in the unit's score explanation. Every message delivered a second
time and the projection rebuilt from position 0 leave the same rows."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import asyncpg
import pytest

from assessment.domain.periods import SubjectType
from assessment.projections import FactsProjection
from cases.application import Cases
from cases.domain.patrol_terms import PlannedArea
from cases.integration import to_integration_event as cases_public
from shared.domain import FixedClock
from shared.messaging.consumer import rebuild
from shared.messaging.relay import Relay
from tests.integration.test_assessment_triggers import caught_up, drained, public_events
from tests.support.assessment import AssessmentHarness, deliver_again, table_dump
from tests.support.wait import eventually
from tests.unit.cases.patrols.support import patrol, publish
from tests.unit.cases.procedure.support import World, acting, at

COVERAGE = "patrol_and_stopping.patrol_coverage"


@pytest.fixture
def fixed_clock(fixed_clock: FixedClock) -> FixedClock:
    """The end of 2018: every deadline of the year has passed."""
    fixed_clock.set(datetime(2018, 12, 31, tzinfo=UTC))
    return fixed_clock


def a_month_of_patrols(world: World) -> None:
    """STN03's April: three areas planned; A01 and A02 patrolled; a revision on the 10th asks for
    four days on A01 and drops A03 (never patrolled); A01 patrolled again on the 17th, and that
    patrol entered twice."""
    plan_id = publish(
        world,
        areas=[
            PlannedArea("A01", "410322100", "东村", 2),
            PlannedArea("A02", "410322100", "西村", 1),
            PlannedArea("A03", "410322101", "南庄", 1),
        ],
    )
    with acting():
        patrol(world, plan_id, "XC-001", "A01", day="2018-04-03")
        patrol(world, plan_id, "XC-002", "A02", day="2018-04-04")
    with acting("unit_head"):
        world.cases.revise_patrol_plan(
            plan_id,
            areas=[PlannedArea("A01", "410322100", "东村", 4), PlannedArea("A02", "410322100", "西村", 1)],
            revised_at=at("2018-04-10"),
        )
    with acting():
        patrol(world, plan_id, "XC-003", "A01", day="2018-04-17")
        patrol(world, plan_id, "XC-003", "A01", day="2018-04-17")  # entered again: nothing recorded


async def effective_coverage(harness: AssessmentHarness) -> list[tuple[str, Decimal]]:
    rows = await harness.pool.fetch(
        "SELECT f.detail->>'area_code' AS area, f.value FROM assessment_facts f WHERE f.code = $1"
        " AND f.category <> 'retraction' AND f.subject_type = 'unit' AND f.subject_id = 'STN03'"
        " AND NOT EXISTS (SELECT 1 FROM assessment_facts r WHERE r.retracts = f.fact_id)",
        COVERAGE,
    )
    return sorted((row["area"], row["value"]) for row in rows)


async def test_a_plan_and_its_patrols_are_the_units_patrol_coverage_whatever_is_delivered_again(
    harness: AssessmentHarness, cases: tuple[Cases, World, asyncpg.Pool]
) -> None:
    app, world, cases_pool = cases
    await asyncio.to_thread(a_month_of_patrols, world)
    published = await asyncio.to_thread(public_events, app)
    assert [e.subject for e in published] == [
        "cases.patrol_plan.published.v1",
        "cases.patrol_plan.patrol_logged.v1",
        "cases.patrol_plan.patrol_logged.v1",
        "cases.patrol_plan.revised.v1",
        "cases.patrol_plan.patrol_logged.v1",
    ]

    js = harness.nc.jetstream()
    relay = Relay(
        producer="cases", recorder=app.recorder, mapper=app.mapper, translate=cases_public, nc=harness.nc,
        pool=cases_pool, channel="cases_events", idle_seconds=0.2,
    )  # fmt: skip
    facts = FactsProjection()
    jobs = [harness.start(relay), harness.start(harness.runner(facts, "cases"))]
    try:
        await eventually(lambda: caught_up(harness, (facts.name,), len(published)), timeout=60)
        assert await effective_coverage(harness) == [("A01", Decimal("0.5")), ("A02", Decimal(1))]
        await the_units_score_explains_its_coverage(harness)
        before = await table_dump(harness.pool, "assessment_facts")

        await deliver_again(js, "CASES")
        await eventually(lambda: drained(harness, (facts.name,)), timeout=60)
        assert await table_dump(harness.pool, "assessment_facts") == before

        await rebuild(js, harness.pool, facts)
        await eventually(lambda: caught_up(harness, (facts.name,), len(published)), timeout=90)
        assert await table_dump(harness.pool, "assessment_facts") == before
    finally:
        for job in jobs:
            await job.halt()


async def the_units_score_explains_its_coverage(harness: AssessmentHarness) -> None:
    computed = await harness.call(lambda: harness.app.preview(SubjectType.UNIT, "2018-04"))
    row = next(r for r in computed.rows() if r["subject_id"] == "STN03")
    item = next(i for i in row["explanation"]["items"] if i["code"] == "patrol_and_stopping")
    metric: dict[str, Any] = next(m for m in item["metrics"] if m["fact"] == COVERAGE)
    assert item["measured"] is True
    assert (metric["observations"], Decimal(metric["value"])) == (2, Decimal("0.75"))
    # Each point back to the facts behind it: the two areas' latest values, nothing retracted.
    standing = await harness.pool.fetch(
        "SELECT fact_id::text FROM assessment_facts f WHERE f.code = $1 AND f.category <> 'retraction'"
        " AND NOT EXISTS (SELECT 1 FROM assessment_facts r WHERE r.retracts = f.fact_id)",
        COVERAGE,
    )
    assert sorted(metric["fact_ids"]) == sorted(r["fact_id"] for r in standing)
