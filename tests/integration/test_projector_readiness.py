"""A projector whose projection cannot subscribe to its stream says so: its readiness check fails
after the grace period, naming the durable consumer, and `zeren_consumer_subscribed` is 0, until
the stream exists and the consumer is bound."""

from __future__ import annotations

import asyncio

import pytest
from prometheus_client import REGISTRY

from assessment.projections import RosterProjection
from shared.messaging.consumer import ConsumersNotSubscribedError, subscriptions_check
from shared.messaging.streams import ensure_stream, stream_for
from tests.support.backbone import Backbone
from tests.support.wait import eventually

LABELS = {"projection": "assessment-roster", "producer": "personnel"}


def subscribed() -> float | None:
    return REGISTRY.get_sample_value("zeren_consumer_subscribed", LABELS)


async def test_a_projection_without_its_stream_makes_the_projector_not_ready_until_it_binds(
    backbone: Backbone,
) -> None:
    runner = backbone.runner(RosterProjection(), backbone.assessment_pool)
    check = subscriptions_check([runner], grace_seconds=0.5)
    await check()  # within the grace period: a projector just started is ready
    backbone.start(runner)  # the personnel stream does not exist yet: no relay has declared it
    await asyncio.sleep(1.0)
    with pytest.raises(ConsumersNotSubscribedError, match=r"^assessment-roster--personnel$"):
        await check()
    assert subscribed() == 0

    await ensure_stream(backbone.nc.jetstream(), stream_for("personnel"))

    async def ready() -> bool:
        try:
            await check()
        except ConsumersNotSubscribedError:
            return False
        return True

    await eventually(ready, timeout=15)
    assert subscribed() == 1
