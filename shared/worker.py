"""Running a long-lived worker (a relay, a projector, a notary or a scheduler): signals, health and
metrics endpoints, and a start that may wait for its dependencies.

The HTTP server answering `/healthz`, `/readyz` and `/metrics` starts first: `/healthz` says the
process is alive (what a liveness probe restarts on), `/readyz` answers 503 until the worker has
migrated its schema, opened its pools and connected to NATS, and then checks those dependencies.
The worker's tasks get one `stop` event; SIGTERM or SIGINT sets it. During the start that cancels the
start (a worker waiting for NATS exits at once); later the tasks finish their current batch. Either
way what the start opened is closed, and the process exits 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import uvicorn
from fastapi import FastAPI

from shared.web.health import Dependency
from shared.web.health import router as health_router

log = logging.getLogger(__name__)

Task = Callable[[asyncio.Event], Coroutine[Any, Any, None]]
T = TypeVar("T")


@dataclass(frozen=True)
class Started:
    """What a worker runs once its dependencies are up, and what its `/readyz` then checks."""

    tasks: list[Task]
    readiness: dict[str, Dependency]


# Opens what the worker needs, registering each thing's close on the stack; None if it stopped first.
Start = Callable[[contextlib.AsyncExitStack], Awaitable[Started | None]]


class StillStartingError(RuntimeError):
    """The worker has not finished starting (migrations, pools, NATS)."""

    shown_in_readiness = True


async def _still_starting() -> None:
    raise StillStartingError("migrating, opening pools or connecting to NATS")


class _EmbeddedServer(uvicorn.Server):
    """uvicorn without its own signal handling: the worker owns the signals and the shutdown order."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def install_stop_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)


async def run_worker(*, name: str, host: str, port: int, start: Start, stop: asyncio.Event) -> None:
    app = FastAPI(title=name, docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(health_router)
    app.state.readiness = {"startup": Dependency(_still_starting)}
    server = _EmbeddedServer(uvicorn.Config(app, host=host, port=port, log_config=None, lifespan="off"))
    serving = asyncio.create_task(server.serve())
    log.info("worker starting", extra={"worker": name, "port": port})
    try:
        async with contextlib.AsyncExitStack() as resources:
            started = await unless_stopped(stop, start(resources))
            if started is None:
                log.info("worker stopped before it had started", extra={"worker": name})
                return
            app.state.readiness = started.readiness
            log.info("worker started", extra={"worker": name})
            await _run_tasks(started.tasks, stop)
    finally:
        server.should_exit = True
        await serving
        log.info("worker stopped", extra={"worker": name})


async def unless_stopped(stop: asyncio.Event, work: Awaitable[T]) -> T | None:
    """`work`'s result, or None once `stop` is set first (`work` is then cancelled)."""
    task = asyncio.ensure_future(work)
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    return None if task.cancelled() else task.result()


async def _run_tasks(tasks: list[Task], stop: asyncio.Event) -> None:
    running = [asyncio.create_task(task(stop)) for task in tasks]
    stopping = asyncio.create_task(stop.wait())
    try:
        done, _ = await asyncio.wait([*running, stopping], return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task in running and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
        await asyncio.gather(*running)
    finally:
        stop.set()
        stopping.cancel()
        for task in running:
            if not task.done():
                task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
