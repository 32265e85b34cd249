"""The gateway application: authentication errors and downstream failures as problems."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from gateway.api.routes import router
from gateway.auth import AuthenticationError, TokenVerifier
from gateway.clients import DownstreamTimeoutError, DownstreamUnavailableError, ServiceClient
from gateway.settings import GatewaySettings
from shared.web.app import create_service_app
from shared.web.health import Dependency
from shared.web.problems import problem


def _authentication_error(_: Request, exc: Exception) -> JSONResponse:
    response = problem(401, "authentication_failed", str(exc))
    response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
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
    response = problem(503, "service_unavailable", f"The {exc.service} service is not reachable.", service=exc.service)
    response.headers["Retry-After"] = "2"
    return response


def create_gateway_app(settings: GatewaySettings) -> FastAPI:
    private_key = Path(settings.identity_private_key_file).read_text()
    token_verifier = TokenVerifier.from_file(
        settings.jwks_file,
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        algorithms=settings.token_algorithms,
        leeway=settings.token_leeway_seconds,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.token_verifier = token_verifier
        app.state.clients = {
            name: ServiceClient(
                name,
                url,
                private_key_pem=private_key,
                issuer=settings.identity_issuer,
                timeout=settings.downstream_timeout_seconds,
            )
            for name, url in settings.service_urls().items()
        }
        app.state.readiness = {
            name: Dependency(client.ready, required=False) for name, client in app.state.clients.items()
        }
        try:
            yield
        finally:
            for client in app.state.clients.values():
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
    app.add_exception_handler(DownstreamUnavailableError, _downstream_error)
    return app
