"""Commands on this machine find a running `zeren run` without overriding what the environment says."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from shared.devstack import endpoints


def test_a_running_stack_is_found_and_the_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("NATS_URL", "nats://elsewhere:4222")
    monkeypatch.delenv("ZEREN_GATEWAY_URL", raising=False)
    endpoints.write(
        tmp_path, database_url="postgresql://u:p@127.0.0.1:1/db", nats_url="nats://127.0.0.1:2", gateway_url="http://g"
    )
    assert stat.S_IMODE((tmp_path / endpoints.FILE).stat().st_mode) == 0o600  # it holds a password
    endpoints.adopt(tmp_path)
    assert os.environ["DATABASE_URL"] == "postgresql://u:p@127.0.0.1:1/db"
    assert os.environ["NATS_URL"] == "nats://elsewhere:4222"
    assert os.environ["ZEREN_GATEWAY_URL"] == "http://g"
    endpoints.remove(tmp_path)
    assert not (tmp_path / endpoints.FILE).exists()
