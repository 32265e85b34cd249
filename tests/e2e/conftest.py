"""End-to-end fixtures: every piece of the system as its own process, as `zeren run` starts them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared.devstack.keys import DevKeys, ensure_dev_keys, mint_client_token
from shared.devstack.launcher import PREFERRED_API_PORTS, Stack
from shared.devstack.process import free_port
from tests.support.e2e_personnel import register_units
from tests.support.gateway_env import PATIENT_GATEWAY
from tests.support.infra import NatsServer


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, module_database_url: str, module_nats_server: NatsServer
) -> Iterator[Stack]:
    """Every process of the system, shared by the tests of one module: use distinct data per test."""
    with running_stack(tmp_path_factory.mktemp("stack"), module_database_url, module_nats_server.url) as running:
        yield running


@contextmanager
def running_stack(home: Path, database_url: str, nats_url: str, **options: Any) -> Iterator[Stack]:
    """Every process of the system on the given servers, stopped on leaving; `options` go to `Stack`."""
    running = Stack(
        home=home / "stack",
        database_url=database_url,
        nats_url=nats_url,
        keys=ensure_dev_keys(home / "keys"),
        api_ports={name: free_port() for name in PREFERRED_API_PORTS},  # never clash with a local `zeren run`
        **{**options, "extra_env": {**PATIENT_GATEWAY, **options.get("extra_env", {})}},
    )
    try:
        running.start(timeout=90)
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def units(stack: Stack) -> None:
    """The units of `tests.support.e2e_personnel.UNITS` registered in the module's stack; a module
    whose tests enrol officers uses it (`pytestmark = pytest.mark.usefixtures("units")`). The demo
    seed registers its own units, so its module does not."""
    with client_for(stack, "director", subject="director-units") as director:
        register_units(director)


@pytest.fixture
def keys(stack: Stack) -> DevKeys:
    return stack.keys


def client_for(stack: Stack, role: str, *, subject: str | None = None, unit: str | None = None) -> httpx.Client:
    token = mint_client_token(stack.keys, subject=subject or f"user-{role}", role=role, unit=unit)
    return httpx.Client(base_url=stack.url("gateway"), headers={"Authorization": f"Bearer {token}"}, timeout=15)
