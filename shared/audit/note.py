"""Signed notes (the C2SP signed-note format) with Ed25519 keys named by key id.

A note is UTF-8 text ending in a newline, a blank line, then one line per signature:

    — <key name> <base64(key hash (4 bytes) || Ed25519 signature over the text)>

The key hash is the first 4 bytes of SHA-256(key name || "\\n" || 0x01 || public key), so a key id
(`name+hash`) names one key even when a name is reused. Keys are kept as single lines:

    verifier key   <name>+<hash, 8 hex digits>+<base64(0x01 || public key)>
    signer key     PRIVATE+KEY+<name>+<hash, 8 hex digits>+<base64(0x01 || private seed)>

Opening is strict: every signature must be by a key the caller trusts and must verify, and there
must be at least one. A checkpoint co-signed during a key rotation therefore opens only for a
verifier that knows both keys; a signature by an unknown key id is a rejection, never ignored.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

ALGORITHM_ED25519 = 0x01
SIGNATURE_PREFIX = "\u2014 "  # an em dash and a space
_NAME = re.compile(r"^[^\s+]+$")
_SIGNATURE_LINE = re.compile(r"^\u2014 (?P<name>[^\s+]+) (?P<signature>[A-Za-z0-9+/=]+)$")


class NoteError(ValueError):
    """A note, a key or a signature that does not pass."""


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise NoteError(f"a key name is non-empty and has no spaces or '+': {name!r}")


def _b64decode(text: str) -> bytes:
    try:
        data = base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise NoteError("not base64") from exc
    if base64.b64encode(data).decode("ascii") != text:
        raise NoteError("not canonical base64")
    return data


def key_hash(name: str, public_key: bytes) -> int:
    digest = hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([ALGORITHM_ED25519]) + public_key).digest()
    return int(struct.unpack(">I", digest[:4])[0])


def _raw_public(key: ed25519.Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class VerifierKey:
    name: str
    hash: int
    public_key: ed25519.Ed25519PublicKey

    @property
    def key_id(self) -> str:
        return f"{self.name}+{self.hash:08x}"

    def verify(self, signature: bytes, text: bytes) -> bool:
        try:
            self.public_key.verify(signature, text)
        except InvalidSignature:
            return False
        return True

    def encode(self) -> str:
        raw = base64.b64encode(bytes([ALGORITHM_ED25519]) + _raw_public(self.public_key)).decode("ascii")
        return f"{self.key_id}+{raw}"

    @classmethod
    def parse(cls, text: str) -> VerifierKey:
        parts = text.strip().split("+", 2)  # base64 may itself contain "+"
        if len(parts) != 3:
            raise NoteError("a verifier key is <name>+<hash>+<key>")
        name, hash_hex, raw = parts
        _check_name(name)
        data = _b64decode(raw)
        if len(data) != 33 or data[0] != ALGORITHM_ED25519:
            raise NoteError(f"verifier key {name}: not an Ed25519 key")
        if not re.fullmatch(r"[0-9a-f]{8}", hash_hex) or int(hash_hex, 16) != key_hash(name, data[1:]):
            raise NoteError(f"verifier key {name}: the key hash does not match the key")
        return cls(name, int(hash_hex, 16), ed25519.Ed25519PublicKey.from_public_bytes(data[1:]))


@dataclass(frozen=True)
class SignerKey:
    name: str
    private_key: ed25519.Ed25519PrivateKey

    @property
    def verifier(self) -> VerifierKey:
        public = self.private_key.public_key()
        return VerifierKey(self.name, key_hash(self.name, _raw_public(public)), public)

    @property
    def key_id(self) -> str:
        return self.verifier.key_id

    def sign(self, text: bytes) -> bytes:
        return self.private_key.sign(text)

    def encode(self) -> str:
        seed = self.private_key.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        raw = base64.b64encode(bytes([ALGORITHM_ED25519]) + seed).decode("ascii")
        return f"PRIVATE+KEY+{self.key_id}+{raw}"

    @classmethod
    def parse(cls, text: str) -> SignerKey:
        parts = text.strip().split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise NoteError("a signer key is PRIVATE+KEY+<name>+<hash>+<key>")
        name, hash_hex, raw = parts[2:]
        _check_name(name)
        data = _b64decode(raw)
        if len(data) != 33 or data[0] != ALGORITHM_ED25519:
            raise NoteError(f"signer key {name}: not an Ed25519 key")
        key = cls(name, ed25519.Ed25519PrivateKey.from_private_bytes(data[1:]))
        if key.verifier.key_id != f"{name}+{hash_hex}":
            raise NoteError(f"signer key {name}: the key hash does not match the key")
        return key

    @classmethod
    def generate(cls, name: str) -> SignerKey:
        _check_name(name)
        return cls(name, ed25519.Ed25519PrivateKey.generate())

    @classmethod
    def read(cls, path: Path) -> SignerKey:
        return cls.parse(path.read_text(encoding="utf-8"))


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise NoteError("the text of a note ends with a newline")
    if "\n\n" in text or text.startswith("\n"):
        raise NoteError("the text of a note has no blank lines")
    if any(ord(c) < 0x20 and c != "\n" for c in text):
        raise NoteError("the text of a note has no control characters")


def sign_note(text: str, signers: Iterable[SignerKey]) -> str:
    _check_text(text)
    data = text.encode("utf-8")
    lines = []
    for signer in signers:
        signature = struct.pack(">I", signer.verifier.hash) + signer.sign(data)
        lines.append(f"{SIGNATURE_PREFIX}{signer.name} {base64.b64encode(signature).decode('ascii')}\n")
    if not lines:
        raise NoteError("a note needs at least one signer")
    return text + "\n" + "".join(lines)


@dataclass(frozen=True)
class OpenedNote:
    text: str
    key_ids: tuple[str, ...]  # the keys that signed it, in signature order


class KeyRing:
    """The verifier keys an auditor trusts, by key id."""

    def __init__(self, keys: Iterable[VerifierKey]) -> None:
        self._keys = {(key.name, key.hash): key for key in keys}

    def __len__(self) -> int:
        return len(self._keys)

    @property
    def key_ids(self) -> list[str]:
        return sorted(key.key_id for key in self._keys.values())

    @classmethod
    def read(cls, paths: Iterable[Path]) -> KeyRing:
        return cls(VerifierKey.parse(path.read_text(encoding="utf-8")) for path in paths)

    def open(self, note: str) -> OpenedNote:
        """The note's text if every signature is by a trusted key and verifies; `NoteError` otherwise."""
        split = note.rfind("\n\n")
        if split < 0:
            raise NoteError("a note is text, a blank line, then signatures")
        text, block = note[: split + 1], note[split + 2 :]
        _check_text(text)
        if not block.endswith("\n"):
            raise NoteError("the signature lines end with a newline")
        data = text.encode("utf-8")
        signed: list[str] = []
        for line in block[:-1].split("\n"):
            match = _SIGNATURE_LINE.match(line)
            if match is None:
                raise NoteError(f"not a signature line: {line[:80]!r}")
            name, raw = match["name"], _b64decode(match["signature"])
            if len(raw) < 5:
                raise NoteError(f"the signature by {name} is too short")
            (hash_,) = struct.unpack(">I", raw[:4])
            key = self._keys.get((name, hash_))
            if key is None:
                raise NoteError(f"signed by an unknown key id {name}+{hash_:08x}")
            if key.key_id in signed:
                raise NoteError(f"signed twice by {key.key_id}")
            if not key.verify(raw[4:], data):
                raise NoteError(f"the signature by {key.key_id} does not verify")
            signed.append(key.key_id)
        return OpenedNote(text, tuple(signed))
