"""The backlogs the Stuck alerts read (deploy/k8s/monitoring): the relay's (`zeren_relay_lag_events`)
and the notary's (`zeren_notary_lag_events`) while they work through it, zero once caught up, and the
relay's whole backlog while it cannot publish."""

from __future__ import annotations

import gc

import pytest
from prometheus_client import REGISTRY

from shared.audit.note import SignerKey
from shared.messaging.streams import ensure_stream, stream_for
from tests.support.audit import StepClock, make_notary, prepare_audit
from tests.support.backbone import Backbone


def relay_lag() -> float | None:
    return REGISTRY.get_sample_value("zeren_relay_lag_events", {"producer": "personnel"})


def notary_lag() -> float | None:
    return REGISTRY.get_sample_value("zeren_notary_lag_events", {"log": "personnel"})


async def test_the_lag_counts_down_the_backlog_and_reaches_zero(backbone: Backbone) -> None:
    await backbone.enroll_and_certify(10)
    stored = backbone.personnel.recorder.max_notification_id()
    assert stored is not None
    assert stored >= 20
    await ensure_stream(backbone.nc.jetstream(), stream_for("personnel"))
    relay = backbone.relay(batch_size=5)
    seen = []
    async with backbone.personnel_pool.acquire() as conn:
        while await relay.pump(conn):
            seen.append(relay_lag())
    assert seen == [float(stored - read) for read in range(0, stored, 5)]  # measured before each batch
    assert relay_lag() == 0


async def test_a_relay_that_cannot_publish_shows_its_whole_backlog(
    backbone: Backbone, caplog: pytest.LogCaptureFixture
) -> None:
    await backbone.enroll_and_certify(3)
    relay = backbone.relay(batch_size=2, publish_timeout=1.0)  # no stream: JetStream does not answer
    async with backbone.personnel_pool.acquire() as conn:
        with pytest.raises(Exception):  # noqa: B017, PT011 - whichever error the publisher gives up with
            await relay.pump(conn)
    assert relay_lag() == backbone.personnel.recorder.max_notification_id()
    gc.collect()
    assert "never retrieved" not in caplog.text  # each refused message's error was taken, not only the first


async def test_the_notary_s_lag_counts_down_its_backlog_and_reaches_zero(backbone: Backbone) -> None:
    await prepare_audit(backbone)
    await backbone.enroll_and_certify(10)
    stored = backbone.personnel.recorder.max_notification_id()
    assert stored is not None
    notary = make_notary(backbone, [SignerKey.generate("zeren-notary-lag")], batch_size=5, now=StepClock())
    await notary.prepare()
    seen = []
    async with backbone.personnel_pool.acquire() as conn:
        await notary.resume(conn)
        while await notary.pump(conn):
            seen.append(notary_lag())
        await notary.pump(conn)
    assert seen == [float(stored - read) for read in range(0, stored, 5)]  # measured before each batch
    assert notary_lag() == 0
