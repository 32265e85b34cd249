"""Every error as RFC 9457 `application/problem+json`, with a stable machine-readable `code`."""

from __future__ import annotations

import logging
from typing import Any

from eventsourcing.persistence import IntegrityError as StoreIntegrityError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.db.errors import DATABASE_UNAVAILABLE
from shared.domain import DomainError
from shared.observability.logging import correlation_id_var, request_id_var
from shared.observability.metrics import IDENTITY_REFUSED
from shared.web.identity import REFUSAL_REASONS, IdentityError

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"

UNAVAILABLE = DATABASE_UNAVAILABLE

_TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict with the current state",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Invalid request",
    429: "Too many requests",
    500: "Internal error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
}


class BodyTooLargeError(Exception):
    """A chunked request body grew past the limit while it was being read."""


def problem(status: int, code: str, detail: str | None = None, **extensions: Any) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"urn:zeren:problem:{code}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "code": code,
    }
    if detail:
        body["detail"] = detail
    if request_id := request_id_var.get():
        body["request_id"] = request_id
    body.update(extensions)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE)


def _domain_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    extensions = {"details": exc.details} if exc.details else {}
    return problem(exc.status, exc.code, exc.message, **extensions)


def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(error.get("loc", ())), "msg": error.get("msg", ""), "type": error.get("type", "")}
        for error in exc.errors()
    ]
    return problem(422, "validation_failed", "The request does not match the schema.", errors=errors)


def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "route_not_found", 405: "method_not_allowed"}.get(exc.status_code, f"http_{exc.status_code}")
    detail = exc.detail if isinstance(exc.detail, str) else None
    response = problem(exc.status_code, code, detail)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


_CLOCK_REASONS = {"expired": "had expired", "not_yet_valid": "was not yet valid"}


def _identity_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, IdentityError)
    IDENTITY_REFUSED.labels(exc.reason).inc()
    # Only the gateway calls a service: a refusal is an operations problem (clocks, keys), never the
    # end user's, so it is logged with the library's words for whoever runs the service.
    log.warning("identity token refused", extra={"reason": exc.reason, "error": str(exc)})
    if exc.reason in _CLOCK_REASONS:
        detail = (
            f"The gateway's identity token {_CLOCK_REASONS[exc.reason]} by this service's clock: the clocks of"
            " the gateway and this service disagree by more than the allowed leeway."
        )
    else:
        detail = "The request does not carry a valid identity from the gateway."
    return problem(401, "identity_invalid", detail, reason=exc.reason)


def _body_too_large(_: Request, exc: Exception) -> JSONResponse:
    return problem(413, "body_too_large", "The request body is larger than this service accepts.")


def _store_conflict(_: Request, exc: Exception) -> JSONResponse:
    # Two commands raced for the same aggregate version (or a unique id was reused): nothing was
    # written by this request; the client reloads and retries.
    return problem(409, "concurrent_modification", "Another change was recorded first; reload and retry.")


def _unavailable(_: Request, exc: Exception) -> JSONResponse:
    log.warning("dependency unavailable", extra={"error": repr(exc)})
    return problem(503, "database_unavailable", "The service's database is not reachable; retry later.")


def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    response = problem(500, "internal_error", "An unexpected error occurred; it has been logged.")
    # Starlette answers an unhandled error outside every middleware, so the request-context
    # middleware never adds its ids to this response: add them here, from the same context.
    for header, var in (("x-request-id", request_id_var), ("x-correlation-id", correlation_id_var)):
        if value := var.get():
            response.headers[header] = value
    return response


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(IdentityError, _identity_error)
    for reason in REFUSAL_REASONS:
        IDENTITY_REFUSED.labels(reason)  # each series from 0, so that an alert on its increase sees the first
    app.add_exception_handler(BodyTooLargeError, _body_too_large)
    app.add_exception_handler(StoreIntegrityError, _store_conflict)
    for error in UNAVAILABLE:
        app.add_exception_handler(error, _unavailable)
    app.add_exception_handler(Exception, _unexpected)
