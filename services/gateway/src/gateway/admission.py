"""Admission to a downstream service: a bounded number of calls in flight, a short bounded queue.

Under a spike the queue has to be somewhere. Left to itself it forms in the HTTP client's
connection pool and in the service's thread pool, where nothing bounds the wait: every caller waits
seconds, many past their own timeouts, and the work done for them is wasted while the goodput falls.
Here it forms in front of each service, where it is bounded in length and in time; a call that finds
it full, or that is not admitted before the wait limit, is refused at once with 503 and Retry-After
(nothing was sent, so nothing was done), and the calls admitted keep their normal latency.

How long a call may wait depends on whether the queue is standing (as CoDel tells a burst from
overload): a queue that has emptied within the last `overload_after` seconds is a burst or a stall of
the service (a WAL flush, a checkpoint) that will pass, and a call may wait `patient_timeout`; a
queue that has not emptied for that long is overload, and a call waits `queue_timeout` at most.

The limits are per gateway process, like the rate limits: with N replicas a service sees up to N
times `max_in_flight`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from prometheus_client import Counter, Gauge

SHED_REASONS = ("queue_full", "queue_timeout")
GATEWAY_SHED = Counter(
    "zeren_gateway_shed_total", "Calls refused with 503 because their service was at its limits", ["service", "reason"]
)
GATEWAY_IN_FLIGHT = Gauge("zeren_gateway_downstream_in_flight", "Calls being answered by the service", ["service"])
GATEWAY_QUEUED = Gauge("zeren_gateway_downstream_queued", "Calls waiting for admission to the service", ["service"])


class OverloadedError(Exception):
    """A call refused before it was sent: its service (or, for `service` "gateway", the gateway
    itself) is at its limits. Nothing was done for it."""

    def __init__(self, service: str, reason: str) -> None:
        super().__init__(f"{service}: {reason}")
        self.service = service
        self.reason = reason


class Admission:
    def __init__(
        self,
        service: str,
        *,
        max_in_flight: int,
        max_queued: int,
        queue_timeout: float,
        patient_timeout: float,
        overload_after: float,
    ) -> None:
        self.service = service
        self.max_in_flight = max_in_flight
        self.max_queued = max_queued
        self.queue_timeout = queue_timeout
        self.patient_timeout = patient_timeout
        self.overload_after = overload_after
        self._slots = asyncio.Semaphore(max_in_flight)
        self._queued = 0
        self._standing_since = 0.0  # when the queue last went from empty to not empty
        for reason in SHED_REASONS:
            GATEWAY_SHED.labels(service, reason)
        GATEWAY_IN_FLIGHT.labels(service).set(0)
        GATEWAY_QUEUED.labels(service).set(0)

    @property
    def queued(self) -> int:
        return self._queued

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Held for the whole call; raises OverloadedError instead of waiting long."""
        if self._slots.locked():
            await self._wait_in_queue()
        else:
            await self._slots.acquire()
        GATEWAY_IN_FLIGHT.labels(self.service).inc()
        try:
            yield
        finally:
            GATEWAY_IN_FLIGHT.labels(self.service).dec()
            self._slots.release()

    async def _wait_in_queue(self) -> None:
        if self._queued >= self.max_queued:
            self._shed("queue_full")
        now = asyncio.get_running_loop().time()
        if self._queued == 0:
            self._standing_since = now
        standing = now - self._standing_since >= self.overload_after
        self._queued += 1
        GATEWAY_QUEUED.labels(self.service).inc()
        try:
            async with asyncio.timeout(self.queue_timeout if standing else self.patient_timeout):
                await self._slots.acquire()
        except TimeoutError:
            self._shed("queue_timeout")
        finally:
            self._queued -= 1
            GATEWAY_QUEUED.labels(self.service).dec()

    def _shed(self, reason: str) -> None:
        GATEWAY_SHED.labels(self.service, reason).inc()
        raise OverloadedError(self.service, reason)
