"""A call that failed downstream, told by whether the service can have acted on it: 503 "not
reachable" only when it was never sent; 502 (connection lost) or 504 (no answer in time), the
outcome unknown, once it may have been. The failures are raised as the gateway's transport raises
them (aiohttp's errors, mapped by httpx_aiohttp, which calls nearly all of them a connect timeout)."""

from __future__ import annotations

import asyncio
import errno
from collections.abc import AsyncIterator

import aiohttp
import httpx
import pytest
from aiohttp.client_reqrep import ConnectionKey
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from shared.devstack.keys import DevKeys
from tests.unit.gateway.conftest import RunningGateway, bearer, running_gateway

OFFICER = "/api/personnel/officers/0b7e4a52-6f1e-4c55-9d7a-3f0c2b1e8a41"
PERSONNEL = ConnectionKey("personnel", 8080, False, True, None, None, None, None)


def _refused() -> aiohttp.ClientConnectorError:
    return aiohttp.ClientConnectorError(PERSONNEL, ConnectionRefusedError(errno.ECONNREFUSED, "Connect call failed"))


async def _enrol(gw: RunningGateway) -> httpx.Response:
    return await gw.client.post(
        "/api/personnel/officers", json={}, headers={**bearer(gw.keys, "director"), "Idempotency-Key": "enrol-1"}
    )


@pytest.mark.parametrize(
    "failure",
    [_refused(), aiohttp.ConnectionTimeoutError("Connection timeout to host http://personnel:8080")],
    ids=["refused", "connect_timeout"],
)
async def test_a_service_that_could_not_be_connected_to_is_not_reachable_and_nothing_was_sent(
    gw: RunningGateway, failure: Exception
) -> None:
    gw.downstream.aiohttp_failure = failure
    response = await _enrol(gw)
    assert response.status_code == 503
    problem = response.json()
    assert (problem["code"], problem["title"], problem["service"]) == (
        "service_unavailable",
        "Service unavailable",
        "personnel",
    )
    assert response.headers["retry-after"] == "2"


@pytest.mark.parametrize(
    "failure",
    [
        aiohttp.ServerDisconnectedError(),  # the service died with the request in hand
        aiohttp.ClientOSError(errno.ECONNRESET, "Connection reset by peer"),
        aiohttp.ClientPayloadError("Response payload is not completed"),
        aiohttp.ClientResponseError(
            aiohttp.RequestInfo(URL("http://personnel"), "POST", CIMultiDictProxy(CIMultiDict())), ()
        ),
    ],
    ids=["disconnected", "reset", "payload_cut", "not_http"],
)
async def test_a_command_whose_connection_broke_after_sending_has_an_unknown_outcome(
    gw: RunningGateway, failure: Exception
) -> None:
    gw.downstream.aiohttp_failure = failure
    response = await _enrol(gw)
    assert response.status_code == 502
    assert response.headers["content-type"] == "application/problem+json"
    assert "retry-after" not in response.headers
    problem = response.json()
    assert (problem["code"], problem["title"], problem["service"]) == (
        "service_connection_lost",
        "Bad gateway",
        "personnel",
    )
    assert "outcome is unknown" in problem["detail"]
    assert "Retry with the same Idempotency-Key" in problem["detail"]
    assert "not reachable" not in problem["detail"]


async def test_a_read_whose_connection_broke_is_simply_retried(gw: RunningGateway) -> None:
    gw.downstream.aiohttp_failure = aiohttp.ServerDisconnectedError()
    response = await gw.client.get(OFFICER, headers=bearer(gw.keys, "director"))
    assert response.status_code == 502
    assert response.json()["code"] == "service_connection_lost"
    assert response.json()["detail"].endswith("Retry.")
    assert "Idempotency-Key" not in response.json()["detail"]


async def test_a_socket_read_timeout_is_a_gateway_timeout(gw: RunningGateway) -> None:
    gw.downstream.aiohttp_failure = aiohttp.SocketTimeoutError("Timeout on reading data from socket")
    response = await _enrol(gw)
    assert response.status_code == 504
    assert (response.json()["code"], response.json()["title"]) == ("service_timeout", "Gateway timeout")


class Trickle(httpx.AsyncByteStream):
    """An answer that never ends, a byte at a time: every read is prompt, the whole is never done."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            yield b" "
            await asyncio.sleep(0.01)


async def test_an_answer_trickling_past_the_deadline_is_a_timeout_and_frees_its_slot(keys: DevKeys) -> None:
    settings = {"downstream_timeout_seconds": 0.2, "downstream_max_in_flight": 1, "downstream_max_queued": 0}
    async with running_gateway(keys, **settings) as gw:
        gw.downstream.stream = Trickle()
        async with asyncio.timeout(30):  # without a deadline for the whole call, it would never answer
            response = await gw.client.get(OFFICER, headers=bearer(gw.keys, "director"))
        assert response.status_code == 504
        assert (response.json()["code"], response.json()["title"]) == ("service_timeout", "Gateway timeout")
        gw.downstream.stream = None
        assert (await gw.client.get(OFFICER, headers=bearer(gw.keys, "director"))).status_code == 200
