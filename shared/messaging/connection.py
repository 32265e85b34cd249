"""Connecting to NATS the same way in every process: reconnect forever once connected, log state changes.

The first connection is different: nats-py, told to reconnect forever, also retries its first
connect forever and never returns while NATS is down. So each first attempt is bounded here, and
`connect_nats_until` retries attempts until it connects or is told to stop (SIGTERM).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import nats.errors
from nats.aio.client import Client

from shared.aio import sleep_unless
from shared.settings import ServiceSettings

log = logging.getLogger(__name__)

# How long one first-connection attempt may take: nats-py tries every server (again every half
# second) until then; the caller then decides whether to try again.
CONNECT_ATTEMPT_SECONDS = 5.0


async def connect_nats(
    settings: ServiceSettings, name: str, *, attempt_seconds: float = CONNECT_ATTEMPT_SECONDS
) -> Client:
    """A connection that reconnects forever, or TimeoutError if none was made within `attempt_seconds`."""
    connected = False

    async def on_error(exc: Exception) -> None:
        log.warning("nats error", extra={"error": repr(exc)})

    async def on_disconnected() -> None:
        if connected:  # not the close of a first attempt that never connected
            log.warning("nats disconnected")

    async def on_reconnected() -> None:
        log.info("nats reconnected")

    options: dict[str, Any] = {
        "servers": [url.strip() for url in settings.nats_url.split(",")],
        "name": name,
        "allow_reconnect": True,
        "max_reconnect_attempts": -1,
        "reconnect_time_wait": 0.5,
        "connect_timeout": 3,
        "error_cb": on_error,
        "disconnected_cb": on_disconnected,
        "reconnected_cb": on_reconnected,
    }
    if settings.nats_creds_file:
        options["user_credentials"] = settings.nats_creds_file
    elif settings.nats_user:
        options["user"] = settings.nats_user
        options["password"] = settings.nats_password.get_secret_value() if settings.nats_password else ""
    nc = Client()
    try:
        await asyncio.wait_for(nc.connect(**options), timeout=attempt_seconds)
    except BaseException:
        # Timed out or cancelled half-way: close what the attempt opened (sockets, its tasks).
        with contextlib.suppress(Exception):
            await asyncio.wait_for(nc.close(), timeout=2)
        raise
    connected = True
    return nc


async def connect_nats_until(
    settings: ServiceSettings,
    name: str,
    stop: asyncio.Event,
    *,
    attempt_seconds: float = CONNECT_ATTEMPT_SECONDS,
) -> Client | None:
    """Keep trying the first connection (NATS may start after us); None as soon as `stop` is set,
    even in the middle of an attempt."""
    delay = 0.2
    while not stop.is_set():
        attempt = asyncio.ensure_future(connect_nats(settings, name, attempt_seconds=attempt_seconds))
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({attempt, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
            if not attempt.done():
                attempt.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await attempt
        if attempt.cancelled():
            return None
        try:
            return attempt.result()
        except (nats.errors.NoServersError, OSError, TimeoutError) as exc:
            log.warning("nats not reachable yet", extra={"error": repr(exc)})
        await sleep_unless(stop, delay)
        delay = min(delay * 2, 5.0)
    return None
