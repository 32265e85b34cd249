"""A service stopped or stalled behind the gateway: a problem naming it, and nothing half-written.

The module has its own stack (it stops one of its processes), with a short downstream timeout.
"""

from __future__ import annotations

import signal
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from uuid import uuid4

import httpx
import pytest

from shared.devstack.keys import ensure_dev_keys
from shared.devstack.launcher import PREFERRED_API_PORTS, Stack
from shared.devstack.process import free_port, stop
from shared.web.keepalive import GATEWAY_IDLE_CONNECTION_SECONDS, SERVICE_KEEP_ALIVE_SECONDS
from tests.e2e.conftest import client_for
from tests.support.gateway_env import PATIENT_GATEWAY
from tests.support.infra import NatsServer
from tests.support.processes import restart
from tests.support.wait import eventually_sync

pytestmark = pytest.mark.usefixtures("units")  # the units the tests enrol officers into

TIMEOUT_SECONDS = 2
UVICORN_DEFAULT_KEEP_ALIVE_SECONDS = 5


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, module_database_url: str, module_nats_server: NatsServer
) -> Iterator[Stack]:
    home = tmp_path_factory.mktemp("outage")
    running = Stack(
        home=home / "stack",
        database_url=module_database_url,
        nats_url=module_nats_server.url,
        keys=ensure_dev_keys(home / "keys"),
        api_ports={name: free_port() for name in PREFERRED_API_PORTS},
        extra_env={**PATIENT_GATEWAY, "GATEWAY_DOWNSTREAM_TIMEOUT_SECONDS": str(TIMEOUT_SECONDS)},
    )
    try:
        running.start(timeout=90)
        yield running
    finally:
        running.stop()


def _enrol(client: httpx.Client, key: str, name: str) -> httpx.Response:
    return client.post(
        "/api/personnel/officers",
        json={"name": name, "unit_id": "STN03", "staff_kind": "permanent"},
        headers={"Idempotency-Key": key},
    )


def test_a_stopped_service_is_a_503_naming_it_and_a_retry_records_the_command_once(stack: Stack) -> None:
    director = client_for(stack, "director")
    key = f"enrol-{uuid4()}"
    stop(stack.process("personnel-serve").process, signal.SIGTERM)
    try:
        down = _enrol(director, key, "郑一")
        assert down.status_code == 503
        assert down.headers["content-type"] == "application/problem+json"
        assert down.json()["code"] == "service_unavailable"
        assert down.json()["service"] == "personnel"
        assert down.headers["retry-after"]
        # The other services still answer through the gateway, which stays ready and says who is down.
        assert director.get("/api/assessment/roster").status_code == 200
        ready = httpx.get(f"{stack.url('gateway')}/readyz", timeout=5).json()
        assert ready["checks"]["personnel"].startswith("unreachable")
    finally:
        restart(stack, "personnel-serve")

    retried = _enrol(director, key, "郑一")
    assert retried.status_code == 201, retried.text
    assert "idempotent-replayed" not in retried.headers  # the first attempt recorded nothing
    history = director.get(f"/api/personnel/officers/{retried.json()['id']}/history").json()
    assert len(history) == 1


def test_a_stalled_service_is_a_504_and_the_same_key_settles_the_unknown_outcome(stack: Stack) -> None:
    director = client_for(stack, "director")
    key = f"enrol-{uuid4()}"
    personnel = stack.process("personnel-serve").process
    personnel.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        stalled = _enrol(director, key, "王二")
        assert stalled.status_code == 504
        assert stalled.json()["code"] == "service_timeout"
        assert stalled.json()["service"] == "personnel"
        assert time.monotonic() - started < TIMEOUT_SECONDS + 3
    finally:
        personnel.send_signal(signal.SIGCONT)

    # The request sat in the service's socket and may have run after the gateway gave up; the
    # same key either replays that result or records it now, never twice.
    def enrolled() -> httpx.Response | None:
        response = _enrol(director, key, "王二")
        return response if response.status_code == 201 else None

    first = eventually_sync(enrolled, timeout=30)
    again = _enrol(director, key, "王二")
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert len(director.get(f"/api/personnel/officers/{first.json()['id']}/history").json()) == 1


def _in_flight_to_personnel(stack: Stack) -> float:
    metrics = httpx.get(f"{stack.url('gateway')}/metrics", timeout=5).text
    sample = 'zeren_gateway_downstream_in_flight{service="personnel"}'
    return float(next(line for line in metrics.splitlines() if line.startswith(sample)).rsplit(" ", 1)[1])


def test_a_call_beyond_a_stalled_services_admission_limit_is_refused_at_once_and_never_sent(stack: Stack) -> None:
    restart(stack, "gateway-serve", {"GATEWAY_DOWNSTREAM_MAX_IN_FLIGHT": "1", "GATEWAY_DOWNSTREAM_MAX_QUEUED": "0"})
    held_key, refused_key = f"enrol-{uuid4()}", f"enrol-{uuid4()}"
    personnel = stack.process("personnel-serve").process
    personnel.send_signal(signal.SIGSTOP)
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            held = pool.submit(_enrol, client_for(stack, "director"), held_key, "冯三")
            eventually_sync(lambda: _in_flight_to_personnel(stack) == 1, timeout=10, interval=0.05)
            started = time.monotonic()
            refused = _enrol(client_for(stack, "director"), refused_key, "陈四")
            assert time.monotonic() - started < 1  # not the downstream timeout: refused without waiting
            assert refused.status_code == 503
            assert refused.headers["content-type"] == "application/problem+json"
            assert refused.json()["code"] == "service_overloaded"
            assert refused.json()["service"] == "personnel"
            assert refused.headers["retry-after"] == "1"
            assert held.result().status_code == 504  # the call admitted went on and timed out
    finally:
        personnel.send_signal(signal.SIGCONT)
        restart(stack, "gateway-serve")  # its own settings again

    retried = _enrol(client_for(stack, "director"), refused_key, "陈四")
    assert retried.status_code == 201, retried.text
    assert "idempotent-replayed" not in retried.headers  # the refused call was never sent


def _get_healthz(sock: socket.socket) -> bytes:
    """One request on this connection, and its whole response (headers, then the declared body)."""
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: personnel\r\n\r\n")
    received = b""
    while b"\r\n\r\n" not in received:
        received += sock.recv(4096)
    head, _, body = received.partition(b"\r\n\r\n")
    length = int(
        next(line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")).split(b":")[1]
    )
    while len(body) < length:
        body += sock.recv(4096)
    return head


def test_a_service_holds_an_idle_connection_longer_than_the_gateway_keeps_it(stack: Stack) -> None:
    """The gateway, not the service, closes an idle connection between them: a request sent on a
    pooled connection the service is closing at that instant would be lost (a 502 to the client, the
    outcome unknown)."""
    assert GATEWAY_IDLE_CONNECTION_SECONDS < SERVICE_KEEP_ALIVE_SECONDS
    port = int(stack.url("personnel").rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        assert _get_healthz(sock).startswith(b"HTTP/1.1 200")
        time.sleep(UVICORN_DEFAULT_KEEP_ALIVE_SECONDS + 1)  # past where a default server hangs up
        sock.setblocking(False)
        try:
            closed = sock.recv(1, socket.MSG_PEEK) == b""
        except BlockingIOError:
            closed = False  # nothing to read: the connection is still open
        sock.setblocking(True)
        assert not closed, "the service closed an idle connection the gateway may still reuse"
        assert _get_healthz(sock).startswith(b"HTTP/1.1 200")
