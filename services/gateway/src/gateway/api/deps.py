"""What a gateway request needs: the caller's token and address, the route table, the limits."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import ip_address

from fastapi import Request

from gateway.auth import AuthenticationError, TokenVerifier
from gateway.clients import ServiceClient
from gateway.pressure import LoopLag
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
    trusted_proxies: frozenset[str]
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


def _is_address(value: str) -> bool:
    try:
        ip_address(value)
    except ValueError:
        return False
    return True


def client_address(request: Request, trusted_proxies: frozenset[str]) -> str:
    """The caller's address: the peer, or, behind a trusted proxy, the last untrusted X-Forwarded-For hop."""
    peer = request.client.host if request.client else "unknown"
    if peer not in trusted_proxies:
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted_proxies:
            return hop if _is_address(hop) else peer
    return peer
