"""A synchronous client of an ASGI app with its lifespan running, for tests that drive a service's
API step by step. It does what starlette's TestClient does (a portal thread runs the app's event
loop) without it: the TestClient is deprecated with httpx."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal
from fastapi import FastAPI


class SyncClient:
    def __init__(self, portal: BlockingPortal, client: httpx.AsyncClient) -> None:
        self._portal, self._client = portal, client

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self._portal.call(functools.partial(self._client.request, method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)


@asynccontextmanager
async def _running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


@contextmanager
def serving(app: FastAPI) -> Iterator[SyncClient]:
    """The app started (lifespan entered), a client to call it, and the app stopped afterwards."""
    with start_blocking_portal() as portal, portal.wrap_async_context_manager(_running(app)) as client:
        yield SyncClient(portal, client)
