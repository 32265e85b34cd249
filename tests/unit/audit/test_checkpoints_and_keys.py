"""Signed notes and checkpoints; A4: key rotation with co-signed checkpoints, unknown keys rejected."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from shared.audit.checkpoint import Checkpoint, CheckpointError, log_origin, open_checkpoint
from shared.audit.merkle import MerkleTree, hash_leaf, verify_consistency
from shared.audit.note import KeyRing, NoteError, SignerKey, VerifierKey, key_hash, sign_note

ORIGIN = log_origin("personnel")
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _tree(n: int) -> MerkleTree:
    return MerkleTree([hash_leaf(f"event {i}".encode()) for i in range(n)])


def test_keys_round_trip_through_their_text_form_and_carry_their_key_id() -> None:
    signer = SignerKey.generate("zeren-notary-2026a")
    again = SignerKey.parse(signer.encode())
    assert again.key_id == signer.key_id
    verifier = VerifierKey.parse(signer.verifier.encode())
    assert verifier.key_id == signer.key_id
    name, hash_hex, raw = signer.verifier.encode().split("+", 2)
    assert name == "zeren-notary-2026a"
    assert int(hash_hex, 16) == key_hash(name, base64.b64decode(raw)[1:])


def test_a_key_whose_hash_does_not_match_its_name_is_refused() -> None:
    text = SignerKey.generate("zeren-notary-a").verifier.encode()
    name, hash_hex, raw = text.split("+", 2)
    with pytest.raises(NoteError):
        VerifierKey.parse(f"zeren-notary-b+{hash_hex}+{raw}")
    with pytest.raises(NoteError):
        VerifierKey.parse(f"{name}+00000000+{raw}")


def test_a_checkpoint_body_is_canonical_and_round_trips() -> None:
    checkpoint = Checkpoint(ORIGIN, 1024, _tree(1024).root(), T0)
    body = checkpoint.body()
    assert body.splitlines()[:2] == ["zeren/personnel", "1024"]
    assert body.endswith("time 2026-03-01T09:00:00.000000Z\n")
    assert Checkpoint.parse(body) == checkpoint
    for bad in [
        body.replace("1024", "01024"),
        body.replace("1024", "-1"),
        body + "extra\n",
        body.replace("time ", "when "),
        body.rstrip("\n"),
        body.replace(base64.b64encode(checkpoint.root).decode(), base64.b64encode(checkpoint.root[:31]).decode()),
    ]:
        with pytest.raises(CheckpointError):
            Checkpoint.parse(bad)


def test_a_signed_checkpoint_opens_with_its_key_and_any_change_breaks_it() -> None:
    signer = SignerKey.generate("zeren-notary-2026a")
    keys = KeyRing([signer.verifier])
    note = Checkpoint(ORIGIN, 10, _tree(10).root(), T0).sign([signer])
    opened = open_checkpoint(note, keys, ORIGIN)
    assert opened.checkpoint.size == 10
    assert opened.key_ids == (signer.key_id,)
    for tampered in [
        note.replace("\n10\n", "\n11\n"),
        note.replace("09:00:00", "09:00:01"),
        note.replace("zeren/personnel", "zeren/cases"),
    ]:
        with pytest.raises(CheckpointError):
            open_checkpoint(tampered, keys, ORIGIN)
    with pytest.raises(CheckpointError):
        open_checkpoint(note, keys, log_origin("cases"))  # another log's checkpoint


def test_a_checkpoint_signed_by_an_unknown_key_id_is_rejected() -> None:
    trusted = SignerKey.generate("zeren-notary-2026a")
    stranger = SignerKey.generate("zeren-notary-2026a")  # the same name, another key: another key id
    note = Checkpoint(ORIGIN, 3, _tree(3).root(), T0).sign([stranger])
    with pytest.raises(CheckpointError, match="unknown key id"):
        open_checkpoint(note, KeyRing([trusted.verifier]), ORIGIN)
    cosigned = Checkpoint(ORIGIN, 3, _tree(3).root(), T0).sign([trusted, stranger])
    with pytest.raises(CheckpointError, match="unknown key id"):
        open_checkpoint(cosigned, KeyRing([trusted.verifier]), ORIGIN)


def test_a_signature_moved_to_another_checkpoint_does_not_verify() -> None:
    signer = SignerKey.generate("zeren-notary-2026a")
    first = Checkpoint(ORIGIN, 3, _tree(3).root(), T0).sign([signer])
    second = Checkpoint(ORIGIN, 4, _tree(4).root(), T0).sign([signer])
    forged = second.split("\n\n")[0] + "\n\n" + first.split("\n\n")[1]
    with pytest.raises(CheckpointError, match="does not verify"):
        open_checkpoint(forged, KeyRing([signer.verifier]), ORIGIN)


def test_notes_without_signatures_or_with_duplicate_signatures_are_rejected() -> None:
    signer = SignerKey.generate("k")
    keys = KeyRing([signer.verifier])
    text = Checkpoint(ORIGIN, 1, _tree(1).root(), T0).body()
    note = sign_note(text, [signer])
    signature_line = note.split("\n\n")[1]
    for bad in [text, text + "\n", note + signature_line, note.replace("\u2014", "-")]:
        with pytest.raises(NoteError):
            keys.open(bad)


def test_key_rotation_old_checkpoints_verify_with_the_old_key_and_new_with_the_new() -> None:
    """A4: key A signs alone, then A and B co-sign during the overlap, then B alone."""
    old, new = SignerKey.generate("zeren-notary-2026a"), SignerKey.generate("zeren-notary-2026b")
    tree = _tree(3000)
    before = Checkpoint(ORIGIN, 1000, tree.root(1000), T0).sign([old])
    overlap = Checkpoint(ORIGIN, 2000, tree.root(2000), T0).sign([old, new])
    after = Checkpoint(ORIGIN, 3000, tree.root(3000), T0).sign([new])
    both = KeyRing([old.verifier, new.verifier])

    assert open_checkpoint(before, KeyRing([old.verifier]), ORIGIN).key_ids == (old.key_id,)
    assert open_checkpoint(overlap, both, ORIGIN).key_ids == (old.key_id, new.key_id)
    assert open_checkpoint(after, KeyRing([new.verifier]), ORIGIN).key_ids == (new.key_id,)
    # An auditor holding only one of the keys cannot accept what the other signed.
    with pytest.raises(CheckpointError):
        open_checkpoint(before, KeyRing([new.verifier]), ORIGIN)
    with pytest.raises(CheckpointError):
        open_checkpoint(after, KeyRing([old.verifier]), ORIGIN)
    with pytest.raises(CheckpointError):
        open_checkpoint(overlap, KeyRing([new.verifier]), ORIGIN)

    # Consistency across the rotation: the old key's tree is a prefix of the new key's.
    first = open_checkpoint(before, both, ORIGIN).checkpoint
    last = open_checkpoint(after, both, ORIGIN).checkpoint
    verify_consistency(first.size, last.size, first.root, last.root, tree.consistency_proof(first.size, last.size))
