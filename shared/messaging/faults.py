"""Fault-injection points for the durability tests (off unless an environment variable names them).

`ZEREN_FAULT_<POINT>=<probability>` makes the process exit abruptly (as `kill -9` would) at that
point, so tests can prove that a crash between two steps loses and doubles nothing.
"""

from __future__ import annotations

import os
import random


def maybe_crash(point: str) -> None:
    raw = os.environ.get(f"ZEREN_FAULT_{point.upper()}")
    if not raw:
        return
    if random.random() < float(raw):  # noqa: S311 - fault injection, not cryptography
        os._exit(137)
