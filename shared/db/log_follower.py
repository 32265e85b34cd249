"""Following a service's notification log as its one active reader (the relay, the notary).

One process per role and service holds a PostgreSQL advisory lock; the others stand by until it is
released. The active one listens on the event store's NOTIFY channel, resumes from what it recorded,
and calls its step until a step reads nothing new, then waits for a notification, the idle timeout
or stop. A retryable error restarts the whole cycle after a back-off, so the step always continues
from recorded (hence published) work, never from memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import asyncpg

from shared.aio import sleep_unless, wait_any
from shared.db.errors import DATABASE_UNAVAILABLE
from shared.db.locks import advisory_key

log = logging.getLogger(__name__)

Prepare = Callable[[], Awaitable[None]]
Resume = Callable[[asyncpg.Connection], Awaitable[None]]
Step = Callable[[asyncpg.Connection], Awaitable[int]]


class LogFollower:
    def __init__(
        self,
        *,
        lock_name: str,
        pool: asyncpg.Pool,
        channel: str,
        retryable: tuple[type[BaseException], ...],
        idle_seconds: float = 1.0,
        standby_seconds: float = 1.0,
    ) -> None:
        self.lock_name = lock_name
        self._pool = pool
        self._channel = channel
        self._retryable = retryable
        self._idle_seconds = idle_seconds
        self._standby_seconds = standby_seconds
        self.holds_lock = False

    async def run(self, stop: asyncio.Event, *, prepare: Prepare, resume: Resume, step: Step) -> None:
        """Until `stop`: `prepare()`, take the lock, `resume(conn)`, then `step(conn)` as events arrive."""
        backoff = 0.2
        while not stop.is_set():
            try:
                await prepare()
                async with self._pool.acquire() as conn:
                    if await self._acquire_lock(conn, stop):
                        try:
                            await self._follow(conn, stop, resume, step)
                        finally:
                            self.holds_lock = False
                backoff = 0.2
            except self._retryable as exc:
                log.warning("log follower interrupted; retrying", extra={"lock": self.lock_name, "error": repr(exc)})
                await sleep_unless(stop, backoff)
                backoff = min(backoff * 2, 5.0)

    async def _acquire_lock(self, conn: asyncpg.Connection, stop: asyncio.Event) -> bool:
        key = advisory_key(self.lock_name)
        while not stop.is_set():
            if await conn.fetchval("SELECT pg_try_advisory_lock($1)", key):
                self.holds_lock = True
                log.info("log follower is active", extra={"lock": self.lock_name})
                return True
            await sleep_unless(stop, self._standby_seconds)  # another follower is active: stand by
        return False

    async def _follow(self, conn: asyncpg.Connection, stop: asyncio.Event, resume: Resume, step: Step) -> None:
        wake = asyncio.Event()

        def on_notify(*_: object) -> None:
            wake.set()

        await conn.add_listener(self._channel, on_notify)
        try:
            await resume(conn)
            while not stop.is_set():
                wake.clear()
                if await step(conn) == 0:
                    await wait_any(wake, stop, self._idle_seconds)
        finally:
            # A session the server ended took its lock and its listener with it; the error that
            # ended it is the one to report, not a failed clean-up on the dead connection.
            with contextlib.suppress(*DATABASE_UNAVAILABLE):
                await conn.remove_listener(self._channel, on_notify)
                if not conn.is_closed():
                    await conn.execute("SELECT pg_advisory_unlock_all()")
