"""The gateway's own pressure: how late its event loop runs, and refusing new calls while it is late.

When the gateway process cannot get the CPU it needs (a spike, or neighbours on the node taking the
cores), requests wait in its sockets and run queue before any of its code sees them; admission to
the services (gateway.admission) cannot bound a wait it never observes. A timer that should fire
every `interval` seconds does observe it: how late it fires is how long any ready work waits. While
that lag is above the limit, new calls are refused at once with 503 and Retry-After: refusing costs a
fraction of forwarding, so the calls already taken finish sooner and the lag comes back down.
"""

from __future__ import annotations

import asyncio

from prometheus_client import Histogram

from gateway.admission import GATEWAY_SHED, OverloadedError

LOOP_LAG = Histogram(
    "zeren_gateway_event_loop_lag_seconds",
    "How late the gateway's event loop ran a timer",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)


class LoopLag:
    def __init__(self, *, limit: float, interval: float = 0.02) -> None:
        self.limit = limit
        self.interval = interval
        self.lag = 0.0
        GATEWAY_SHED.labels("gateway", "loop_lag")

    async def watch(self) -> None:
        """Runs for the life of the process."""
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + self.interval
            await asyncio.sleep(self.interval)
            late = max(0.0, loop.time() - due)
            LOOP_LAG.observe(late)
            # Up at once; down only as the loop stays punctual for as long as it was late, so that
            # one punctual tick in the middle of an overload does not open the doors again.
            self.lag = max(late, self.lag - self.interval)

    def admit(self) -> None:
        """Raises OverloadedError while the loop runs later than the limit."""
        if self.lag > self.limit:
            GATEWAY_SHED.labels("gateway", "loop_lag").inc()
            raise OverloadedError("gateway", "loop_lag")
