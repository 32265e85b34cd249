"""A proof that one stored event is in a service's signed audit log, for someone who holds only the
notary's verifier key: neither the database nor the log (an inspector, a court, another bureau).

The proof carries the event's canonical leaf (its row exactly as stored), where the leaf sits in the
tree, a checkpoint the notary signed, and the RFC 9162 inclusion path from the leaf to that
checkpoint's root. Checking it needs no network and none of the services' code: the signature
opens the checkpoint, the path from the leaf's hash must lead to its root, and the leaf decodes to
the row shown.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from shared.audit.checkpoint import CheckpointError, SignedCheckpoint, log_origin, open_checkpoint
from shared.audit.leaf import FIRST_NOTIFICATION_ID, LeafFormatError, StoredEventRow, decode_leaf, encode_leaf
from shared.audit.merkle import MerkleTree, ProofError, hash_leaf, verify_inclusion
from shared.audit.note import KeyRing
from shared.audit.published import PublishedLog

PROOF_FORMAT = "zeren-event-proof/1"


class ProofRefusedError(ValueError):
    """No proof can be made, or the proof does not show what it claims."""


@dataclass(frozen=True)
class EventProof:
    service: str
    index: int  # the leaf's position in the log
    leaf: bytes  # the canonical leaf: the event's row as stored
    checkpoint: str  # the signed note of the checkpoint the path leads to
    path: tuple[bytes, ...]

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": PROOF_FORMAT,
                "service": self.service,
                "index": self.index,
                "leaf": base64.b64encode(self.leaf).decode("ascii"),
                "checkpoint": self.checkpoint,
                "path": [base64.b64encode(node).decode("ascii") for node in self.path],
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> EventProof:
        try:
            raw: Any = json.loads(text)
            if raw["format"] != PROOF_FORMAT:
                raise ProofRefusedError(f"not a {PROOF_FORMAT} proof: {raw['format']!r}")
            index = raw["index"]
            if not isinstance(index, int) or isinstance(index, bool) or index < 0:
                raise ProofRefusedError("the leaf index is not a non-negative integer")
            return cls(
                service=str(raw["service"]),
                index=index,
                leaf=base64.b64decode(raw["leaf"], validate=True),
                checkpoint=str(raw["checkpoint"]),
                path=tuple(base64.b64decode(node, validate=True) for node in raw["path"]),
            )
        except ProofRefusedError:
            raise
        except (ValueError, KeyError, TypeError) as exc:
            raise ProofRefusedError(f"the proof cannot be read: {exc}") from None


@dataclass(frozen=True)
class ProvenEvent:
    row: StoredEventRow
    index: int
    checkpoint: SignedCheckpoint


def prove(service: str, row: StoredEventRow, published: PublishedLog, keys: KeyRing) -> EventProof:
    """The proof of `row` against the largest checkpoint of `published` signed by a key of `keys`.

    Refused when the log holds no leaf for the row, when the row no longer matches its published
    leaf (the store was altered: `zeren audit verify` names how), or when no trusted checkpoint
    covers the leaf yet."""
    leaf = next((p for p in published.leaves if p.notification_id == row.notification_id), None)
    if leaf is None and row.notification_id < FIRST_NOTIFICATION_ID:
        raise ProofRefusedError(
            f"{row.describe()} is numbered below the log, where the notary never reads: it was written around"
            " the application (run `zeren audit verify`)"
        )
    if leaf is None:
        raise ProofRefusedError(f"notification {row.notification_id} has no published leaf (not notarized yet?)")
    encoded = encode_leaf(row)
    if hash_leaf(encoded) != leaf.leaf_hash:
        raise ProofRefusedError(
            f"{row.describe()} does not match its published leaf {leaf.index}: the store was altered"
            " (run `zeren audit verify`)"
        )
    origin = log_origin(service)
    covering: SignedCheckpoint | None = None
    for note in published.checkpoints:
        try:
            signed = open_checkpoint(note, keys, origin)
        except CheckpointError:
            continue  # not signed by a trusted key, or not this log's: not something to prove against
        if signed.checkpoint.size > leaf.index and (
            covering is None or signed.checkpoint.size > covering.checkpoint.size
        ):
            covering = signed
    if covering is None:
        raise ProofRefusedError(f"no checkpoint signed by a trusted key covers leaf {leaf.index} yet")
    size = covering.checkpoint.size
    hashes = [p.leaf_hash for p in published.leaves[:size]]
    if len(hashes) < size or any(p.index != i for i, p in enumerate(published.leaves[:size])):
        raise ProofRefusedError(f"the published log does not hold the {size} leaves its checkpoint covers")
    tree = MerkleTree(hashes)
    if tree.root() != covering.checkpoint.root:
        raise ProofRefusedError(f"the published leaves do not lead to the signed root of size {size}")
    proof = EventProof(service, leaf.index, encoded, covering.note, tuple(tree.inclusion_proof(leaf.index, size)))
    check(proof, keys)  # what is handed out has been checked the way its receiver will check it
    return proof


def check(proof: EventProof, keys: KeyRing) -> ProvenEvent:
    """The event the proof shows in the log, or `ProofRefusedError` saying why it does not."""
    try:
        signed = open_checkpoint(proof.checkpoint, keys, log_origin(proof.service))
    except CheckpointError as exc:
        raise ProofRefusedError(f"the checkpoint does not open with the trusted keys: {exc}") from None
    try:
        row = decode_leaf(proof.leaf)
    except LeafFormatError as exc:
        raise ProofRefusedError(f"the leaf is not a canonical event row: {exc}") from None
    try:
        verify_inclusion(proof.index, signed.checkpoint.size, hash_leaf(proof.leaf), proof.path, signed.checkpoint.root)
    except ProofError as exc:
        raise ProofRefusedError(f"the leaf is not in the signed tree: {exc}") from None
    return ProvenEvent(row, proof.index, signed)
