"""Routing to the services. Each request is authenticated here and reaches one service, which
receives a signed identity and records it as the actor."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from gateway.api.deps import Caller, Clients
from gateway.settings import SERVICES
from shared.domain import NotFoundError

router = APIRouter()

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


class UnknownServiceError(NotFoundError):
    code = "route_not_found"


@router.api_route("/api/{service}/{path:path}", methods=METHODS, summary="Call a service through the gateway")
async def forward(service: str, path: str, request: Request, caller: Caller, downstream: Clients) -> Response:
    if service not in SERVICES:
        raise UnknownServiceError(f"no service named {service!r}", services=list(SERVICES))
    result = await downstream[service].forward(
        request.method,
        f"/{path}",
        identity=caller,
        query=request.url.query.encode(),
        headers={k.lower(): v for k, v in request.headers.items()},
        body=await request.body(),
    )
    headers = dict(result.headers)
    if "location" in headers and headers["location"].startswith("/"):
        headers["location"] = f"/api/{service}{headers['location']}"
    return Response(content=result.body, status_code=result.status, headers=headers)
