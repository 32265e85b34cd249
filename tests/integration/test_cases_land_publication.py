"""Every land event stored in PostgreSQL reaches JetStream through the real `cases relay` process,
under its subject, in an envelope whose payload decodes as the shared contract."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import nats

from cases.application import Cases
from cases.bootstrap import MIGRATIONS
from cases.integration import to_integration_event
from shared.contracts import decode
from shared.db.migrate import migrate_url
from shared.db.urls import eventsourcing_env
from shared.devstack.process import free_port
from shared.domain import FixedClock
from shared.messaging.envelope import Envelope
from tests.unit.cases.land.test_land_integration import (
    LAND_SUBJECTS,
)
from tests.unit.cases.land.test_land_integration import (
    test_the_land_workflows_publish_every_land_subject_and_each_decodes as run_every_land_workflow,
)


def relay(database_url: str, nats_url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "NATS_URL": nats_url,
        "HTTP_HOST": "127.0.0.1",
        "WORKER_HTTP_PORT": str(free_port()),
    }
    return subprocess.Popen([sys.executable, "-m", "cases", "relay"], env=env)


async def test_the_cases_relay_publishes_every_land_subject_as_its_contract(
    database_url: str, nats_url: str, fixed_clock: FixedClock
) -> None:
    await migrate_url(database_url, "cases", MIGRATIONS)
    cases = Cases(env=eventsourcing_env(database_url, "cases", pool_size=4))
    try:
        await asyncio.to_thread(run_every_land_workflow, cases)  # the same workflows, stored in PostgreSQL
        expected = [
            (notification.id, event.subject)
            for notification in cases.recorder.select_notifications(1, 10_000)
            if (event := to_integration_event(cases.mapper.to_domain_event(notification))) is not None
        ]
    finally:
        cases.close()

    process = relay(database_url, nats_url)
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        for _ in range(300):
            try:
                if (await js.stream_info("CASES")).state.messages >= len(expected):
                    break
            except nats.js.errors.NotFoundError:
                pass
            await asyncio.sleep(0.1)
        subscription = await js.subscribe("cases.>", ordered_consumer=True)
        received = []
        for _ in expected:
            message = await subscription.next_msg(timeout=10)
            envelope = Envelope.model_validate_json(message.data)
            assert message.subject == envelope.event_type
            contract = decode(envelope.event_type, envelope.payload)
            assert contract.model_dump(mode="json") == envelope.payload
            received.append((envelope.position, envelope.event_type))
    finally:
        await nc.close()
        process.terminate()
        assert process.wait(timeout=30) == 0

    assert received == expected
    assert {subject for _, subject in received} == LAND_SUBJECTS
