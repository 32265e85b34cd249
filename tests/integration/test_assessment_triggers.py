"""Cases' real trigger events (deadlines breached by the scheduler, a decision revoked on
reconsideration) raise one accountability matter each, through cases' relay, NATS and assessment's
policy consumer; every message delivered a second time, and the consumer and the facts projection
rebuilt from position 0, raise nothing more and leave identical rows: the rebuilt policy keeps its
ledger and calls no command again."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg
import pytest

from assessment.domain.accountability.triggers import TriggerReport
from assessment.projections import AccountabilityTriggers, FactsProjection
from cases.application import Cases
from cases.integration import to_integration_event as cases_public
from shared.domain import CommandContext, FixedClock, command_context
from shared.messaging.consumer import durable_name, rebuild
from shared.messaging.envelope import Envelope
from shared.messaging.relay import Relay
from tests.support.assessment import AssessmentHarness, deliver_again, table_dump
from tests.support.consumers import consumer_state
from tests.support.wait import eventually
from tests.unit.cases.procedure.support import World, acting, at, decided_case

TABLES = ("assessment_facts", "fact_cases", "accountability_triggers")
SCHEDULER = CommandContext(actor_id="scheduler:deadline-watch", actor_role="system", correlation_id="watch")


@pytest.fixture
def fixed_clock(fixed_clock: FixedClock) -> FixedClock:
    """The end of 2018: every deadline of the year has passed."""
    fixed_clock.set(datetime(2018, 12, 31, tzinfo=UTC))
    return fixed_clock


def a_year_of_cases(world: World) -> None:
    """A lead never verified, and a case decided in March whose decision a reconsideration revoked in
    June; nothing else was done, so on 31 December every open deadline has been missed. Two verified
    leads the superior bureau took over in time: one the bureau should have filed, one complex."""
    with acting():
        world.lead("L-2018-NEVER")
        for register_no, reason in (("L-2018-TAKEN", "should_have_filed"), ("L-2018-COMPLEX", "complex")):
            lead = world.lead(register_no)
            world.verify(lead)
            world.cases.take_over_lead(
                lead, superior="洛阳市国土资源局", reason=reason, letter_no=f"洛国土资函 {register_no}",
                taken_over_at=at("2018-03-06"),
            )  # fmt: skip
        case = decided_case(world, "MJ-2018-REVOKED")
        world.cases.file_challenge(
            case, proceeding="reconsideration", body="孟津县人民政府", reference="孟政复〔2018〕7号",
            filed_at=at("2018-04-10"),
        )  # fmt: skip
        world.cases.decide_challenge(
            case, proceeding="reconsideration", reference="孟政复〔2018〕7号", outcome="revoked",
            category="facts_evidence", description="the area occupied was not established",
            responsible=[{"officer_id": world.a, "role": "handler"}], decided_at=at("2018-06-01"),
        )  # fmt: skip
    with command_context(SCHEDULER):
        world.cases.watch_deadlines()


def public_events(app: Cases) -> list[Any]:
    notifications = app.recorder.select_notifications(start=1, limit=100_000)
    return [e for e in (cases_public(app.mapper.to_domain_event(n)) for n in notifications) if e is not None]


class CountingTriggers(AccountabilityTriggers):
    """The policy, counting the commands it runs."""

    commands = 0

    def _raise(self, report: TriggerReport, envelope: Envelope) -> UUID | None:
        self.commands += 1
        return super()._raise(report, envelope)


async def caught_up(harness: AssessmentHarness, projections: tuple[str, ...], stream_seq: int) -> bool:
    rows = await harness.pool.fetch(
        "SELECT stream_seq FROM consumer_cursor WHERE producer = 'cases' AND projection = ANY($1)", list(projections)
    )
    return len(rows) == len(projections) and all(row["stream_seq"] == stream_seq for row in rows)


async def test_each_trigger_raises_one_matter_whatever_is_delivered_again_or_rebuilt(
    harness: AssessmentHarness, cases: tuple[Cases, World, asyncpg.Pool]
) -> None:
    app, world, cases_pool = cases
    await asyncio.to_thread(a_year_of_cases, world)
    published = await asyncio.to_thread(public_events, app)
    kinds = Counter(type(e).__name__ for e in published)
    assert kinds["LeadDeadlineBreachedV1"] == 1  # the lead's verification
    assert kinds["CaseDeadlineBreachedV1"] >= 2  # publication and service at least
    assert kinds["CaseErrorFoundV1"] == 1  # the wrongful case of the revoked decision
    assert kinds["LeadTakenOverV1"] == 2

    relay = Relay(
        producer="cases", recorder=app.recorder, mapper=app.mapper, translate=cases_public, nc=harness.nc,
        pool=cases_pool, channel="cases_events", idle_seconds=0.2,
    )  # fmt: skip
    policy = CountingTriggers(lambda: harness.app, satellite_unit_id="ENF")
    jobs = [harness.start(relay), *(harness.start(harness.runner(p, "cases")) for p in (policy, FactsProjection()))]
    try:
        await delivered_twice_and_rebuilt(harness, world, policy, len(published), kinds)
    finally:
        for job in jobs:
            await job.halt()


async def delivered_twice_and_rebuilt(
    harness: AssessmentHarness, world: World, policy: CountingTriggers, published: int, kinds: Counter[str]
) -> None:
    js = harness.nc.jetstream()
    names = (policy.name, FactsProjection.name)
    # A takeover raises a matter only when the bureau should have filed the lead.
    triggers = kinds["LeadDeadlineBreachedV1"] + kinds["CaseDeadlineBreachedV1"] + kinds["CaseErrorFoundV1"] + 1
    await eventually(lambda: caught_up(harness, names, published), timeout=60)

    raised = await matters(harness)
    assert len(raised) == triggers
    assert Counter(e.trigger for e in raised) == {
        "unverified_lead": 1,
        "deadline_breach": kinds["CaseDeadlineBreachedV1"],
        "decision_revoked": 1,
        "superior_supervision": 1,
    }
    taken = next(e for e in raised if e.trigger == "superior_supervision")
    assert (taken.category, taken.suspected_officer_ids) == ("inaction", [str(world.a), str(world.b)])
    wrongful = next(e for e in raised if e.trigger == "decision_revoked")
    assert (wrongful.category, wrongful.unit_id, wrongful.suspected_officer_ids) == (
        "wrongful_case",
        "STN03",
        [str(world.a)],
    )
    assert wrongful.actor_id == "policy:accountability-triggers"
    assert wrongful.raised_on.isoformat() == "2018-06-01"  # the business day of the trigger, not of its delivery
    assert wrongful.causation_id in wrongful.trigger_event_ids
    rows = await harness.pool.fetch("SELECT trigger_event_id, matter_id FROM accountability_triggers")
    assert {str(r["matter_id"]) for r in rows if r["matter_id"] is not None} == {str(e.originator_id) for e in raised}
    assert sum(r["matter_id"] is None for r in rows) == 1  # the complex takeover: considered, nobody at fault
    assert (
        await harness.pool.fetchval(
            "SELECT count(*) FROM assessment_facts WHERE code = 'wrongful_case' AND subject_id = $1", str(world.a)
        )
        == 1
    )
    before = {table: await table_dump(harness.pool, table) for table in TABLES}

    # Every cases message delivered a second time: recognised by position, nothing raised or written.
    await deliver_again(js, "CASES")
    await eventually(lambda: drained(harness, names), timeout=60)
    assert len(await matters(harness)) == triggers
    assert {table: await table_dump(harness.pool, table) for table in TABLES} == before

    # The policy and the facts rebuilt from position 0: the same rows, still one matter each, and
    # the policy replays from its ledger without running a command.
    commands = policy.commands
    for projection in (policy, FactsProjection()):
        await rebuild(js, harness.pool, projection)
    await eventually(lambda: caught_up(harness, names, published), timeout=90)
    assert {table: await table_dump(harness.pool, table) for table in TABLES} == before
    assert len(await matters(harness)) == triggers
    assert policy.commands == commands


async def drained(harness: AssessmentHarness, projections: tuple[str, ...]) -> bool:
    """Every message of the stream, copies included, delivered to and settled by each consumer."""
    js = harness.nc.jetstream()
    infos = [await consumer_state(js, "CASES", durable_name(name, "cases")) for name in projections]
    return all(
        i is not None
        and i.num_pending == 0
        and i.num_ack_pending == 0
        and i.delivered is not None
        and i.delivered.stream_seq > 0
        for i in infos
    )


async def matters(harness: AssessmentHarness) -> list[Any]:
    def raised() -> list[Any]:
        notifications = harness.app.recorder.select_notifications(start=1, limit=100_000)
        events = [harness.app.mapper.to_domain_event(n) for n in notifications]
        return [e for e in events if type(e).__qualname__ == "AccountabilityMatter.Raised"]

    return await asyncio.to_thread(raised)
