"""The gateway's `/readyz`: the services probed at once, once for probes arriving together, over
connections of their own; a service down is reported and never makes the gateway not ready."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from shared.devstack.keys import DevKeys
from tests.support.wait import eventually
from tests.unit.gateway.conftest import RunningGateway, bearer, running_gateway

OFFICER = "/api/personnel/officers/0b7e4a52-6f1e-4c55-9d7a-3f0c2b1e8a41"


async def _until(condition: Callable[[], bool]) -> None:
    async def probe() -> bool:
        return condition()

    await eventually(probe, timeout=5, interval=0.01)


async def test_probes_arriving_together_probe_each_service_once(gw: RunningGateway) -> None:
    gw.downstream.probe_gate = asyncio.Event()
    answers = [asyncio.create_task(gw.client.get("/readyz")) for _ in range(20)]
    await _until(lambda: len(gw.downstream.probes) == 3)  # the three at once, not one after another
    gw.downstream.probe_gate.set()
    for answer in await asyncio.gather(*answers):
        assert answer.status_code == 200
        assert answer.json() == {"status": "ready", "checks": dict.fromkeys(["personnel", "cases", "assessment"], "ok")}
    assert sorted(probe.url.host for probe in gw.downstream.probes) == ["assessment", "cases", "personnel"]


async def test_probes_take_no_admission_slot_and_no_connection_of_the_forwarded_calls(keys: DevKeys) -> None:
    async with running_gateway(keys, downstream_max_in_flight=1, downstream_max_queued=0) as gw:
        gw.downstream.gate = asyncio.Event()
        held = asyncio.create_task(gw.client.get(OFFICER, headers=bearer(gw.keys, "director")))
        await _until(lambda: len(gw.downstream.calls) == 1)  # personnel's one slot is taken
        ready = await gw.client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["checks"]["personnel"] == "ok"
        assert [call.url.path for call in gw.downstream.calls] == ["/officers/0b7e4a52-6f1e-4c55-9d7a-3f0c2b1e8a41"]
        gw.downstream.gate.set()
        assert (await held).status_code == 200


async def test_a_service_that_is_not_ready_is_reported_and_the_gateway_stays_ready(gw: RunningGateway) -> None:
    gw.downstream.probe_status = 503
    ready = await gw.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["cases"] == "unreachable (DownstreamUnavailableError)"
