"""`zeren seed` run against a test's stack, as an operator runs it: a process talking to the gateway."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from shared.devstack.launcher import Stack


def run_seed(stack: Stack, seed: int, *, scale: str = "small") -> subprocess.CompletedProcess[str]:
    command = [
        *(sys.executable, "-m", "shared.cli", "--home", str(stack.keys.folder.parent), "seed"),
        *("--gateway", stack.url("gateway"), "--scale", scale, "--seed", str(seed), "--json"),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def seed(stack: Stack, number: int = 7) -> dict[str, Any]:
    """The report of a seeding that succeeded (the demo's counts and the ids a test looks up)."""
    completed = run_seed(stack, number)
    assert completed.returncode == 0, completed.stderr
    report: dict[str, Any] = json.loads(completed.stdout)
    return report
