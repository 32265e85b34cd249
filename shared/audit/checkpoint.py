"""Checkpoints: a log's size and root hash at a moment, as a signed note (C2SP tlog-checkpoint).

    zeren/personnel                                  origin: which log
    1024                                             tree size (leaves), decimal
    pZTP1nb1s8J8Oqt1QDZCgvFSIVJ4H1XK7s5rWnDcm9E=     root hash, base64
    time 2026-03-01T09:00:00.000000Z                 when the notary issued it (UTC)

    — zeren-notary-2026a Az3grlgt…                   one signature line per key (co-signed during a rotation)

Parsing is strict (canonical numbers, base64 and time), so one checkpoint has exactly one text.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from shared.audit.merkle import HASH_SIZE
from shared.audit.note import KeyRing, NoteError, SignerKey, sign_note

_TIME = re.compile(r"^time (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6})Z$")
_SIZE = re.compile(r"^(0|[1-9][0-9]{0,18})$")


class CheckpointError(ValueError):
    """A checkpoint that cannot be read or whose signatures do not pass."""


def log_origin(service: str) -> str:
    return f"zeren/{service}"


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    issued_at: datetime

    def body(self) -> str:
        issued = self.issued_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        root = base64.b64encode(self.root).decode("ascii")
        return f"{self.origin}\n{self.size}\n{root}\ntime {issued}\n"

    def sign(self, signers: Iterable[SignerKey]) -> str:
        return sign_note(self.body(), signers)

    @classmethod
    def parse(cls, body: str) -> Checkpoint:
        lines = body.split("\n")
        if len(lines) != 5 or lines[-1] != "":
            raise CheckpointError("a checkpoint has four lines: origin, size, root hash, time")
        origin, size, root, issued = lines[:4]
        if not origin or origin != origin.strip():
            raise CheckpointError("the origin line is empty or padded")
        if not _SIZE.match(size):
            raise CheckpointError(f"not a tree size: {size!r}")
        try:
            root_hash = base64.b64decode(root, validate=True)
        except ValueError as exc:
            raise CheckpointError("the root hash is not base64") from exc
        if len(root_hash) != HASH_SIZE or base64.b64encode(root_hash).decode("ascii") != root:
            raise CheckpointError("the root hash is not 32 bytes in canonical base64")
        match = _TIME.match(issued)
        if match is None:
            raise CheckpointError(f"not a time line: {issued!r}")
        issued_at = datetime.fromisoformat(match[1]).replace(tzinfo=UTC)
        checkpoint = cls(origin, int(size), root_hash, issued_at)
        if checkpoint.body() != body:
            raise CheckpointError("the checkpoint is not in its canonical form")
        return checkpoint


@dataclass(frozen=True)
class SignedCheckpoint:
    checkpoint: Checkpoint
    key_ids: tuple[str, ...]
    note: str


def open_checkpoint(note: str, keys: KeyRing, origin: str) -> SignedCheckpoint:
    """The checkpoint in `note` if its signatures pass and it belongs to the log `origin`."""
    try:
        opened = keys.open(note)
    except NoteError as exc:
        raise CheckpointError(str(exc)) from exc
    checkpoint = Checkpoint.parse(opened.text)
    if checkpoint.origin != origin:
        raise CheckpointError(f"the checkpoint is for the log {checkpoint.origin!r}, not {origin!r}")
    return SignedCheckpoint(checkpoint, opened.key_ids, note)
