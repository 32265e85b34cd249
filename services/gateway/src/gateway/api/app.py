"""The gateway application: the merged OpenAPI document, the route table, and its problems."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from gateway.admission import Admission, OverloadedError
from gateway.api.deps import GatewayState
from gateway.api.routes import router
from gateway.apispec import load_snapshots
from gateway.apispec.merge import merge
from gateway.auth import AuthenticationError, JwksFile, TokenVerifier
from gateway.clients import (
    DownstreamRefusedIdentityError,
    DownstreamTimeoutError,
    DownstreamUnavailableError,
    ServiceClient,
)
from gateway.policy import CLIENT_ROLES
from gateway.pressure import LoopLag
from gateway.ratelimit import RateLimitedError, TokenBuckets
from gateway.routing import RouteTable
from gateway.settings import SERVICES, GatewaySettings
from shared.web.app import create_service_app
from shared.web.health import Dependency
from shared.web.problems import problem

log = logging.getLogger(__name__)


def _authentication_error(_: Request, exc: Exception) -> JSONResponse:
    response = problem(401, "authentication_failed", str(exc))
    response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


def _rate_limited(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RateLimitedError)
    response = problem(
        429,
        "rate_limited",
        f"Too many requests from this {exc.scope}; retry after {exc.retry_after_seconds} s.",
        retry_after=exc.retry_after_seconds,
    )
    response.headers["Retry-After"] = str(exc.retry_after_seconds)
    return response


def _downstream_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DownstreamUnavailableError)
    if isinstance(exc, DownstreamTimeoutError):
        return problem(
            504,
            "service_timeout",
            f"The {exc.service} service did not answer in time; the outcome is unknown. "
            "Retry with the same Idempotency-Key.",
            service=exc.service,
        )
    if isinstance(exc, DownstreamRefusedIdentityError):
        log.error("identity token refused downstream", extra={"downstream": exc.service, "reason": exc.reason})
        return problem(
            503,
            "service_refused_identity",
            f"The {exc.service} service refused the identity this gateway vouched for ({exc.reason}): the clocks"
            " or keys of the gateway and the service disagree. Nothing was done; operators must fix it.",
            service=exc.service,
        )
    response = problem(503, "service_unavailable", f"The {exc.service} service is not reachable.", service=exc.service)
    response.headers["Retry-After"] = "2"
    return response


def _overloaded(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, OverloadedError)
    if exc.service == "gateway":
        response = problem(
            503,
            "gateway_overloaded",
            "The gateway is behind with the calls it has taken; this one was not forwarded and nothing was done."
            " Retry after 1 s.",
            retry_after=1,
        )
    else:
        response = problem(
            503,
            "service_overloaded",
            f"The {exc.service} service is answering as many calls as it can; this one was not sent and"
            " nothing was done. Retry after 1 s.",
            service=exc.service,
            retry_after=1,
        )
    response.headers["Retry-After"] = "1"
    return response


def create_gateway_app(
    settings: GatewaySettings,
    *,
    documents: Mapping[str, dict[str, Any]] | None = None,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
) -> FastAPI:
    """`documents` (the services' OpenAPI documents) default to the committed snapshots."""
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
            trusted_proxies=frozenset(settings.trusted_proxies),
            pressure=pressure,
        )
        app.state.readiness = {name: Dependency(client.ready, required=False) for name, client in clients.items()}
        watching = asyncio.create_task(pressure.watch(), name="gateway-loop-lag")
        try:
            yield
        finally:
            watching.cancel()
            for client in clients.values():
                await client.close()

    app = create_service_app(
        service="gateway",
        title="Zeren",
        description="The public API of the bureau's administrative law-enforcement responsibility system.",
        routers=[router],
        lifespan=lifespan,
        max_body_bytes=settings.max_body_bytes,
    )
    app.add_exception_handler(AuthenticationError, _authentication_error)
    app.add_exception_handler(RateLimitedError, _rate_limited)
    app.add_exception_handler(DownstreamUnavailableError, _downstream_error)
    app.add_exception_handler(OverloadedError, _overloaded)
    # FastAPI serves `openapi_schema` at /openapi.json (and /docs) once it is set.
    app.openapi_schema = merge(services, gateway=app.openapi(), version=app.version)
    routes = RouteTable.from_openapi(app.openapi_schema)
    return app
