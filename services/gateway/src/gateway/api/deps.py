"""What a gateway request needs: the caller's token and address, the route table, the limits."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from gateway.auth import AuthenticationError, TokenVerifier
from gateway.clients import ServiceClient
from gateway.pressure import LoopLag
from gateway.proxies import TrustedProxies, client_behind_proxies
from gateway.ratelimit import TokenBuckets
from gateway.routing import RouteTable
from shared.web.identity import Identity


@dataclass(frozen=True)
class GatewayState:
    routes: RouteTable
    verifier: TokenVerifier
    clients: dict[str, ServiceClient]
    public_limit: TokenBuckets
    caller_limit: TokenBuckets
    trusted_proxies: TrustedProxies
    pressure: LoopLag


def gateway_state(request: Request) -> GatewayState:
    state: GatewayState = request.app.state.gateway
    return state


def authenticate(request: Request, verifier: TokenVerifier) -> Identity:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError("a bearer token is required")
    return verifier.verify(token.strip())


def client_address(request: Request, trusted_proxies: TrustedProxies) -> str:
    """The caller's address: the peer, or, behind a trusted proxy, the last untrusted X-Forwarded-For hop."""
    peer = request.client.host if request.client else "unknown"
    return client_behind_proxies(peer, request.headers.getlist("x-forwarded-for"), trusted_proxies)
