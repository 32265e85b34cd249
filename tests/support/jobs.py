"""Background jobs of an in-process test (relays, projection runners), started and always stopped.

A job left running when its test fails would hold a pooled connection for ever, and closing the
pool waits for that connection: the session would hang instead of reporting the failure."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Running:
    task: asyncio.Task[None]
    stop: asyncio.Event

    async def halt(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, timeout=15)


@dataclass
class Jobs:
    running: list[Running] = field(default_factory=list)

    def start(self, job: Any) -> Running:
        stop = asyncio.Event()
        started = Running(asyncio.create_task(job.run(stop)), stop)
        self.running.append(started)
        return started

    async def halt_all(self) -> None:
        """Stop whatever is still running (a test that failed before halting its jobs)."""
        for job in self.running:
            if not job.task.done():
                with contextlib.suppress(Exception, asyncio.CancelledError):
                    await job.halt()
        self.running.clear()
