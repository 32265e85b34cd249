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


class ExportError(ValueError):
    """A folder that is not a readable export of this service's audit log (nothing about tampering:
    the verifier never gets to compare anything)."""


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ExportError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _checkpoint_note(path: Path, number: int, line: str) -> bytes:
    try:
        note = json.loads(line)["note"]
    except (ValueError, TypeError, KeyError):
        note = None
    if not isinstance(note, str):
        raise ExportError(f'{path}, line {number}: not a {{"note": "<signed checkpoint>"}} line')
    return note.encode("utf-8")


def import_log(service: str, folder: Path) -> PublishedLog:
    """The published log an export holds; ExportError if the folder is not an export of `service`."""
    manifest_path = folder / MANIFEST
    raw = _read(manifest_path)
    try:
        manifest = json.loads(raw)
    except ValueError as exc:  # not JSON, or not UTF-8
        raise ExportError(f"{manifest_path} is not JSON") from exc
    exported = manifest.get("service") if isinstance(manifest, dict) else None
    if exported != service:
        raise ExportError(f"{folder} holds the audit log of {exported!r}, not {service!r}")
    leaves = [line for line in _read(folder / LEAVES).split(b"\n") if line]
    checkpoints_path = folder / CHECKPOINTS
    try:
        lines = _read(checkpoints_path).decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise ExportError(f"{checkpoints_path} is not UTF-8") from exc
    checkpoints = [_checkpoint_note(checkpoints_path, n, line) for n, line in enumerate(lines, start=1) if line]
    return PublishedLog.from_messages(leaves, checkpoints)
