"""Where a running `zeren run` can be reached, so that other commands on this machine (`audit`,
`seed`) find it without being told: written when the stack is up, removed when it stops.

The file holds the database password, so it is readable by its owner only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

FILE = "endpoints.json"


def write(home: Path, *, database_url: str, nats_url: str, gateway_url: str) -> None:
    path = home / FILE
    path.write_text(json.dumps({"DATABASE_URL": database_url, "NATS_URL": nats_url, "ZEREN_GATEWAY_URL": gateway_url}))
    path.chmod(0o600)


def remove(home: Path) -> None:
    (home / FILE).unlink(missing_ok=True)


def adopt(home: Path) -> None:
    """Fill the environment from a running stack's endpoints, never overriding what is set."""
    path = home / FILE
    if not path.exists():
        return
    for name, value in json.loads(path.read_text()).items():
        os.environ.setdefault(name, value)
