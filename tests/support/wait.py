"""Polling with a deadline instead of sleeping: the machines that run the tests are noisy."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx

T = TypeVar("T")


async def eventually(probe: Callable[[], Awaitable[T | None]], *, timeout: float = 20.0, interval: float = 0.1) -> T:
    """Await `probe` until it returns something truthy; fail with the last value after `timeout`."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = await probe()
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last value: {last!r})")


def eventually_sync(probe: Callable[[], T | None], *, timeout: float = 30.0, interval: float = 0.2) -> T:
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last value: {last!r})")


def until_facts_caught_up(client: httpx.Client, close: str, *, timeout: float = 60.0) -> httpx.Response:
    """The answer to POST `close` (a period's close), sent again while it is 409 `facts_not_caught_up`:
    the facts projection is still applying what was published (the API's "retry in a moment")."""

    def attempt() -> httpx.Response | None:
        response = client.post(close)
        waiting = response.status_code == 409 and response.json().get("code") == "facts_not_caught_up"
        return None if waiting else response

    return eventually_sync(attempt, timeout=timeout)
