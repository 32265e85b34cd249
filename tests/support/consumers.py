"""Asking JetStream about a durable consumer from a test's polling probe."""

from __future__ import annotations

from nats.js import JetStreamContext
from nats.js.api import ConsumerInfo
from nats.js.errors import NotFoundError


async def consumer_state(js: JetStreamContext, stream: str, durable: str) -> ConsumerInfo | None:
    """The durable's state, or None while its runner has not created it yet: a probe's "not yet",
    not a failure (a runner just started subscribes a moment later)."""
    try:
        return await js.consumer_info(stream, durable)
    except NotFoundError:
        return None
