"""End-to-end fixtures: every piece of the system as its own process, as `zeren run` starts them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from shared.devstack.keys import DevKeys, ensure_dev_keys, mint_client_token
from shared.devstack.launcher import PREFERRED_API_PORTS, Stack
from shared.devstack.process import free_port


@pytest.fixture
def stack(tmp_path: Path, database_url: str, nats_url: str) -> Iterator[Stack]:
    running = Stack(
        home=tmp_path / "stack",
        database_url=database_url,
        nats_url=nats_url,
        keys=ensure_dev_keys(tmp_path / "keys"),
        api_ports={name: free_port() for name in PREFERRED_API_PORTS},  # never clash with a local `zeren run`
    )
    try:
        running.start(timeout=90)
        yield running
    finally:
        running.stop()


@pytest.fixture
def keys(stack: Stack) -> DevKeys:
    return stack.keys


def client_for(stack: Stack, role: str, *, subject: str | None = None, unit: str | None = None) -> httpx.Client:
    token = mint_client_token(stack.keys, subject=subject or f"user-{role}", role=role, unit=unit)
    return httpx.Client(base_url=stack.url("gateway"), headers={"Authorization": f"Bearer {token}"}, timeout=15)
