"""How long idle HTTP connections between the gateway and the services stay open.

A client that reuses a pooled connection at the instant the server closes it for idleness loses
that request (a reset, which the gateway must report as a 503; a POST cannot be resent blindly).
The side that closes idle connections first must be the client: the gateway lets a connection go
well before a service would."""

from __future__ import annotations

# Services keep an idle connection this long (uvicorn's own default is 5 s).
SERVICE_KEEP_ALIVE_SECONDS = 75
# The gateway drops a pooled connection idle this long: well inside the services' window.
GATEWAY_IDLE_CONNECTION_SECONDS = 30.0
