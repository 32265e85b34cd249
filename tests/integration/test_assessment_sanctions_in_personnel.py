"""A sanction assessment imposes takes effect in personnel through assessment's relay, NATS and
personnel's consumer: the certificate is suspended once however often the event is delivered or the
consumer rebuilt, and the sanction revoked on appeal reinstates it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from uuid import UUID

import asyncpg
import pytest
from nats.js import JetStreamContext

from assessment.domain.accountability.terms import AppealResult, Category, ResponsibleRole, Share, Tier, Trigger
from personnel.application import Personnel
from personnel.bootstrap import MIGRATIONS as PERSONNEL_MIGRATIONS
from personnel.domain import Certificate, CertificateStatus, UnitKind
from personnel.jobs import ScheduledSanctionWatch
from personnel.projections import AssessmentDecisions
from shared.db.migrate import migrate_url
from shared.db.pool import create_pool
from shared.db.urls import eventsourcing_env
from shared.domain import FixedClock
from shared.messaging.consumer import ProjectionRunner, durable_name, rebuild
from tests.support.assessment import DIRECTOR, AssessmentHarness, deliver_again, table_dump
from tests.support.consumers import consumer_state
from tests.support.personnel import certify, enrol, register_units, train_and_post
from tests.support.wait import eventually

NO = "HN-LY-2017-0001"
IMPOSED_AT = datetime(2018, 8, 1, 2, tzinfo=UTC)


@pytest.fixture
async def personnel(database_url: str, fixed_clock: FixedClock) -> AsyncIterator[tuple[Personnel, asyncpg.Pool, UUID]]:
    await migrate_url(database_url, "personnel", PERSONNEL_MIGRATIONS)
    app = await asyncio.to_thread(lambda: Personnel(env=eventsourcing_env(database_url, "personnel", pool_size=2)))

    def certified() -> UUID:
        register_units(app, {"STN03": UnitKind.STATION})
        officer = enrol(app)
        train_and_post(app, officer.id)
        certify(app, officer.id, NO)
        return officer.id

    officer_id = await asyncio.to_thread(certified)
    fixed_clock.set(IMPOSED_AT)
    pool = await create_pool(database_url, "personnel", max_size=2)
    yield app, pool, officer_id
    await pool.close()
    app.close()


def suspend(harness: AssessmentHarness, officer_id: UUID, effective_at: datetime = IMPOSED_AT) -> tuple[UUID, UUID]:
    app = harness.app
    matter = app.raise_matter(
        category=Category.OTHER, trigger=Trigger.BY_HAND, unit_id="STN03", suspected_officer_ids=[str(officer_id)],
        related={}, summary="certificate lent to a non-enforcement colleague",
    )  # fmt: skip
    app.open_investigation(matter.id, ["legal-li"])
    app.determine_responsibility(
        matter.id, officer_id=str(officer_id), role=ResponsibleRole.HANDLER, share=Share.FULL, basis="own act"
    )
    app.impose_sanction(
        matter.id, officer_id=str(officer_id), unit_id=None, sanction_type="certificate_suspension", tier=Tier.MEDIUM,
        effective_at=effective_at, ends_at=datetime(2018, 10, 31, 16, tzinfo=UTC), officer_unit_id="STN03",
    )  # fmt: skip
    (sanction,) = app.get_matter(matter.id).sanctions
    return matter.id, sanction


async def test_a_suspension_takes_effect_once_and_is_lifted_when_the_sanction_is_revoked(
    harness: AssessmentHarness, personnel: tuple[Personnel, asyncpg.Pool, UUID], fixed_clock: FixedClock
) -> None:
    app, pool, officer_id = personnel
    matter, sanction = await harness.call(lambda: suspend(harness, officer_id), as_=DIRECTOR)
    consumer = AssessmentDecisions(lambda: app)
    js = harness.nc.jetstream()
    relay = harness.start(harness.relay())
    runner = harness.start(ProjectionRunner(consumer, "assessment", js=js, pool=pool))
    try:
        rows = await eventually(lambda: ledger(pool))
        assert rows == [("assessment.sanction.imposed.v1", sanction, officer_id, "in_effect")]
        certificate = await asyncio.to_thread(app.get_certificate, NO)
        assert certificate.status_at(datetime(2018, 9, 1, tzinfo=UTC)) is CertificateStatus.SUSPENDED
        assert certificate.blocks[-1].accountability_id == sanction
        suspended = [
            e for e in await asyncio.to_thread(app.certificate_history, NO) if isinstance(e, Certificate.Suspended)
        ]
        assert [(e.actor_id, e.decided_by) for e in suspended] == [("policy:assessment-decisions", "director-zhang")]
        written = app.recorder.max_notification_id()
        before = await table_dump(pool, "personnel_assessment_decisions")

        await deliver_again(js, "ASSESSMENT")
        await eventually(lambda: drained(harness, consumer.name))
        await rebuild(js, pool, consumer)
        await eventually(lambda: ledger(pool))
        assert await table_dump(pool, "personnel_assessment_decisions") == before
        assert app.recorder.max_notification_id() == written  # neither the copies nor the rebuild applied it again

        fixed_clock.set(datetime(2018, 8, 6, 2, tzinfo=UTC))

        def appeal() -> None:
            harness.app.appeal_sanction(
                matter,
                sanction_id=sanction,
                grounds="the card was stolen",
                appealed_at=datetime(2018, 8, 5, tzinfo=UTC),
            )
            harness.app.decide_appeal(matter, sanction_id=sanction, result=AppealResult.REVOKED, note="theft proven")

        await harness.call(appeal, as_=DIRECTOR)
        lifted = await eventually(lambda: ledger(pool, "assessment.sanction.revoked.v1"))
        assert lifted == [("assessment.sanction.revoked.v1", sanction, officer_id, "lifted")]
        certificate = await asyncio.to_thread(app.get_certificate, NO)
        assert certificate.status_at(datetime(2018, 8, 7, tzinfo=UTC)) is not CertificateStatus.SUSPENDED
        assert certificate.blocks[-1].ends_at == datetime(2018, 8, 6, 2, tzinfo=UTC)  # reinstated when revoked
    finally:
        for job in (relay, runner):
            await job.halt()


async def test_a_suspension_decided_to_start_later_waits_for_the_scheduler_and_starts_at_its_instant(
    harness: AssessmentHarness, personnel: tuple[Personnel, asyncpg.Pool, UUID], fixed_clock: FixedClock
) -> None:
    app, pool, officer_id = personnel
    starts = datetime(2018, 8, 20, tzinfo=UTC)
    _, sanction = await harness.call(lambda: suspend(harness, officer_id, effective_at=starts), as_=DIRECTOR)
    consumer = AssessmentDecisions(lambda: app)
    js = harness.nc.jetstream()
    relay = harness.start(harness.relay())
    runner = harness.start(ProjectionRunner(consumer, "assessment", js=js, pool=pool))
    try:
        assert await eventually(lambda: ledger(pool)) == [
            ("assessment.sanction.imposed.v1", sanction, officer_id, "scheduled")
        ]
        certificate = await asyncio.to_thread(app.get_certificate, NO)
        assert certificate.status_at(datetime(2018, 8, 21, tzinfo=UTC)) is not CertificateStatus.SUSPENDED
        watch = ScheduledSanctionWatch(app)
        assert await asyncio.to_thread(watch.run) == []

        fixed_clock.set(datetime(2018, 8, 20, 0, 1, tzinfo=UTC))
        assert await asyncio.to_thread(watch.run) == [(officer_id, sanction, "certificate_suspension")]
        certificate = await asyncio.to_thread(app.get_certificate, NO)
        assert certificate.blocks[-1].starts_at == starts
        assert certificate.status_at(datetime(2018, 8, 21, tzinfo=UTC)) is CertificateStatus.SUSPENDED
        written = app.recorder.max_notification_id()

        await rebuilt(js, pool, consumer)  # replayed after its instant: the ledger keeps what was decided
        assert await ledger(pool) == [("assessment.sanction.imposed.v1", sanction, officer_id, "scheduled")]
        assert app.recorder.max_notification_id() == written
    finally:
        for job in (relay, runner):
            await job.halt()


async def test_a_sanction_refused_for_want_of_a_certificate_stays_refused_when_the_policy_is_rebuilt(
    harness: AssessmentHarness, personnel: tuple[Personnel, asyncpg.Pool, UUID], fixed_clock: FixedClock
) -> None:
    """Replayed after a certificate was issued, the decision is not applied to it: a rebuild of the
    policy issues no command, whatever personnel's state has become."""
    app, pool, _ = personnel
    uncertified = (await asyncio.to_thread(enrol, app)).id
    await asyncio.to_thread(train_and_post, app, uncertified)
    _, sanction = await harness.call(lambda: suspend(harness, uncertified), as_=DIRECTOR)
    consumer = AssessmentDecisions(lambda: app)
    js = harness.nc.jetstream()
    relay = harness.start(harness.relay())
    runner = harness.start(ProjectionRunner(consumer, "assessment", js=js, pool=pool))
    try:
        refusal = [("assessment.sanction.imposed.v1", sanction, uncertified, "refused:no_certificate_in_force")]
        assert await eventually(lambda: ledger(pool)) == refusal
        await asyncio.to_thread(certify, app, uncertified, "HN-LY-2018-0009")  # a certificate issued since
        written = app.recorder.max_notification_id()

        await rebuilt(js, pool, consumer)
        assert await ledger(pool) == refusal
        assert app.recorder.max_notification_id() == written  # nothing suspended by the replay
        certificate = await asyncio.to_thread(app.get_certificate, "HN-LY-2018-0009")
        assert certificate.blocks == []
    finally:
        for job in (relay, runner):
            await job.halt()


async def cursor(pool: asyncpg.Pool, projection: str) -> int | None:
    position: int | None = await pool.fetchval(
        "SELECT position FROM consumer_cursor WHERE projection = $1 AND producer = 'assessment'", projection
    )
    return position


async def rebuilt(js: JetStreamContext, pool: asyncpg.Pool, consumer: AssessmentDecisions) -> None:
    """Rebuild the consumer as an operator would, and wait until it has gone through the stream again."""
    reached = await cursor(pool, consumer.name)
    await rebuild(js, pool, consumer)
    await eventually(lambda: back_at(pool, consumer.name, reached))


async def back_at(pool: asyncpg.Pool, projection: str, position: int | None) -> bool:
    return await cursor(pool, projection) == position


async def ledger(pool: asyncpg.Pool, event_type: str | None = None) -> list[tuple[str, UUID, UUID, str]]:
    rows = await pool.fetch(
        "SELECT event_type, decision_id, officer_id, outcome FROM personnel_assessment_decisions"
        " WHERE $1::text IS NULL OR event_type = $1 ORDER BY position",
        event_type,
    )
    return [(r["event_type"], r["decision_id"], r["officer_id"], r["outcome"]) for r in rows]


async def drained(harness: AssessmentHarness, projection: str) -> bool:
    info = await consumer_state(harness.nc.jetstream(), "ASSESSMENT", durable_name(projection, "assessment"))
    return info is not None and info.num_pending == 0 and info.num_ack_pending == 0
