"""A worker answers `/healthz` before its dependencies are up, is not ready until they are, and a
stop during its start (SIGTERM while NATS is unreachable) ends it at once, closing what it opened.
The first NATS connection is bounded per attempt, so the retry loop can be told to stop."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable

import httpx
import pytest

from shared.devstack.process import free_port
from shared.messaging.connection import connect_nats, connect_nats_until
from shared.settings import ServiceSettings
from shared.web.health import Dependency
from shared.worker import Started, run_worker, unless_stopped


class Settings(ServiceSettings):
    pass


def unreachable_nats() -> Settings:
    return Settings(database_url="postgresql://unused@127.0.0.1/unused", nats_url=f"nats://127.0.0.1:{free_port()}")


async def answer(port: int, path: str) -> int | None:
    try:
        async with httpx.AsyncClient(timeout=1) as client:
            return (await client.get(f"http://127.0.0.1:{port}{path}")).status_code
    except httpx.TransportError:
        return None


async def answers(port: int, path: str, status: int) -> bool:
    return await answer(port, path) == status


async def until(probe: Callable[[], Awaitable[bool]], *, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await probe():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met in time")


async def test_a_first_connection_attempt_gives_up_after_its_time() -> None:
    began = time.monotonic()
    with pytest.raises(TimeoutError):
        await connect_nats(unreachable_nats(), "test", attempt_seconds=0.5)
    assert time.monotonic() - began < 3


async def test_the_retry_loop_tries_again_and_returns_none_as_soon_as_it_is_told_to_stop() -> None:
    stop = asyncio.Event()
    waiting = asyncio.create_task(connect_nats_until(unreachable_nats(), "test", stop, attempt_seconds=0.3))
    await asyncio.sleep(1.0)  # several attempts, each given up
    assert not waiting.done()
    stop.set()
    assert await asyncio.wait_for(waiting, timeout=1.0) is None


async def test_a_stop_cancels_the_work_it_interrupts() -> None:
    stop = asyncio.Event()
    cancelled = asyncio.Event()

    async def forever() -> int:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return 1

    pending = asyncio.create_task(unless_stopped(stop, forever()))
    await asyncio.sleep(0.05)
    stop.set()
    assert await asyncio.wait_for(pending, timeout=1) is None
    assert cancelled.is_set()
    assert await unless_stopped(asyncio.Event(), asyncio.sleep(0, result=7)) == 7


async def test_healthz_answers_while_the_worker_starts_and_readyz_once_it_has_started() -> None:
    port = free_port()
    stop = asyncio.Event()
    dependencies_up = asyncio.Event()
    ran = asyncio.Event()

    async def task(stop: asyncio.Event) -> None:
        ran.set()
        await stop.wait()

    async def nothing() -> None:
        return None

    async def start(resources: contextlib.AsyncExitStack) -> Started:
        await dependencies_up.wait()  # migrations, pools, NATS
        return Started(tasks=[task], readiness={"nats": Dependency(nothing)})

    worker = asyncio.create_task(run_worker(name="test", host="127.0.0.1", port=port, start=start, stop=stop))
    try:
        await until(lambda: answers(port, "/healthz", 200))
        assert await answer(port, "/readyz") == 503
        dependencies_up.set()
        await until(lambda: answers(port, "/readyz", 200))
        assert ran.is_set()
    finally:
        stop.set()
        await asyncio.wait_for(worker, timeout=5)


async def test_a_stop_during_the_start_closes_what_it_had_opened_and_ends_the_worker() -> None:
    port = free_port()
    stop = asyncio.Event()
    closed: list[str] = []

    async def start(resources: contextlib.AsyncExitStack) -> Started:
        resources.callback(closed.append, "pool")
        await asyncio.sleep(3600)  # NATS never answers
        raise AssertionError("not reached")

    worker = asyncio.create_task(run_worker(name="test", host="127.0.0.1", port=port, start=start, stop=stop))
    await until(lambda: answers(port, "/healthz", 200))
    stop.set()
    await asyncio.wait_for(worker, timeout=2)
    assert closed == ["pool"]
    assert await answer(port, "/healthz") is None  # the health server is down too
