"""The CPU an HTTP client spends per call: httpx as it comes, httpx over aiohttp's connections (the
gateway's calls to the services), and aiohttp alone as the baseline, against one local server.

    python3 zeren bench client [--calls 4000] [--in-flight 1,4,16,64]

The server (uvicorn, a bare ASGI app answering a small JSON body) runs as its own process, so the
CPU time counted is the client's alone.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

from shared.devstack.process import free_port
from tests.support.wait import eventually_sync

SERVER = """
import sys, uvicorn
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b'{"officer_id": "0b7e4a52", "name": "x"}'})
uvicorn.run(app, port=int(sys.argv[1]), log_level="warning")
"""
HEADERS = {"Authorization": "Bearer x", "X-Request-Id": "bench"}

Client = Callable[[str, int, int], Coroutine[Any, Any, None]]


async def _gathered(calls: int, in_flight: int, one: Callable[[], Awaitable[None]]) -> None:
    slots = asyncio.Semaphore(in_flight)

    async def limited() -> None:
        async with slots:
            await one()

    await asyncio.gather(*(limited() for _ in range(calls)))


async def with_httpx(base: str, calls: int, in_flight: int, transport: httpx.AsyncBaseTransport | None = None) -> None:
    limits = httpx.Limits(max_connections=in_flight, max_keepalive_connections=in_flight)
    async with httpx.AsyncClient(base_url=base, limits=limits, transport=transport) as client:

        async def one() -> None:
            (await client.get("/x", headers=HEADERS)).json()

        await _gathered(calls, in_flight, one)


async def with_httpx_over_aiohttp(base: str, calls: int, in_flight: int) -> None:
    limits = httpx.Limits(max_connections=in_flight, max_keepalive_connections=in_flight)
    await with_httpx(base, calls, in_flight, AiohttpTransport(limits=limits))


async def with_aiohttp(base: str, calls: int, in_flight: int) -> None:
    async with aiohttp.ClientSession(base, connector=aiohttp.TCPConnector(limit=in_flight)) as session:

        async def one() -> None:
            async with session.get("/x", headers=HEADERS) as response:
                await response.json()

        await _gathered(calls, in_flight, one)


CLIENTS: dict[str, Client] = {
    "httpx": with_httpx,
    "httpx over aiohttp (gateway)": with_httpx_over_aiohttp,
    "aiohttp (baseline)": with_aiohttp,
}


def _answers(base: str) -> bool:
    try:
        return httpx.get(f"{base}/x", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(prog="zeren bench client")
    parser.add_argument("--calls", type=int, default=4000)
    parser.add_argument("--in-flight", default="1,4,16,64", help="concurrent calls, comma-separated")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(port)])
    try:
        eventually_sync(lambda: _answers(base), timeout=30, interval=0.1)
        print(f"{'client':<30} {'in flight':>9} {'calls/s':>8} {'CPU µs/call':>12}")
        for in_flight in (int(n) for n in args.in_flight.split(",")):
            for name, client in CLIENTS.items():
                asyncio.run(client(base, 200, in_flight))  # connections opened, code paths warm
                cpu, wall = time.process_time(), time.perf_counter()
                asyncio.run(client(base, args.calls, in_flight))
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                print(f"{name:<30} {in_flight:>9} {args.calls / wall:>8.0f} {cpu / args.calls * 1e6:>12.0f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
