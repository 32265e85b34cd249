"""Exporting a service's published audit log to files, so an auditor can verify without NATS.

    <folder>/leaves.jsonl        one leaf message per line, in stream order
    <folder>/checkpoints.jsonl   {"note": "<signed checkpoint>"} per line, in stream order
    <folder>/manifest.json       service, origin, counts, export time, SHA-256 of both files

The files carry the messages exactly as published; the checkpoints' signatures, not the files'
custody, are what an auditor relies on.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from shared.audit.checkpoint import log_origin
from shared.audit.published import PublishedLog

LEAVES = "leaves.jsonl"
CHECKPOINTS = "checkpoints.jsonl"
MANIFEST = "manifest.json"


def export_log(service: str, leaves: list[bytes], checkpoints: list[bytes], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    leaves_path = folder / LEAVES
    with leaves_path.open("wb") as handle:
        for data in leaves:
            handle.write(data.rstrip(b"\n") + b"\n")
    checkpoints_path = folder / CHECKPOINTS
    with checkpoints_path.open("w", encoding="utf-8") as handle:
        for data in checkpoints:
            handle.write(json.dumps({"note": data.decode("utf-8")}, ensure_ascii=False) + "\n")
    manifest = {
        "service": service,
        "origin": log_origin(service),
        "exported_at": datetime.now(tz=UTC).isoformat(),
        "leaves": len(leaves),
        "checkpoints": len(checkpoints),
        "sha256": {
            LEAVES: hashlib.sha256(leaves_path.read_bytes()).hexdigest(),
            CHECKPOINTS: hashlib.sha256(checkpoints_path.read_bytes()).hexdigest(),
        },
    }
    manifest_path = folder / MANIFEST
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest_path


def import_log(service: str, folder: Path) -> PublishedLog:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("service") != service:
        raise ValueError(f"{folder} holds the audit log of {manifest.get('service')!r}, not {service!r}")
    leaves = [line for line in (folder / LEAVES).read_bytes().split(b"\n") if line]
    checkpoints = [
        json.loads(line)["note"].encode("utf-8")
        for line in (folder / CHECKPOINTS).read_text(encoding="utf-8").splitlines()
        if line
    ]
    return PublishedLog.from_messages(leaves, checkpoints)
