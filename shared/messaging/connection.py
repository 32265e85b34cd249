"""Connecting to NATS the same way in every process: reconnect forever, log state changes."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import nats
import nats.errors
from nats.aio.client import Client

from shared.aio import sleep_unless
from shared.settings import ServiceSettings

log = logging.getLogger(__name__)


async def connect_nats(settings: ServiceSettings, name: str) -> Client:
    async def on_error(exc: Exception) -> None:
        log.warning("nats error", extra={"error": repr(exc)})

    async def on_disconnected() -> None:
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
    return await nats.connect(**options)


async def connect_nats_until(settings: ServiceSettings, name: str, stop: asyncio.Event) -> Client | None:
    """Keep trying the first connection (NATS may start after us); None if told to stop first."""
    delay = 0.2
    while not stop.is_set():
        try:
            return await connect_nats(settings, name)
        except (nats.errors.NoServersError, OSError, TimeoutError) as exc:
            log.warning("nats not reachable yet", extra={"error": repr(exc)})
            await sleep_unless(stop, delay)
            delay = min(delay * 2, 5.0)
    return None
