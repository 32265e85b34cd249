"""A3: the canonical leaf is a pure function of the stored row: pinned bytes, the same in another
process (with another hash seed), independent of how the state would be decoded or upcast."""

from __future__ import annotations

import base64
import functools
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, Mapper, StoredEvent, UUIDAsHex
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.audit.leaf import LEAF_FORMAT_VERSION, StoredEventRow, encode_leaf, leaf_hash

ROOT = Path(__file__).resolve().parents[3]
ROW = StoredEventRow(
    notification_id=42,
    originator_id="0b0e4e46-7a52-4c3a-9a3c-0d1d2f3e4a5b",
    originator_version=3,
    topic="personnel.domain:Officer.Enrolled",
    state=b'{"name":"\xe7\x8e\x8b\xe5\xbb\xba\xe5\x9b\xbd"}',
)


def test_format_version_1_is_pinned_byte_for_byte() -> None:
    assert ROW.topic is not None
    assert ROW.state is not None
    expected = "".join(
        [
            "01",  # format version
            "000000000000002a",  # notification id 42
            "00000024" + ROW.originator_id.encode().hex(),  # originator id, 36 bytes
            "0000000000000003",  # originator version 3
            "00000021" + ROW.topic.encode().hex(),  # topic, 33 bytes
            "00000014" + ROW.state.hex(),  # state, 20 bytes
        ]
    )
    assert LEAF_FORMAT_VERSION == 1
    assert encode_leaf(ROW).hex() == expected
    assert leaf_hash(ROW).hex() == "a11fb6826e753dcbc9d9d038691b9eacdde7edd32fe4b27eed6261cda120033c"


def test_every_field_of_the_row_changes_the_leaf() -> None:
    variants = [
        StoredEventRow(43, ROW.originator_id, 3, ROW.topic, ROW.state),
        StoredEventRow(42, "0b0e4e46-7a52-4c3a-9a3c-0d1d2f3e4a5c", 3, ROW.topic, ROW.state),
        StoredEventRow(42, ROW.originator_id, 4, ROW.topic, ROW.state),
        StoredEventRow(42, ROW.originator_id, 3, ROW.topic + "X", ROW.state),  # type: ignore[operator]
        StoredEventRow(42, ROW.originator_id, 3, ROW.topic, ROW.state[:-1] + b"}}"),  # type: ignore[index]
        StoredEventRow(42, ROW.originator_id, 3, None, ROW.state),
        StoredEventRow(42, ROW.originator_id, 3, ROW.topic, None),
    ]
    leaves = {leaf_hash(row) for row in [ROW, *variants]}
    assert len(leaves) == 1 + len(variants)


def test_null_is_not_empty_and_length_prefixes_keep_fields_apart() -> None:
    assert encode_leaf(StoredEventRow(1, "a", 1, None, b"")) != encode_leaf(StoredEventRow(1, "a", 1, "", b""))
    assert encode_leaf(StoredEventRow(1, "a", 1, "t", None)) != encode_leaf(StoredEventRow(1, "a", 1, "t", b""))
    # Moving bytes from one field to its neighbour is another leaf, not the same concatenation.
    assert leaf_hash(StoredEventRow(1, "ab", 1, "c", b"")) != leaf_hash(StoredEventRow(1, "a", 1, "bc", b""))


def test_unicode_is_hashed_as_stored_never_normalised() -> None:
    nfc = unicodedata.normalize("NFC", "café:Officer.Enrolled")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    assert leaf_hash(StoredEventRow(1, "a", 1, nfc, b"")) != leaf_hash(StoredEventRow(1, "a", 1, nfd, b""))


def test_the_largest_bigint_values_encode() -> None:
    extreme = StoredEventRow(2**63 - 1, "a", -(2**63), "t", b"")
    assert len(encode_leaf(extreme)) == 1 + 8 + 4 + 1 + 8 + 4 + 1 + 4


def _transcoder() -> JSONTranscoder:
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    return transcoder


# Text PostgreSQL can hold: no NUL and no lone surrogates.
_text = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=40)
_values = st.one_of(
    _text,
    _text.map(lambda s: unicodedata.normalize("NFD", s)),
    st.integers(min_value=-(2**200), max_value=2**200),
    st.decimals(allow_nan=False, allow_infinity=False, places=4),
    st.datetimes(timezones=st.just(UTC)),
    st.uuids(),
)


@st.composite
def stored_rows(draw: st.DrawFn) -> list[StoredEventRow]:
    transcoder = _transcoder()
    count = draw(st.integers(20, 80))
    rows = []
    for i in range(count):
        state = draw(st.dictionaries(_text, _values, max_size=6))
        rows.append(
            StoredEventRow(
                notification_id=draw(st.integers(1, 2**63 - 1)),
                originator_id=str(draw(st.uuids())),
                originator_version=draw(st.integers(1, 2**63 - 1)),
                topic=draw(st.one_of(st.none(), _text)),
                state=None if i % 17 == 16 else transcoder.encode(state),
            )
        )
    return rows


_ENCODER = """
import base64, json, sys
from shared.audit.leaf import StoredEventRow, encode_leaf
for line in sys.stdin:
    r = json.loads(line)
    state = None if r["state"] is None else base64.b64decode(r["state"])
    print(encode_leaf(StoredEventRow(r["n"], r["id"], r["v"], r["topic"], state)).hex())
"""


@functools.cache
def other_pythons() -> list[str]:
    """Other CPython versions on this machine (3.10+, which the leaf module needs), if any."""
    candidates = {shutil.which(f"python3.{minor}") for minor in range(10, 16)}
    candidates |= {str(path) for path in Path.home().glob(".pyenv/versions/3.*/bin/python3")}
    found: dict[str, str] = {}
    for candidate in sorted(c for c in candidates if c):
        probe = subprocess.run(
            [candidate, "-c", "import sys; print(sys.version_info[0], sys.version_info[1])"],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode != 0:
            continue
        version = tuple(int(part) for part in probe.stdout.split())
        if version >= (3, 10) and version != sys.version_info[:2]:
            found.setdefault(".".join(map(str, version)), candidate)
    return sorted(found.values())


def encode_in_another_process(rows: list[StoredEventRow], python: str = sys.executable) -> list[str]:
    lines = "".join(
        json.dumps(
            {
                "n": r.notification_id,
                "id": r.originator_id,
                "v": r.originator_version,
                "topic": r.topic,
                "state": None if r.state is None else base64.b64encode(r.state).decode(),
            }
        )
        + "\n"
        for r in rows
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [python, "-c", _ENCODER], input=lines, capture_output=True, text=True, check=True, env=env, cwd=ROOT
    )
    return result.stdout.split()


@settings(max_examples=8, deadline=None)
@given(stored_rows())
def test_the_same_rows_encode_to_the_same_leaf_bytes_in_a_separate_process(rows: list[StoredEventRow]) -> None:
    here = [encode_leaf(row).hex() for row in rows]
    assert encode_in_another_process(rows) == here


@pytest.mark.skipif(not other_pythons(), reason="no other CPython 3.10+ on this machine")
@settings(max_examples=3, deadline=None)
@given(stored_rows())
def test_other_python_versions_encode_the_same_leaf_bytes(rows: list[StoredEventRow]) -> None:
    pythons = other_pythons()
    here = [encode_leaf(row).hex() for row in rows]
    for python in pythons:
        assert encode_in_another_process(rows, python) == here, python


class Enrolled(DomainEvent):
    """Version 1 of an event as it was first stored."""

    name: str


class EnrolledV2(DomainEvent):
    """The same event after the class gained a field: stored version 1 states are upcast on read."""

    class_version = 2
    name: str
    unit_id: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["unit_id"] = "STN00"


def test_upcasting_changes_the_decoded_event_but_never_the_leaf() -> None:
    mapper: Mapper[UUID] = Mapper(_transcoder())
    stored_v1 = mapper.to_stored_event(
        Enrolled(
            originator_id=UUID(ROW.originator_id),
            originator_version=1,
            timestamp=datetime(2018, 3, 1, tzinfo=UTC),
            name="王建国",  # type: ignore[call-arg]  # fields the library's event metaclass adds at run time
        )
    )
    # The class was changed in place: the row keeps its bytes, the topic now resolves to version 2.
    as_stored = StoredEvent(stored_v1.originator_id, 1, f"{__name__}:EnrolledV2", stored_v1.state)
    row = StoredEventRow(7, str(as_stored.originator_id), 1, as_stored.topic, as_stored.state)
    leaf_before = leaf_hash(row)

    upcast = mapper.to_domain_event(as_stored)
    assert isinstance(upcast, EnrolledV2)
    assert upcast.unit_id == "STN00"
    assert leaf_hash(row) == leaf_before
    # Re-encoding the decoded event would have produced other bytes (and another leaf).
    assert mapper.to_stored_event(upcast).state != as_stored.state


def test_decimals_that_compare_equal_but_are_stored_differently_are_different_leaves() -> None:
    assert Decimal("1.10") == Decimal("1.1")
    first, second = (_transcoder().encode({"amount": Decimal(text)}) for text in ("1.10", "1.1"))
    assert first != second
    assert leaf_hash(StoredEventRow(1, "a", 1, "t", first)) != leaf_hash(StoredEventRow(1, "a", 1, "t", second))
