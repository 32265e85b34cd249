"""The gateway application: the merged OpenAPI document, the route table, the clients, the probes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from gateway.admission import Admission
from gateway.api.deps import GatewayState
from gateway.api.problems import install_gateway_problems
from gateway.api.routes import router
from gateway.apispec import load_snapshots
from gateway.apispec.merge import merge
from gateway.auth import JwksFile, TokenVerifier
from gateway.clients import ServiceClient
from gateway.policy import CLIENT_ROLES
from gateway.pressure import LoopLag
from gateway.proxies import TrustedProxies
from gateway.ratelimit import TokenBuckets
from gateway.readiness import ServiceProbe, gateway_readiness
from gateway.routing import RouteTable
from gateway.settings import SERVICES, GatewaySettings
from shared.web.app import create_service_app


def create_gateway_app(
    settings: GatewaySettings,
    *,
    documents: Mapping[str, dict[str, Any]] | None = None,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    probe_transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
) -> FastAPI:
    """`documents` (the services' OpenAPI documents) default to the committed snapshots; `transports`
    (the forwarded calls') and `probe_transports` (the readiness probes') to real connections."""
    private_key = Path(settings.identity_private_key_file).read_text()
    verifier = TokenVerifier(
        keys=JwksFile(settings.jwks_file, reload_interval=settings.jwks_reload_seconds),
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        algorithms=settings.token_algorithms,
        leeway=settings.token_leeway_seconds,
        roles=CLIENT_ROLES,
    )
    services = documents if documents is not None else load_snapshots(SERVICES)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        clients = {
            name: ServiceClient(
                name,
                url,
                private_key_pem=private_key,
                issuer=settings.identity_issuer,
                timeout=settings.downstream_timeout_seconds,
                admission=Admission(
                    name,
                    max_in_flight=settings.downstream_max_in_flight,
                    max_queued=settings.downstream_max_queued,
                    queue_timeout=settings.downstream_queue_seconds,
                    patient_timeout=settings.downstream_patient_queue_seconds,
                    overload_after=settings.downstream_overload_after_seconds,
                ),
                transport=(transports or {}).get(name),
            )
            for name, url in settings.service_urls().items()
        }
        pressure = LoopLag(limit=settings.max_loop_lag_seconds)
        app.state.gateway = GatewayState(
            routes=routes,
            verifier=verifier,
            clients=clients,
            public_limit=TokenBuckets(
                rate_per_second=settings.public_rate_per_second, burst=settings.public_burst, scope="client address"
            ),
            caller_limit=TokenBuckets(
                rate_per_second=settings.caller_rate_per_second, burst=settings.caller_burst, scope="caller"
            ),
            trusted_proxies=TrustedProxies(settings.trusted_proxies),
            pressure=pressure,
        )
        probes = {
            name: ServiceProbe(name, url, transport=(probe_transports or {}).get(name))
            for name, url in settings.service_urls().items()
        }
        app.state.readiness = gateway_readiness(probes)
        watching = asyncio.create_task(pressure.watch(), name="gateway-loop-lag")
        try:
            yield
        finally:
            watching.cancel()
            for client in clients.values():
                await client.close()
            for probe in probes.values():
                await probe.close()

    app = create_service_app(
        service="gateway",
        title="Zeren",
        description="The public API of the bureau's administrative law-enforcement responsibility system.",
        routers=[router],
        lifespan=lifespan,
        max_body_bytes=settings.max_body_bytes,
    )
    install_gateway_problems(app)
    # FastAPI serves `openapi_schema` at /openapi.json (and /docs) once it is set.
    app.openapi_schema = merge(services, gateway=app.openapi(), version=app.version)
    routes = RouteTable.from_openapi(app.openapi_schema)
    return app
