"""A period is not ranked on facts still arriving: while personnel's stream holds events the facts
projection has not applied, or while `assessment-facts` is being rebuilt, closing is refused (409
`facts_not_caught_up`) and nothing is recorded; once the facts have caught up, it goes ahead. Real
PostgreSQL and NATS: personnel's relay, the facts projector, and the JetStream the close asks."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import nats
import pytest

from assessment.application import Assessments
from assessment.application.periods import FactsNotCaughtUpError
from assessment.domain.periods import SubjectType
from assessment.domain.rankings import AssessmentPeriod
from assessment.projections import FactsProjection
from assessment.projections.facts import FACTS_PROJECTION
from assessment.readmodel.facts import PostgresFacts
from assessment.readmodel.facts_feed import JetStreamFactsFeed
from shared.db.urls import eventsourcing_env
from shared.domain import FixedClock, command_context
from shared.messaging.consumer import durable_name, rebuild
from tests.support.assessment import SECRETARIAT
from tests.support.backbone import Backbone
from tests.support.consumers import consumer_state
from tests.support.wait import eventually

DURABLE = durable_name(FACTS_PROJECTION, "personnel")


@pytest.fixture
async def assessments(backbone: Backbone, fixed_clock: FixedClock) -> AsyncIterator[Assessments]:
    url = backbone.database_url

    def build() -> Assessments:
        application = Assessments(
            env=eventsourcing_env(url, "assessment", pool_size=2),
            facts=PostgresFacts(url, "assessment", max_size=2),
            facts_feed=JetStreamFactsFeed(lambda: nats.connect(backbone.nats_url)),
        )
        application.ensure_default_rules()
        return application

    application = await asyncio.to_thread(build)
    yield application
    application.close()


async def published(backbone: Backbone, events: int) -> bool:
    info = await backbone.nc.jetstream().stream_info("PERSONNEL")
    return info.state.messages >= events


async def settled(backbone: Backbone, events: int) -> bool:
    """The facts projection has applied (and acknowledged) the first `events` personnel events."""
    info = await consumer_state(backbone.nc.jetstream(), "PERSONNEL", DURABLE)
    return (
        info is not None
        and info.num_pending == 0
        and info.num_ack_pending == 0
        and info.ack_floor is not None
        and (info.ack_floor.stream_seq or 0) >= events
    )


async def close_march(assessments: Assessments) -> AssessmentPeriod:
    def close() -> AssessmentPeriod:
        with command_context(SECRETARIAT):
            return assessments.close_period(SubjectType.UNIT, "2018-03")

    return await asyncio.to_thread(close)


async def test_a_period_is_not_closed_on_facts_still_arriving_or_being_rebuilt(
    backbone: Backbone, assessments: Assessments, fixed_clock: FixedClock
) -> None:
    facts = FactsProjection()
    backbone.start(backbone.relay())
    await backbone.enroll_and_certify(3)  # 6 personnel events
    projector = backbone.start(backbone.runner(facts, backbone.assessment_pool))
    await eventually(lambda: settled(backbone, 6))
    await projector.halt()
    await backbone.enroll_and_certify(2, prefix="LATE")  # 4 more, published but not applied
    await eventually(lambda: published(backbone, 10))
    fixed_clock.set(datetime(2018, 4, 2, 2, tzinfo=UTC))
    written = assessments.recorder.max_notification_id()

    with pytest.raises(FactsNotCaughtUpError) as behind:
        await close_march(assessments)
    assert (behind.value.code, behind.value.status) == ("facts_not_caught_up", 409)
    assert behind.value.details["unsettled_events"] == {"personnel": 4}
    assert behind.value.details["rebuilding"] == []

    # The facts rebuilt while their projector is down: its consumer is gone until it replays.
    await rebuild(backbone.nc.jetstream(), backbone.assessment_pool, facts)
    with pytest.raises(FactsNotCaughtUpError) as rebuilding:
        await close_march(assessments)
    assert rebuilding.value.details["rebuilding"] == ["personnel"]
    assert assessments.recorder.max_notification_id() == written  # neither refusal recorded anything

    backbone.start(backbone.runner(facts, backbone.assessment_pool))
    await eventually(lambda: settled(backbone, 10))
    ranking = await close_march(assessments)
    assert ranking.facts_through["personnel"] > 0
