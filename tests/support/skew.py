"""One process's clock moved, the rest of the machine's left alone: libfaketime preloaded into that
process only (the PyPI wheel carries the built library, so no compiler or system package is needed).
Monotonic clocks are not moved: timeouts and intervals stay true, as they do when NTP is off."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import libfaketime

from shared.devstack.launcher import Stack
from shared.devstack.process import spawn, stop
from tests.support.wait import eventually_sync

LIBRARY = Path(libfaketime.__file__).parent / "vendor" / "libfaketime" / "src" / "libfaketime.so.1"


def clock_off_by(offset: str) -> dict[str, str]:
    """The environment of a process whose wall clock is `offset` from the machine's ("+10m", "-20")."""
    assert LIBRARY.exists(), f"libfaketime is not where the wheel puts it: {LIBRARY}"
    return {
        "LD_PRELOAD": str(LIBRARY),
        "FAKETIME": offset,
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        "DONT_FAKE_MONOTONIC": "1",  # the name older builds read
    }


def restart_with(stack: Stack, name: str, env: dict[str, str]) -> None:
    """Stop one of the stack's processes and start it again with `env` over its own settings."""
    item = stack.process(name)
    stop(item.process)
    item.process = spawn(item.spec.argv, env={**item.spec.env, **env}, log_path=item.spec.log_path)

    def healthy() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{item.spec.health_port}/healthz", timeout=1) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    eventually_sync(healthy, timeout=60)
