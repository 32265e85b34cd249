"""Overload: calls beyond what a service may take, or while the gateway itself is behind, are refused
at once with 503 and Retry-After, and never reach the service."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
from prometheus_client import REGISTRY

from gateway.admission import Admission, OverloadedError
from gateway.pressure import LoopLag
from shared.devstack.keys import DevKeys
from tests.support.wait import eventually
from tests.unit.gateway.conftest import bearer, running_gateway

OFFICER = "/api/personnel/officers/0b7e4a52-6f1e-4c55-9d7a-3f0c2b1e8a41"


def _shed(service: str, reason: str) -> float:
    value = REGISTRY.get_sample_value("zeren_gateway_shed_total", {"service": service, "reason": reason})
    return value or 0.0


async def _until(condition: Callable[[], bool]) -> None:
    async def probe() -> bool:
        return condition()

    await eventually(probe, timeout=5, interval=0.01)


async def _holding(admission: Admission, release: asyncio.Event) -> None:
    async with admission.slot():
        await release.wait()


async def _one_slot_held(
    service: str, *, max_queued: int, queue_timeout: float, patient_timeout: float, overload_after: float
) -> tuple[Admission, asyncio.Event, asyncio.Task[None]]:
    """An admission with one slot, taken by a call that holds it until the event is set."""
    admission = Admission(
        service,
        max_in_flight=1,
        max_queued=max_queued,
        queue_timeout=queue_timeout,
        patient_timeout=patient_timeout,
        overload_after=overload_after,
    )
    release = asyncio.Event()
    holder = asyncio.create_task(_holding(admission, release))
    await asyncio.sleep(0)
    return admission, release, holder


async def _refused(admission: Admission) -> OverloadedError:
    with pytest.raises(OverloadedError) as refused:
        async with admission.slot():
            pass
    return refused.value


async def test_a_full_queue_refuses_at_once_and_a_waiting_call_is_admitted_when_a_slot_frees() -> None:
    admission, release, holder = await _one_slot_held(
        "personnel", max_queued=1, queue_timeout=5, patient_timeout=5, overload_after=0
    )
    waiter = asyncio.create_task(_holding(admission, asyncio.Event()))
    await asyncio.sleep(0)
    assert admission.queued == 1
    before = _shed("personnel", "queue_full")
    refused = await _refused(admission)
    assert (refused.service, refused.reason) == ("personnel", "queue_full")
    assert _shed("personnel", "queue_full") == before + 1
    release.set()
    await holder
    await _until(lambda: admission.queued == 0)  # the waiter holds the slot now
    assert not waiter.done()
    waiter.cancel()


async def test_a_call_not_admitted_in_time_is_refused_and_leaves_no_slot_or_place_behind() -> None:
    admission, release, holder = await _one_slot_held(
        "cases", max_queued=4, queue_timeout=0.05, patient_timeout=0.05, overload_after=0
    )
    assert (await _refused(admission)).reason == "queue_timeout"
    cancelled = asyncio.create_task(_holding(admission, asyncio.Event()))
    await asyncio.sleep(0)
    cancelled.cancel()  # a client that went away while waiting
    await asyncio.gather(cancelled, return_exceptions=True)
    assert admission.queued == 0
    release.set()
    await holder
    async with asyncio.timeout(1):  # the one slot is free again: admitted without waiting
        async with admission.slot():
            assert admission.queued == 0


async def test_a_queue_just_formed_waits_patiently_and_one_that_has_stood_refuses_after_the_short_wait() -> None:
    admission, release, holder = await _one_slot_held(
        "assessment", max_queued=8, queue_timeout=0.05, patient_timeout=5, overload_after=0.3
    )
    first = asyncio.create_task(_holding(admission, asyncio.Event()))  # the queue forms: a stall, perhaps
    await asyncio.sleep(0.15)
    second = asyncio.create_task(_holding(admission, asyncio.Event()))  # it has stood 0.15 s: still patient
    await asyncio.sleep(0.25)
    assert not first.done()
    assert not second.done()  # both waited past the short limit
    started = asyncio.get_running_loop().time()
    assert (await _refused(admission)).reason == "queue_timeout"  # the queue has stood 0.4 s: an overload
    assert asyncio.get_running_loop().time() - started < 1
    release.set()
    await holder
    await _until(lambda: admission.queued == 1)  # the first waiter is admitted, the second still waits
    for task in (first, second):
        task.cancel()
    await asyncio.gather(first, second, return_exceptions=True)


async def test_the_loop_lag_refuses_while_the_loop_is_late_and_admits_again_once_it_has_caught_up() -> None:
    lag = LoopLag(limit=0.1, interval=0.01)
    watching = asyncio.create_task(lag.watch())
    try:
        await asyncio.sleep(0.05)
        lag.admit()  # a punctual loop admits
        time.sleep(0.4)  # noqa: ASYNC251 - the point: the loop held up, as by a CPU-starved process
        await asyncio.sleep(0.02)
        with pytest.raises(OverloadedError) as refused:
            lag.admit()
        assert (refused.value.service, refused.value.reason) == ("gateway", "loop_lag")

        def admits() -> bool:
            try:
                lag.admit()
            except OverloadedError:
                return False
            return True

        await _until(admits)
    finally:
        watching.cancel()


async def test_a_call_beyond_the_service_limits_gets_a_problem_with_retry_after_and_is_not_forwarded(
    keys: DevKeys,
) -> None:
    async with running_gateway(keys, downstream_max_in_flight=1, downstream_max_queued=0) as gw:
        gw.downstream.gate = asyncio.Event()
        first = asyncio.create_task(gw.client.get(OFFICER, headers=bearer(gw.keys, "director")))
        await _until(lambda: len(gw.downstream.calls) == 1)
        refused = await gw.client.get(OFFICER, headers=bearer(gw.keys, "director"))
        assert refused.status_code == 503
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.headers["retry-after"] == "1"
        problem = refused.json()
        assert problem["type"].endswith("service_overloaded")
        assert problem["service"] == "personnel"
        assert len(gw.downstream.calls) == 1  # the refused call never reached the service
        gw.downstream.gate.set()
        assert (await first).status_code == 200
        assert (await gw.client.get(OFFICER, headers=bearer(gw.keys, "director"))).status_code == 200


async def test_while_the_gateway_is_behind_new_calls_are_refused_before_any_work(keys: DevKeys) -> None:
    async with running_gateway(keys, max_loop_lag_seconds=0.05) as gw:
        await asyncio.sleep(0.05)  # the watch has started
        time.sleep(0.5)  # noqa: ASYNC251 - the gateway's loop held up
        await asyncio.sleep(0.02)
        refused = await gw.client.get(OFFICER, headers={"Authorization": "Bearer not-even-a-token"})
        assert refused.status_code == 503
        assert refused.json()["type"].endswith("gateway_overloaded")
        assert refused.headers["retry-after"] == "1"
        assert gw.downstream.calls == []
