"""Snapshots of the services' OpenAPI documents, which the gateway merges into the public API.

Each service prints its own document with `python -m <service> openapi` (no database needed). The
gateway does not import the services, so it reads committed snapshots of those documents; `zeren
openapi` refreshes them and `zeren openapi --check` (and a test) fails while one is stale.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# The services behind the gateway, in the order their operations appear in the public document.
API_SERVICES = ("personnel", "cases", "assessment")
SNAPSHOT_FOLDER = Path(__file__).resolve().parents[2] / "services" / "gateway" / "src" / "gateway" / "apispec"


def snapshot_path(service: str, folder: Path = SNAPSHOT_FOLDER) -> Path:
    return folder / f"{service}.openapi.json"


def generate(services: Iterable[str] = API_SERVICES) -> dict[str, str]:
    """Each service's document as `python -m <service> openapi` prints it (run side by side)."""
    running = {
        service: subprocess.Popen(  # noqa: S603 - our own interpreter and module names
            [sys.executable, "-m", service, "openapi"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for service in services
    }
    documents: dict[str, str] = {}
    for service, process in running.items():
        out, err = process.communicate(timeout=120)
        if process.returncode != 0:
            raise RuntimeError(f"python -m {service} openapi failed:\n{err.decode(errors='replace')}")
        documents[service] = out.decode()
    return documents


def write(documents: dict[str, str], folder: Path = SNAPSHOT_FOLDER) -> list[Path]:
    written = []
    folder.mkdir(parents=True, exist_ok=True)
    for service, text in documents.items():
        path = snapshot_path(service, folder)
        path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        written.append(path)
    return written


def stale(documents: dict[str, str], folder: Path = SNAPSHOT_FOLDER) -> list[str]:
    """The services whose committed snapshot differs from what they print now."""
    outdated = []
    for service, text in documents.items():
        path = snapshot_path(service, folder)
        current: Any = json.loads(text)
        if not path.exists() or json.loads(path.read_text(encoding="utf-8")) != current:
            outdated.append(service)
    return outdated
