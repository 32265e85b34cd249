"""How far the facts projection has read each producer's stream, asked of JetStream: the write side's
`FactsFeed`, consulted when a period is closed.

Each of the projection's durable consumers (`assessment-facts--<producer>`) knows how many messages
of its stream it has not settled yet (pending or delivered but not acknowledged) and through which
stream sequence everything is settled; a message is acknowledged only once its facts are committed.
A rebuild deletes the consumers, and the projector creates them again to replay from the start: a
missing consumer means the facts are being rebuilt (or their projector has never run). Consumer
information is what the service's NATS user may already read of every stream it consumes.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence

import nats.errors
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from assessment.application.periods import FactsProgressUnknownError
from assessment.application.ports import FeedProgress
from assessment.projections.facts import FACTS_PROJECTION, FactsProjection
from shared.messaging.consumer import durable_name
from shared.messaging.streams import stream_for

STREAM_NOT_FOUND = 10059  # JetStream's error code: no such stream (nothing published by that producer yet)
NATS_ERRORS = (nats.errors.Error, OSError, TimeoutError)


class JetStreamFactsFeed:
    """Asks JetStream over a connection of its own, opened for each question: a close is rare, and the
    application calling it is synchronous (a route's worker thread, the scheduler's)."""

    def __init__(
        self,
        connect: Callable[[], Awaitable[Client]],
        *,
        producers: Sequence[str] = FactsProjection.producers,
        projection: str = FACTS_PROJECTION,
        timeout: float = 5.0,
    ) -> None:
        self._connect = connect
        self._producers = tuple(producers)
        self._projection = projection
        self._timeout = timeout

    def progress(self) -> list[FeedProgress]:
        return asyncio.run(self._progress())

    async def _progress(self) -> list[FeedProgress]:
        try:
            nc = await asyncio.wait_for(self._connect(), timeout=self._timeout)
        except NATS_ERRORS as exc:
            raise FactsProgressUnknownError(
                "NATS is not reachable: whether the facts have caught up cannot be told; retry later",
                error=repr(exc),
            ) from exc
        try:
            js = nc.jetstream(timeout=self._timeout)
            return [found for producer in self._producers if (found := await self._one(js, producer)) is not None]
        except NATS_ERRORS as exc:
            raise FactsProgressUnknownError(
                "the event streams did not answer: whether the facts have caught up cannot be told; retry later",
                error=repr(exc),
            ) from exc
        finally:
            with contextlib.suppress(*NATS_ERRORS):
                await nc.close()

    async def _one(self, js: JetStreamContext, producer: str) -> FeedProgress | None:
        try:
            info = await js.consumer_info(stream_for(producer).name, durable_name(self._projection, producer))
        except NotFoundError as exc:
            if exc.err_code == STREAM_NOT_FOUND:
                return None  # no stream: nothing published that the facts could miss
            return FeedProgress(producer, unsettled=None, settled_through=0)
        settled = info.ack_floor.stream_seq if info.ack_floor is not None else 0
        unsettled = (info.num_pending or 0) + (info.num_ack_pending or 0)
        return FeedProgress(producer, unsettled=unsettled, settled_through=settled or 0)
