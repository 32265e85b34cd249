"""How long idle HTTP connections stay open, at both hops: ingress → gateway → services.

A client that reuses a pooled connection at the instant the server closes it for idleness loses
that request (a reset after it may have been sent: the gateway reports the outcome as unknown, 502,
since a POST cannot be resent blindly). At each hop the side that closes idle connections first must
be the client: the gateway lets a connection to a service go well before the service would, and the
gateway, as a server, keeps its own idle connections longer than the ingress in front of it
(ingress-nginx keeps idle upstream connections 60 s, `upstream-keepalive-timeout`)."""

from __future__ import annotations

# Services and the gateway keep an idle connection this long (uvicorn's own default is 5 s).
SERVICE_KEEP_ALIVE_SECONDS = 75
# The gateway drops a pooled connection idle this long: well inside the services' window.
GATEWAY_IDLE_CONNECTION_SECONDS = 30.0
