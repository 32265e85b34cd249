"""A worker whose NATS is unreachable: alive at once (its liveness probe passes), not ready, and
stopped by SIGTERM within seconds, with its pools closed (Kubernetes would kill it after its grace
period otherwise, and a rollout would wait for that)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from shared.devstack.keys import ensure_dev_keys
from shared.devstack.process import free_port, spawn, stop
from tests.support.wait import eventually_sync

PROMPT_EXIT_SECONDS = 5.0


def closed_port() -> int:
    """A port nothing listens on: a NATS that does not answer at all."""
    return free_port()


def worker(role: str, database_url: str, tmp_path: Path) -> tuple[subprocess.Popen[bytes], int, Path]:
    port = free_port()
    log = tmp_path / f"personnel-{role}.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "NATS_URL": f"nats://127.0.0.1:{closed_port()}",
        "HTTP_HOST": "127.0.0.1",
        "WORKER_HTTP_PORT": str(port),
        "PYTHONUNBUFFERED": "1",
    }
    return spawn([sys.executable, "-m", "personnel", role], env=env, log_path=log), port, log


def answer(port: int, path: str) -> int | None:
    try:
        return httpx.get(f"http://127.0.0.1:{port}{path}", timeout=1).status_code
    except httpx.TransportError:
        return None


@pytest.mark.parametrize("role", ["relay", "project", "notarize"])
def test_a_worker_waiting_for_nats_is_alive_not_ready_and_stops_at_once_on_sigterm(
    role: str, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if role == "notarize":
        monkeypatch.setenv("AUDIT_SIGNING_KEY_FILES", str(ensure_dev_keys(tmp_path / "keys").notary_signing))
    process, port, log = worker(role, database_url, tmp_path)
    try:
        eventually_sync(lambda: answer(port, "/healthz") == 200, timeout=60)
        assert answer(port, "/readyz") == 503
        # Still waiting for NATS some attempts later: alive, and not ready.
        time.sleep(2 * 0.5 + 1)
        assert process.poll() is None
        assert answer(port, "/healthz") == 200
        assert answer(port, "/readyz") == 503

        sent = time.monotonic()
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
        took = time.monotonic() - sent
    finally:
        stop(process, timeout=5)
    output = log.read_text()
    assert code == 0, output
    assert took < PROMPT_EXIT_SECONDS, (took, output)
    assert "worker stopped before it had started" in output
