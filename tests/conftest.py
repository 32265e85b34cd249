"""Fixtures for every test: real PostgreSQL and NATS for integration and end-to-end tests.

Unit tests use none of these and run without any server.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import nats
import pytest
from nats.aio.client import Client

from shared.audit.stream import AUDIT_STREAM
from shared.domain import FixedClock, set_clock
from shared.messaging.streams import STREAMS
from tests.support.infra import NatsServer, PostgresServer


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    # Not under pytest's temporary root: each pytest session makes that root private (0700), which
    # would lock out the server's own user (PostgreSQL refuses to run as root) mid-run.
    home = Path(tempfile.mkdtemp(prefix="zeren-test-postgres-"))
    server = PostgresServer.start(home / "postgres")
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def database_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database for one test."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture(scope="module")
def module_database_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh database shared by the tests of one module (end-to-end stacks are costly to start)."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url)


def _nats(home: Path) -> Iterator[NatsServer]:
    server = NatsServer.start(home)
    if not server.restartable:
        asyncio.run(_reset_streams(server.url))
    yield server
    server.stop()


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    """A fresh nats-server for one test (or the named one, with its streams reset)."""
    yield from _nats(tmp_path / "nats")


@pytest.fixture(scope="module")
def module_nats_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NatsServer]:
    yield from _nats(tmp_path_factory.mktemp("nats"))


async def _reset_streams(url: str) -> None:
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        for name in [*(spec.name for spec in STREAMS.values()), AUDIT_STREAM]:
            with contextlib.suppress(nats.js.errors.NotFoundError):
                await js.delete_stream(name)
    finally:
        await nc.close()


@pytest.fixture
def nats_url(nats_server: NatsServer) -> str:
    return nats_server.url


@pytest.fixture
async def nats_client(nats_url: str) -> AsyncIterator[Client]:
    nc = await nats.connect(nats_url)
    yield nc
    await nc.close()


@pytest.fixture
def fixed_clock() -> Iterator[FixedClock]:
    from datetime import UTC, datetime

    clock = FixedClock(datetime(2018, 3, 1, 9, 0, tzinfo=UTC))
    previous = set_clock(clock)
    yield clock
    set_clock(previous)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.path)
        if f"{os.sep}integration{os.sep}" in path:
            item.add_marker(pytest.mark.integration)
        elif f"{os.sep}e2e{os.sep}" in path:
            item.add_marker(pytest.mark.e2e)
