"""(e) With NATS stopped, commands still commit; everything reaches the projection when it returns."""

from __future__ import annotations

import asyncio
import signal
import time

import pytest
from nats.aio.client import Client

from assessment.projections import RosterProjection
from shared.messaging.consumer import ProjectionRunner
from shared.messaging.publishing import BatchPublisher, Outgoing
from shared.messaging.streams import ensure_stream, stream_for
from tests.support.backbone import Backbone, count
from tests.support.infra import NatsServer
from tests.support.wait import eventually

# Far longer than a reconnect: a relay or a consumer that waited out a request the dead server
# owed them would miss the test's deadline.
PATIENT_TIMEOUT = 60.0


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


async def test_a_batch_whose_acks_died_with_the_server_is_published_again_on_reconnect(
    backbone: Backbone, nats_server: NatsServer
) -> None:
    """The server takes the batch and dies before acknowledging it: the relay publishes it again as
    soon as it is reconnected, instead of waiting out its publish timeout; the consumer, whose pull
    and lag query died with the server too, fetches again at once."""
    if not nats_server.restartable:
        pytest.skip("needs a NATS server this test session started")
    relay = backbone.start(backbone.relay(publish_timeout=PATIENT_TIMEOUT))
    patient = backbone.nc.jetstream(timeout=PATIENT_TIMEOUT)
    roster = backbone.start(
        ProjectionRunner(RosterProjection(), "personnel", js=patient, pool=backbone.assessment_pool)
    )
    await backbone.enroll_and_certify(2, prefix="BEFORE")
    officers = "SELECT count(*) FROM roster_officers"
    await eventually(lambda: _equals(backbone, officers, 2))

    assert nats_server.embedded is not None
    assert nats_server.embedded.process is not None
    nats_server.embedded.process.send_signal(signal.SIGSTOP)  # reads nothing, acknowledges nothing
    await backbone.enroll_and_certify(3, prefix="UNACKED")
    await asyncio.sleep(1.0)  # the relay has sent the batch into the frozen server's socket
    nats_server.crash()
    nats_server.restart()
    returned = time.monotonic()

    await eventually(lambda: _equals(backbone, officers, 5), timeout=PATIENT_TIMEOUT / 2)
    print(f"batch re-published and projected {time.monotonic() - returned:.1f} s after NATS returned")
    assert (await backbone.nc.jetstream().stream_info("PERSONNEL")).state.messages == 10  # each once
    await relay.halt()
    await roster.halt()


async def test_publishing_many_batches_adds_no_subscription_per_batch(nats_client: Client) -> None:
    """Each JetStream context subscribes to an acknowledgement inbox on first use: a publisher that
    made one per batch would leave a subscription behind for every batch it ever sent."""
    await ensure_stream(nats_client.jetstream(), stream_for("personnel"))
    publisher = BatchPublisher(nats_client)
    await publisher.publish("PERSONNEL", [Outgoing("personnel.probe.v1", b"0", "probe-0")], ack_within=10)
    subscriptions = len(nats_client._subs)
    for batch in range(1, 21):
        outgoing = [Outgoing("personnel.probe.v1", b"%d" % n, f"probe-{batch}-{n}") for n in range(5)]
        acks = await publisher.publish("PERSONNEL", outgoing, ack_within=10)
        assert [ack.seq for ack in acks] == sorted(ack.seq for ack in acks)  # stored in the order sent
    assert len(nats_client._subs) == subscriptions
