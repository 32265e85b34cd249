"""A projection reports how fresh it is: each applied event is timed from its recording in the
producer's store to the projection's commit (`zeren_consumer_event_age_seconds`)."""

from __future__ import annotations

import asyncio

from prometheus_client import REGISTRY

from assessment.projections import RosterProjection
from tests.support.backbone import Backbone
from tests.support.wait import eventually

AGE = "zeren_consumer_event_age_seconds"
LABELS = {"projection": "assessment-roster", "producer": "personnel"}
APPLIED = "SELECT count(*) FROM consumer_applied WHERE projection = 'assessment-roster'"


def sample(suffix: str, **extra: str) -> float:
    return REGISTRY.get_sample_value(f"{AGE}_{suffix}", {**LABELS, **extra}) or 0.0


async def test_each_applied_event_is_timed_from_its_recording_not_its_delivery(backbone: Backbone) -> None:
    before = {name: sample(name) for name in ("count", "sum")}
    within_a_second = sample("bucket", le="1.0")
    within_a_minute = sample("bucket", le="60.0")
    await backbone.enroll_and_certify(5)  # 10 events, recorded now
    relay = backbone.start(backbone.relay())
    await asyncio.sleep(1.5)  # they wait in the stream before any projector runs
    runner = backbone.start(backbone.runner(RosterProjection(), backbone.assessment_pool))

    async def applied() -> bool:
        return bool(await backbone.assessment_pool.fetchval(APPLIED) == 10)

    await eventually(applied, timeout=60)
    await runner.halt()
    await relay.halt()
    assert sample("count") - before["count"] == 10
    assert sample("sum") - before["sum"] >= 10 * 1.5
    assert sample("bucket", le="1.0") == within_a_second  # none looks fresher than it is
    assert sample("bucket", le="60.0") - within_a_minute == 10
