"""Publishing a batch to JetStream, pipelined, and knowing when its acknowledgements are lost.

A server that restarts loses the replies it owed: the futures of those acknowledgements never
resolve. Rather than wait out the whole timeout after NATS is back, a batch gives up as soon as the
client has reconnected, and its publisher sends it again; its message ids make the copies
duplicates, which JetStream drops."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import nats.errors
from nats.aio.client import Client
from nats.js.api import PubAck

# How often a batch waiting for its acknowledgements looks at the connection.
ACK_CHECK_SECONDS = 0.2


class AcksLostError(nats.errors.Error):
    """The connection to NATS was re-established while acknowledgements were outstanding."""


@dataclass(frozen=True)
class Outgoing:
    subject: str
    payload: bytes
    msg_id: str


class BatchPublisher:
    """Publishes batches on one connection through one JetStream context: the context subscribes to
    its acknowledgement inbox on first use, so one per batch would add a subscription each time."""

    def __init__(self, nc: Client) -> None:
        self._nc = nc
        self._js = nc.jetstream()

    async def publish(self, stream: str, messages: Sequence[Outgoing], *, ack_within: float) -> list[PubAck]:
        """Publish in order (so the stream stores them in this order); return the acknowledgements,
        or raise once they cannot all arrive: `ack_within` seconds passed, or the client reconnected."""
        reconnects = self._nc.stats["reconnects"]
        futures = [
            await self._js.publish_async(m.subject, m.payload, stream=stream, headers={"Nats-Msg-Id": m.msg_id})
            for m in messages
        ]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ack_within
        pending: set[asyncio.Future[PubAck]] = set(futures)
        try:
            while pending:
                if self._nc.stats["reconnects"] != reconnects:
                    raise AcksLostError("NATS reconnected with acknowledgements outstanding")
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise TimeoutError(f"no acknowledgement within {ack_within} s")
                _, pending = await asyncio.wait(pending, timeout=min(ACK_CHECK_SECONDS, remaining))
            # Every failure retrieved (not only the first), or asyncio logs the others as never retrieved.
            failures = [error for error in (future.exception() for future in futures) if error is not None]
            if failures:
                raise failures[0]
            return [future.result() for future in futures]
        finally:
            for future in pending:
                future.cancel()
