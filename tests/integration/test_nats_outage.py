"""(e) With NATS stopped, commands still commit; everything reaches the projection when it returns."""

from __future__ import annotations

import asyncio

import pytest

from assessment.projections import RosterProjection
from tests.support.backbone import Backbone, count
from tests.support.infra import NatsServer
from tests.support.wait import eventually


async def test_commands_commit_while_nats_is_down_and_project_after_it_returns(
    backbone: Backbone, nats_server: NatsServer
) -> None:
    if not nats_server.restartable:
        pytest.skip("needs a NATS server this test session started")
    relay = backbone.start(backbone.relay(publish_timeout=2.0))
    roster = backbone.start(backbone.runner(RosterProjection(), backbone.assessment_pool))
    await backbone.enroll_and_certify(3, prefix="BEFORE")
    officers = "SELECT count(*) FROM roster_officers"
    await eventually(lambda: _equals(backbone, officers, 3))

    nats_server.stop()
    await backbone.enroll_and_certify(5, prefix="DURING")  # must not need NATS
    assert await asyncio.to_thread(backbone.personnel.recorder.max_notification_id) == 16
    await asyncio.sleep(1.0)
    assert await count(backbone.assessment_pool, officers) == 3

    nats_server.restart()
    await eventually(lambda: _equals(backbone, officers, 8), timeout=60)
    assert await count(backbone.assessment_pool, "SELECT count(*) FROM roster_certificates") == 8
    assert await count(backbone.assessment_pool, "SELECT count(*) FROM officer_history") == 16
    await relay.halt()
    await roster.halt()


async def _equals(backbone: Backbone, sql: str, expected: int) -> bool:
    return await count(backbone.assessment_pool, sql) == expected
