"""Pure-ASGI middleware: request and correlation ids, request metrics and log line, body-size limit."""

from __future__ import annotations

import logging
import time
from typing import Any
from uuid import uuid4

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.observability.logging import correlation_id_var, request_id_var
from shared.observability.metrics import HTTP_LATENCY, HTTP_REQUESTS
from shared.web.ids import clean_id
from shared.web.problems import BodyTooLargeError, problem

log = logging.getLogger("zeren.http")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, service: str, max_body_bytes: int = 1_048_576) -> None:
        self.app = app
        self.service = service
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = clean_id(_header(scope, b"x-request-id")) or str(uuid4())
        correlation_id = clean_id(_header(scope, b"x-correlation-id")) or request_id
        request_id_var.set(request_id)
        correlation_id_var.set(correlation_id)
        started = time.perf_counter()
        status = 500
        extra_headers = [(b"x-request-id", request_id.encode()), (b"x-correlation-id", correlation_id.encode())]

        async def send_with_ids(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + extra_headers
            await send(message)

        length = _header(scope, b"content-length")
        try:
            if length is not None and (not length.isdigit() or int(length) > self.max_body_bytes):
                response = problem(413, "body_too_large", f"Request bodies are limited to {self.max_body_bytes} bytes.")
                await response(scope, receive, send_with_ids)
                return
            await self.app(scope, _limited(receive, self.max_body_bytes), send_with_ids)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            elapsed = time.perf_counter() - started
            HTTP_REQUESTS.labels(self.service, scope["method"], template, str(status)).inc()
            HTTP_LATENCY.labels(self.service, scope["method"], template).observe(elapsed)
            log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "route": template,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )


def _limited(receive: Receive, limit: int) -> Receive:
    """Count bytes as they arrive, for chunked bodies that declare no length."""
    seen = 0

    async def wrapped() -> Any:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLargeError(limit)
        return message

    return wrapped
