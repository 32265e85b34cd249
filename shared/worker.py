"""Running a long-lived worker (a relay or a projector): signals, health and metrics endpoints.

The worker's tasks get one `stop` event; SIGTERM or SIGINT sets it, the tasks finish their current
batch, and the process exits 0. A small HTTP server answers `/healthz`, `/readyz` and `/metrics`
for Kubernetes probes and Prometheus.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import uvicorn
from fastapi import FastAPI

from shared.web.health import Dependency
from shared.web.health import router as health_router

log = logging.getLogger(__name__)

Task = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


class _EmbeddedServer(uvicorn.Server):
    """uvicorn without its own signal handling: the worker owns the signals and the shutdown order."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def install_stop_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)


async def run_worker(
    *, name: str, host: str, port: int, tasks: list[Task], readiness: dict[str, Dependency], stop: asyncio.Event
) -> None:
    app = FastAPI(title=name, docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(health_router)
    app.state.readiness = readiness
    server = _EmbeddedServer(uvicorn.Config(app, host=host, port=port, log_config=None, lifespan="off"))
    serving = asyncio.create_task(server.serve())
    running = [asyncio.create_task(task(stop)) for task in tasks]
    log.info("worker started", extra={"worker": name, "port": port})
    try:
        done, _ = await asyncio.wait([*running, asyncio.create_task(stop.wait())], return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task in running and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
        await asyncio.gather(*running)
    finally:
        stop.set()
        for task in running:
            if not task.done():
                task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
        server.should_exit = True
        await serving
        log.info("worker stopped", extra={"worker": name})
