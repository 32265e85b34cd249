"""Dependencies of gateway routes: the authenticated caller and the downstream clients."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from gateway.auth import AuthenticationError, TokenVerifier
from gateway.clients import ServiceClient
from shared.web.identity import Identity


async def authenticated(request: Request) -> Identity:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError("a bearer token is required")
    verifier: TokenVerifier = request.app.state.token_verifier
    return verifier.verify(token.strip())


def clients(request: Request) -> dict[str, ServiceClient]:
    services: dict[str, ServiceClient] = request.app.state.clients
    return services


Caller = Annotated[Identity, Depends(authenticated)]
Clients = Annotated[dict[str, ServiceClient], Depends(clients)]
