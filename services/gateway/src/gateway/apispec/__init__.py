"""The services' OpenAPI documents (committed snapshots, refreshed by `zeren openapi`) and their merge."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SNAPSHOTS = Path(__file__).resolve().parent


def load_snapshots(services: tuple[str, ...], folder: Path = SNAPSHOTS) -> dict[str, dict[str, Any]]:
    """Each service's OpenAPI document, as `python -m <service> openapi` printed it."""
    documents: dict[str, dict[str, Any]] = {}
    for service in services:
        path = folder / f"{service}.openapi.json"
        if not path.exists():
            raise FileNotFoundError(f"no OpenAPI snapshot for {service} at {path}: run `zeren openapi`")
        documents[service] = json.loads(path.read_text(encoding="utf-8"))
    return documents
