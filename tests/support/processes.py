"""One process of a running stack, stopped and started again as a test needs it."""

from __future__ import annotations

import httpx

from shared.devstack.launcher import Stack
from shared.devstack.process import spawn, stop
from tests.support.wait import eventually_sync


def answers_healthz(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def restart(stack: Stack, name: str, env: dict[str, str] | None = None) -> None:
    """Stop the process (if it still runs) and start it again, with `env` over its own settings;
    return once it answers `/healthz`."""
    item = stack.process(name)
    stop(item.process)
    item.process = spawn(item.spec.argv, env={**item.spec.env, **(env or {})}, log_path=item.spec.log_path)
    eventually_sync(lambda: answers_healthz(item.spec.health_port), timeout=60)
