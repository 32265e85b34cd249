"""Waiting until a running stack has nothing in flight: every relay has published what its service
stored and every durable consumer has drained its stream. Benchmarks measure from there (not while
the pipeline still digests what set them up), and tests compare states that are final."""

from __future__ import annotations

import asyncio
import urllib.request

import asyncpg
import nats
from prometheus_client.parser import text_string_to_metric_families

from shared.devstack.launcher import Stack
from tests.support.wait import eventually_sync

SERVICES = ("personnel", "cases", "assessment")


async def relayed(database_url: str) -> bool:
    """Each relay's position has reached the last event its service stored."""
    conn = await asyncpg.connect(database_url)
    try:
        for service in SERVICES:
            stored = await conn.fetchval(
                f'SELECT coalesce(max(notification_id), 0) FROM "{service}"."{service}_events"'
            )
            relayed = await conn.fetchval(f'SELECT coalesce(max(notification_id), 0) FROM "{service}".relay_position')
            if relayed < stored:
                return False
        return True
    finally:
        await conn.close()


async def drained(nats_url: str) -> bool:
    """Every durable consumer of every service's stream has nothing pending or unacknowledged."""
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        for service in SERVICES:
            for info in await js.consumers_info(service.upper()):
                if info.num_pending or info.num_ack_pending:
                    return False
        return True
    finally:
        await nc.close()


def ready(stack: Stack) -> bool:
    """Every process answers `/readyz`, and every consumer of every projector is bound (metric
    `zeren_consumer_subscribed`): a consumer not created yet would pass for a drained one."""
    for item in stack.running:
        if item.process.poll() is not None:
            continue  # stopped on purpose (a test quietens the schedulers): nothing of it is in flight
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{item.spec.health_port}/readyz", timeout=2) as response:
                if response.status != 200:
                    return False
            with urllib.request.urlopen(f"http://127.0.0.1:{item.spec.health_port}/metrics", timeout=2) as response:
                metrics = response.read().decode()
        except OSError:
            return False
        bound = [
            sample.value
            for family in text_string_to_metric_families(metrics)
            if family.name == "zeren_consumer_subscribed"
            for sample in family.samples
        ]
        if not all(bound) or (item.spec.name.endswith("-project") and not bound):
            return False
    return True


async def settled(stack: Stack) -> bool:
    # Drained, relayed, drained again: an event a policy consumer stored while the first check ran is
    # seen by the relay check, and its consumption by the last.
    return (
        await asyncio.to_thread(ready, stack)
        and await drained(stack.nats_url)
        and await relayed(stack.database_url)
        and await drained(stack.nats_url)
    )


def wait_settled(stack: Stack, *, timeout: float = 120.0) -> None:
    eventually_sync(lambda: asyncio.run(settled(stack)), timeout=timeout)
