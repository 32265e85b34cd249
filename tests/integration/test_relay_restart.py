"""(a) A relay killed between publishing and recording its position re-publishes what it had sent,
and the stream still holds each event exactly once."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

from shared.devstack.process import free_port
from shared.messaging.relay import load_position
from tests.support.backbone import Backbone


def run_relay(database_url: str, nats_url: str, *, crash_after_publish: bool) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "NATS_URL": nats_url,
        "HTTP_HOST": "127.0.0.1",
        "WORKER_HTTP_PORT": str(free_port()),
    }
    if crash_after_publish:
        env["ZEREN_FAULT_RELAY_AFTER_PUBLISH"] = "1"
    return subprocess.Popen([sys.executable, "-m", "personnel", "relay"], env=env)


async def test_a_relay_killed_after_publishing_republishes_and_the_stream_holds_each_event_once(
    backbone: Backbone, database_url: str, nats_url: str
) -> None:
    await backbone.enroll_and_certify(20)  # 40 public events

    crashing = run_relay(database_url, nats_url, crash_after_publish=True)
    assert crashing.wait(timeout=60) == 137  # died after publishing, before recording

    js = backbone.nc.jetstream()
    assert (await js.stream_info("PERSONNEL")).state.messages == 40
    async with backbone.personnel_pool.acquire() as conn:
        assert (await load_position(conn, "personnel")).notification_id == 0  # nothing recorded

    relay = run_relay(database_url, nats_url, crash_after_publish=False)
    try:
        for _ in range(200):
            async with backbone.personnel_pool.acquire() as conn:
                if (await load_position(conn, "personnel")).notification_id == 40:
                    break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("the restarted relay did not catch up")
    finally:
        relay.terminate()
        assert relay.wait(timeout=30) == 0  # a clean stop on SIGTERM

    info = await js.stream_info("PERSONNEL")
    assert info.state.messages == 40
    subscription = await js.subscribe("personnel.>", ordered_consumer=True)
    ids, positions = set(), []
    for _ in range(40):
        message = await subscription.next_msg(timeout=5)
        envelope = json.loads(message.data)
        ids.add(envelope["event_id"])
        positions.append(envelope["position"])
    await subscription.unsubscribe()
    assert len(ids) == 40
    assert positions == sorted(positions) == list(range(1, 41))
