"""The gateway's `/readyz`: each service's own `/readyz`, reported, never required.

A service being down makes the gateway answer 503 for that service's calls, not stop taking calls
for the others, so no service is a required dependency. The probes are cheap for the services and
harmless to the calls in flight: the three run at once under one deadline inside the kubelet's
default 1 s probe timeout, probes arriving together share one round whose verdict is reused for a
second, and each service is probed over a connection of its own, outside the pool and the admission
limits of the forwarded calls, so a flood of probes cannot take a slot from an admitted call.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx
from httpx_aiohttp import AiohttpTransport

from gateway.failures import DownstreamUnavailableError
from shared.web.health import Dependency, Readiness
from shared.web.keepalive import GATEWAY_IDLE_CONNECTION_SECONDS

DEADLINE_SECONDS = 0.8  # the kubelet gives a probe 1 s by default
REUSE_SECONDS = 1.0


class ServiceProbe:
    def __init__(self, service: str, base_url: str, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.service = service
        one = httpx.Limits(
            max_connections=1, max_keepalive_connections=1, keepalive_expiry=GATEWAY_IDLE_CONNECTION_SECONDS
        )
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            timeout=DEADLINE_SECONDS,
            transport=transport or AiohttpTransport(limits=one),
        )

    async def check(self) -> None:
        response = await self._client.get("/readyz")
        if response.status_code != 200:
            raise DownstreamUnavailableError(self.service, f"readyz answered {response.status_code}")

    async def close(self) -> None:
        await self._client.aclose()


def gateway_readiness(probes: Mapping[str, ServiceProbe]) -> Readiness:
    return Readiness(
        {name: Dependency(probe.check, required=False) for name, probe in probes.items()},
        deadline=DEADLINE_SECONDS,
        reuse_seconds=REUSE_SECONDS,
    )
