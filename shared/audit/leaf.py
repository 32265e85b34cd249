"""The canonical leaf of a stored event: its row in the event store, byte for byte, versioned.

Format version 1 (integers big-endian; i64 like PostgreSQL's bigint):

    u8   format version (1)
    i64  notification id
    u32  length || originator id   (UTF-8 of its text form: a UUID as 36 lowercase characters)
    i64  originator version
    u32  length || topic           (UTF-8, exactly as stored; no Unicode normalisation)
    u32  length || state           (the stored bytes, exactly as stored)

A NULL topic or state is written with the length 0xFFFFFFFF and no bytes, so it never equals an
empty one. The leaf covers the stored bytes, not the decoded event: upcasting, a new transcoder or a
changed class never changes a leaf, and the verifier needs none of the services' code.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from shared.audit.merkle import hash_leaf

LEAF_FORMAT_VERSION = 1
FIRST_NOTIFICATION_ID = 1  # where the event store numbers its first event, and the notary starts reading
_NULL = 0xFFFFFFFF
_HEAD = struct.Struct(">Bq")
_U32 = struct.Struct(">I")
_I64 = struct.Struct(">q")


@dataclass(frozen=True, slots=True)
class StoredEventRow:
    """One row of a service's event store, as the store holds it."""

    notification_id: int
    originator_id: str
    originator_version: int
    topic: str | None
    state: bytes | None

    def describe(self) -> str:
        return (
            f"notification {self.notification_id} (aggregate {self.originator_id}, version {self.originator_version})"
        )


def _field(data: bytes | None) -> bytes:
    if data is None:
        return _U32.pack(_NULL)
    if len(data) >= _NULL:
        raise ValueError("a leaf field is limited to 4 GiB")
    return _U32.pack(len(data)) + data


def encode_leaf(row: StoredEventRow) -> bytes:
    return b"".join(
        (
            _HEAD.pack(LEAF_FORMAT_VERSION, row.notification_id),
            _field(row.originator_id.encode("utf-8")),
            _I64.pack(row.originator_version),
            _field(None if row.topic is None else row.topic.encode("utf-8")),
            _field(row.state),
        )
    )


def leaf_hash(row: StoredEventRow) -> bytes:
    return hash_leaf(encode_leaf(row))


class LeafFormatError(ValueError):
    """Bytes that are not a canonical leaf of a known format version."""


def decode_leaf(data: bytes) -> StoredEventRow:
    """The row a canonical leaf was encoded from; strict, so that only `encode_leaf`'s output decodes."""
    if len(data) < _HEAD.size or data[0] != LEAF_FORMAT_VERSION:
        raise LeafFormatError(f"not a leaf of format version {LEAF_FORMAT_VERSION}")
    _, notification_id = _HEAD.unpack_from(data)
    at = _HEAD.size

    def field() -> bytes | None:
        nonlocal at
        if at + _U32.size > len(data):
            raise LeafFormatError("the leaf ends inside a length")
        (length,) = _U32.unpack_from(data, at)
        at += _U32.size
        if length == _NULL:
            return None
        if at + length > len(data):
            raise LeafFormatError("the leaf ends inside a field")
        value = data[at : at + length]
        at += length
        return value

    originator = field()
    if originator is None or at + _I64.size > len(data):
        raise LeafFormatError("the leaf has no aggregate id or version")
    (version,) = _I64.unpack_from(data, at)
    at += _I64.size
    topic, state = field(), field()
    if at != len(data):
        raise LeafFormatError("bytes follow the leaf's last field")
    try:
        row = StoredEventRow(
            notification_id,
            originator.decode("utf-8"),
            version,
            None if topic is None else topic.decode("utf-8"),
            state,
        )
    except UnicodeDecodeError as exc:
        raise LeafFormatError("an aggregate id or topic is not UTF-8") from exc
    if encode_leaf(row) != data:
        raise LeafFormatError("the leaf is not in its canonical form")
    return row
