"""`zeren run` restarts a piece that exited on its own instead of falling over itself."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from shared.devstack.keys import DevKeys
from shared.devstack.launcher import ProcessSpec, Stack, Supervised
from shared.devstack.process import spawn


def test_an_exited_piece_is_scheduled_for_restart(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    spec = ProcessSpec("demo-serve", [sys.executable, "-c", "pass"], {}, 0, tmp_path / "demo.log")
    process = spawn(spec.argv, log_path=spec.log_path)
    process.wait(timeout=10)
    stack = Stack(home=tmp_path, database_url="", nats_url="", keys=DevKeys(tmp_path))
    stack.running.append(Supervised(spec, process))
    with caplog.at_level(logging.WARNING):
        stack.supervise_once()
    assert stack.running[0].next_restart > 0
    assert "restarting" in caplog.text
