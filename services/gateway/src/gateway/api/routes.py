"""Every `/api/...` request: find its operation, authenticate, limit, authorize, forward.

The operations and their policy come from the public OpenAPI document (merged from the services'
own documents), so a route's roles are stated once, in the service. The service receives a signed
identity for itself, records it as the actor, and checks object scope by the identity's unit.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, Response
from starlette.exceptions import HTTPException

from gateway.api.deps import GatewayState, authenticate, client_address, gateway_state
from gateway.hostile import reject_nul
from gateway.policy import authorize
from gateway.routing import MethodNotAllowedError, RouteNotFoundError
from shared.web.identity import Identity

router = APIRouter()

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def _raw_path(request: Request) -> str:
    raw = request.scope.get("raw_path")
    return raw.decode("latin-1") if isinstance(raw, bytes) else quote(request.url.path)


@router.api_route("/api/{path:path}", methods=METHODS, include_in_schema=False)
async def forward(request: Request, gateway: Annotated[GatewayState, Depends(gateway_state)]) -> Response:
    gateway.pressure.admit()  # before any work: refusing has to stay cheaper than serving
    try:
        match = gateway.routes.match(request.method, _raw_path(request))
    except RouteNotFoundError:
        raise HTTPException(404, "No operation at this path; see /openapi.json.") from None
    except MethodNotAllowedError as exc:
        raise HTTPException(
            405, f"This path answers {', '.join(exc.allowed)}.", headers={"Allow": ", ".join(exc.allowed)}
        ) from None
    operation = match.operation
    identity: Identity | None = None
    if operation.public:
        gateway.public_limit.take(client_address(request, gateway.trusted_proxies))
    else:
        identity = authenticate(request, gateway.verifier)
        gateway.caller_limit.take(identity.subject)
        authorize(operation, identity.role)
    body = await request.body()
    reject_nul(match.service_path, request.url.query, body)
    result = await gateway.clients[operation.service].forward(
        operation.method,  # GET for a HEAD: the services answer GET only
        match.service_path,
        identity=identity,
        query=request.url.query.encode(),
        headers={k.lower(): v for k, v in request.headers.items()},
        body=body,
    )
    headers = dict(result.headers)
    if "location" in headers and headers["location"].startswith("/"):
        headers["location"] = f"/api/{operation.service}{headers['location']}"
    if request.method == "HEAD":
        # The headers of the GET, its length included, and no body.
        headers["content-length"] = str(len(result.body))
        return Response(status_code=result.status, headers=headers)
    return Response(content=result.body, status_code=result.status, headers=headers)
