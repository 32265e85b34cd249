"""PostgreSQL stopped under the running system and started again (F7): a fast shutdown, then a crash
of the postmaster (kill -9, crash recovery). While it is down every command fails within seconds
with a 503; once it is back the services write again without being restarted, no process has
exited, and nothing a client was told is recorded is missing.

The module runs its own PostgreSQL (it stops it), so it needs the embedded server: it is skipped
when the environment names an existing one.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest

from shared.devstack.keys import ensure_dev_keys
from shared.devstack.launcher import PREFERRED_API_PORTS, Stack
from shared.devstack.postgres import EmbeddedPostgres
from shared.devstack.process import free_port
from tests.e2e.conftest import client_for
from tests.support.e2e_personnel import ok
from tests.support.gateway_env import PATIENT_GATEWAY
from tests.support.infra import NatsServer, PostgresServer, with_database
from tests.support.wait import eventually_sync

pytestmark = [
    pytest.mark.skipif(
        bool(os.environ.get("ZEREN_TEST_DATABASE_URL")), reason="stops its own PostgreSQL; a named server is not ours"
    ),
    pytest.mark.usefixtures("units"),  # the units the tests enrol officers into
]

OUTAGE_SECONDS = 6


@pytest.fixture(scope="module")
def own_postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedPostgres]:
    embedded = EmbeddedPostgres(tmp_path_factory.mktemp("restarted-postgres"), free_port())
    embedded.start()
    try:
        yield embedded
    finally:
        embedded.stop()


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, own_postgres: EmbeddedPostgres, module_nats_server: NatsServer
) -> Iterator[Stack]:
    server = PostgresServer(admin_url=with_database(own_postgres.url, "postgres"))
    home: Path = tmp_path_factory.mktemp("restart")
    running = Stack(
        home=home / "stack",
        database_url=server.create_database(),
        nats_url=module_nats_server.url,
        keys=ensure_dev_keys(home / "keys"),
        api_ports={name: free_port() for name in PREFERRED_API_PORTS},
        extra_env=PATIENT_GATEWAY,
    )
    try:
        running.start(timeout=90)
        yield running
    finally:
        running.stop()


def _enrol(client: httpx.Client, key: str) -> tuple[int, float, dict[str, Any]]:
    started = time.monotonic()
    try:
        response = client.post(
            "/api/personnel/officers",
            json={"name": f"重启{key}", "unit_id": "STN05", "staff_kind": "permanent"},
            headers={"Idempotency-Key": key},
        )
    except httpx.TransportError:
        return 0, time.monotonic() - started, {}
    return response.status_code, time.monotonic() - started, response.json()


def _stop(postgres: EmbeddedPostgres, how: str) -> None:
    if how == "fast":
        postgres.stop()  # SIGINT: roll back open transactions, checkpoint, exit
        return
    assert postgres.process is not None
    postgres.process.send_signal(signal.SIGKILL)  # the postmaster dies; its backends follow
    postgres.process.wait(timeout=30)
    postgres.process = None


@pytest.mark.parametrize("how", ["fast", "crash"])
def test_the_system_writes_again_after_postgresql_returns_without_a_restart(
    stack: Stack, own_postgres: EmbeddedPostgres, how: str
) -> None:
    director = client_for(stack, "director")
    run = uuid4().hex[:6]
    before = [_enrol(director, f"{run}-before-{n}") for n in range(3)]
    assert [status for status, _, _ in before] == [201, 201, 201]

    _stop(own_postgres, how)
    down: list[tuple[int, float]] = []
    try:
        deadline = time.monotonic() + OUTAGE_SECONDS
        n = 0
        while time.monotonic() < deadline:
            status, took, _ = _enrol(director, f"{run}-during-{n}")
            down.append((status, took))
            n += 1
    finally:
        own_postgres.start()
    back = time.monotonic()

    # While it was down: a clear 503 within seconds, never a hang or a 500.
    assert {status for status, _ in down} == {503}, down
    assert max(took for _, took in down) < 10

    # Once it is back, each key a client was left unsure of settles on exactly one officer.
    settled: dict[str, str] = {}
    first_write = None
    for key in [f"{run}-during-{m}" for m in range(len(down))] + [f"{run}-after"]:

        def written(key: str = key) -> dict[str, Any] | None:
            status, _, body = _enrol(director, key)
            assert status in (0, 201, 503), body
            return body if status == 201 else None

        settled[key] = eventually_sync(written, timeout=60, interval=0.5)["id"]
        first_write = first_write or time.monotonic() - back
    assert first_write is not None
    assert first_write < 30
    slowest = max(took for _, took in down)
    print(f"F7 ({how}): {len(down)} commands refused while down, the slowest in {slowest:.2f} s;")
    print(f"F7 ({how}): first write {first_write:.2f} s after PostgreSQL was started again")

    # No process gave up: the relay, the projectors and the schedulers reconnected on their own,
    # and everything recorded reaches the directory once.
    assert [item.spec.name for item in stack.running if item.process.poll() is not None] == []
    expected = {body["id"] for _, _, body in before} | set(settled.values())

    def listed() -> set[str] | None:
        officers = ok(director.get("/api/personnel/officers", params={"unit_id": "STN05", "limit": 200}))["officers"]
        mine = {o["officer_id"] for o in officers if o["name"].startswith(f"重启{run}")}
        return mine if mine >= expected else None

    assert eventually_sync(listed, timeout=60) == expected
