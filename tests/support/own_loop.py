"""A projection runner on an event loop of its own, in a thread, with its own NATS connection and
pool: blocking that loop pauses this worker alone, as SIGSTOP pauses a process, while the test's
other workers go on."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import asyncpg
import nats
from nats.js import JetStreamContext

from shared.db.pool import create_pool
from shared.messaging.consumer import ProjectionRunner

BuildRunner = Callable[[JetStreamContext, asyncpg.Pool], ProjectionRunner]


class WorkerOnItsOwnLoop:
    def __init__(self, build: BuildRunner, *, nats_url: str, database_url: str, schema: str) -> None:
        self._build = build
        self._nats_url = nats_url
        self._database_url = database_url
        self._schema = schema
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._main, name="worker-on-its-own-loop", daemon=True)
        self.runner: ProjectionRunner | None = None

    async def start(self) -> WorkerOnItsOwnLoop:
        self._thread.start()
        if not await asyncio.to_thread(self._ready.wait, 30):
            raise AssertionError("the worker did not start")
        if self._error is not None:
            raise self._error
        return self

    async def halt(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        await asyncio.to_thread(self._thread.join, 30)
        if self._thread.is_alive():
            raise AssertionError("the worker did not stop")
        if self._error is not None:
            raise self._error

    def _main(self) -> None:
        try:
            asyncio.run(self._run())
        except BaseException as exc:  # noqa: BLE001 - handed to the test by `start` or `halt`
            self._error = exc
        finally:
            self._ready.set()

    async def _run(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        nc = await nats.connect(self._nats_url)
        pool = await create_pool(self._database_url, self._schema, max_size=2)
        try:
            self.runner = self._build(nc.jetstream(), pool)
            self._ready.set()
            await self.runner.run(self._stop)
        finally:
            await nc.close()
            await pool.close()
