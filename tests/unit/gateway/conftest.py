"""A gateway in process, in front of a recording stand-in for the services (its HTTP transport).

The gateway's own logic (routing, policy, limits, forwarding) is what these tests check; the real
services behind a real gateway process are exercised by tests/e2e/test_gateway_*.py.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from httpx_aiohttp.transport import map_aiohttp_exceptions

from gateway.api.app import create_gateway_app
from gateway.settings import SERVICES, GatewaySettings
from shared.devstack.keys import DevKeys, ensure_dev_keys, mint_client_token


@dataclass
class Downstream:
    """Answers every forwarded call with what it received, and remembers it."""

    calls: list[httpx.Request] = field(default_factory=list)
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    failure: type[httpx.TransportError] | None = None  # raised instead of answering
    # Raised instead of answering as the gateway's real transport raises it: as httpx_aiohttp maps it.
    aiohttp_failure: Exception | None = None
    answer: dict[str, Any] | None = None  # answered instead of the echo
    stream: httpx.AsyncByteStream | None = None  # the body answered instead of the echo
    gate: asyncio.Event | None = None  # when set, each call waits for it before answering
    probes: list[httpx.Request] = field(default_factory=list)  # readiness probes, on their own transport
    probe_gate: asyncio.Event | None = None  # when set, each probe waits for it before answering
    probe_status: int = 200

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        if self.gate is not None:
            await self.gate.wait()
        if self.failure is not None:
            raise self.failure("the service did not answer", request=request)
        if self.aiohttp_failure is not None:
            with map_aiohttp_exceptions():
                raise self.aiohttp_failure
        if self.stream is not None:
            return httpx.Response(self.status, headers=self.headers, stream=self.stream)
        body = self.answer or {
            "service": request.url.host,
            "path": request.url.raw_path.decode(),
            "body": request.content.decode(),
        }
        return httpx.Response(self.status, json=body, headers=self.headers)

    async def probe(self, request: httpx.Request) -> httpx.Response:
        self.probes.append(request)
        if self.probe_gate is not None:
            await self.probe_gate.wait()
        return httpx.Response(self.probe_status, json={"status": "ready" if self.probe_status == 200 else "not_ready"})


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> DevKeys:
    return ensure_dev_keys(tmp_path_factory.mktemp("keys"))


def settings_for(keys: DevKeys, **overrides: Any) -> GatewaySettings:
    values: dict[str, Any] = {
        "personnel_url": "http://personnel",
        "cases_url": "http://cases",
        "assessment_url": "http://assessment",
        "jwks_file": str(keys.jwks),
        "identity_private_key_file": str(keys.identity_private),
        "jwks_reload_seconds": 0,
        # A busy test machine must not look like an overloaded gateway (test_overload.py sets its own).
        "max_loop_lag_seconds": 30,
        "downstream_queue_seconds": 30,
        "downstream_patient_queue_seconds": 30,
        **overrides,
    }
    return GatewaySettings(**values)


def token(keys: DevKeys, role: str, *, subject: str | None = None, unit: str | None = None) -> str:
    return mint_client_token(keys, subject=subject or f"user-{role}", role=role, unit=unit)


def bearer(keys: DevKeys, role: str, **kwargs: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(keys, role, **kwargs)}"}


def synthetic_documents() -> dict[str, dict[str, Any]]:
    """The committed snapshots plus one public operation (as personnel publishes its open lists)."""
    folder = Path(__file__).resolve().parents[3] / "services" / "gateway" / "src" / "gateway" / "apispec"
    documents = {s: json.loads((folder / f"{s}.openapi.json").read_text()) for s in SERVICES}
    documents["personnel"]["paths"]["/public/certificates/{certificate_no}"] = {
        "get": {
            "operationId": "verify_certificate",
            "summary": "Verify a certificate",
            "x-zeren-public": True,
            "parameters": [{"name": "certificate_no", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok"}},
        }
    }
    return documents


@dataclass
class RunningGateway:
    client: httpx.AsyncClient
    downstream: Downstream
    keys: DevKeys


CLIENT_ADDRESS = "198.51.100.7"


@asynccontextmanager
async def running_gateway(keys: DevKeys, **overrides: Any) -> AsyncIterator[RunningGateway]:
    """A gateway app (lifespan started) with a client; `overrides` are settings."""
    downstream = Downstream()
    app = create_gateway_app(
        settings_for(keys, **overrides),
        documents=synthetic_documents(),
        transports={s: httpx.MockTransport(downstream) for s in SERVICES},
        probe_transports={s: httpx.MockTransport(downstream.probe) for s in SERVICES},
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=(CLIENT_ADDRESS, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            yield RunningGateway(client, downstream, keys)


@pytest.fixture
async def gw(keys: DevKeys) -> AsyncIterator[RunningGateway]:
    async with running_gateway(keys) as running:
        yield running
