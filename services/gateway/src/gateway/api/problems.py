"""The gateway's own problems: the caller's token, its rate, and what became of the service's call."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from gateway.admission import OverloadedError
from gateway.auth import AuthenticationError
from gateway.failures import (
    DownstreamConnectionLostError,
    DownstreamRefusedIdentityError,
    DownstreamTimeoutError,
    DownstreamUnavailableError,
)
from gateway.policy import SAFE_METHODS
from gateway.ratelimit import RateLimitedError
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


def _connection_lost(request: Request, exc: DownstreamConnectionLostError) -> JSONResponse:
    if request.method in SAFE_METHODS:
        detail = f"The connection to the {exc.service} service broke before it answered. Retry."
    else:
        detail = (
            f"The connection to the {exc.service} service broke after the request may have reached it; the"
            " outcome is unknown. Retry with the same Idempotency-Key."
        )
    log.warning("downstream connection lost", extra={"downstream": exc.service, "reason": exc.reason})
    return problem(502, "service_connection_lost", detail, service=exc.service)


def _downstream_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DownstreamUnavailableError)
    if isinstance(exc, DownstreamTimeoutError):
        return problem(
            504,
            "service_timeout",
            f"The {exc.service} service did not answer in time; the outcome is unknown. "
            "Retry with the same Idempotency-Key.",
            service=exc.service,
        )
    if isinstance(exc, DownstreamConnectionLostError):
        return _connection_lost(request, exc)
    if isinstance(exc, DownstreamRefusedIdentityError):
        log.error("identity token refused downstream", extra={"downstream": exc.service, "reason": exc.reason})
        return problem(
            503,
            "service_refused_identity",
            f"The {exc.service} service refused the identity this gateway vouched for ({exc.reason}): the clocks"
            " or keys of the gateway and the service disagree. Nothing was done; operators must fix it.",
            service=exc.service,
        )
    # Only a failure to connect comes here: the request was never sent, so nothing was done.
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


def install_gateway_problems(app: FastAPI) -> None:
    app.add_exception_handler(AuthenticationError, _authentication_error)
    app.add_exception_handler(RateLimitedError, _rate_limited)
    app.add_exception_handler(DownstreamUnavailableError, _downstream_error)
    app.add_exception_handler(OverloadedError, _overloaded)
