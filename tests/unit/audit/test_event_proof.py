"""One event's proof of inclusion in the signed log: made only for an untouched row under a trusted
checkpoint, checked with the verifier key alone, and refused once any part of it is changed."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.audit.bench import notarize
from shared.audit.leaf import LeafFormatError, StoredEventRow, decode_leaf, encode_leaf
from shared.audit.note import KeyRing, SignerKey
from shared.audit.proof import EventProof, ProofRefusedError, check, prove
from shared.audit.published import PublishedLog

NOTARY = SignerKey.generate("zeren-notary-test")
STRANGER = SignerKey.generate("zeren-notary-stranger")
TRUSTED = KeyRing([NOTARY.verifier])


def rows(count: int) -> list[StoredEventRow]:
    return [
        StoredEventRow(
            notification_id=i + 1,
            originator_id=f"00000000-0000-4000-8000-{i // 3:012d}",
            originator_version=i % 3 + 1,
            topic="personnel.domain:Officer.Enrolled" if i % 5 else None,
            state=f'{{"name":"王{i}"}}'.encode() if i % 7 else None,
        )
        for i in range(count)
    ]


ROWS = rows(37)
LOG = notarize(ROWS, NOTARY, service="personnel")  # checkpoints at 37 (and every 1000)


@given(
    st.builds(
        StoredEventRow,
        st.integers(0, 2**63 - 1),
        st.text(max_size=40),
        st.integers(-(2**63), 2**63 - 1),
        st.none() | st.text(max_size=40),
        st.none() | st.binary(max_size=200),
    )
)
def test_a_leaf_decodes_to_the_row_it_encodes(row: StoredEventRow) -> None:
    assert decode_leaf(encode_leaf(row)) == row


@pytest.mark.parametrize(
    "mangle",
    [
        lambda b: b[:-1],  # truncated
        lambda b: b + b"\x00",  # trailing byte
        lambda b: b"\x02" + b[1:],  # unknown format version
        lambda b: b[:9] + b"\xff\xff\xff\xfe" + b[13:],  # a length past the end
        lambda b: b"",
    ],
)
def test_bytes_that_are_not_a_canonical_leaf_do_not_decode(mangle: Callable[[bytes], bytes]) -> None:
    with pytest.raises(LeafFormatError):
        decode_leaf(mangle(encode_leaf(ROWS[1])))


@pytest.mark.parametrize("index", [0, 1, 17, 35, 36])
def test_a_proof_shows_the_row_as_stored_at_its_place_in_the_signed_log(index: int) -> None:
    proof = prove("personnel", ROWS[index], LOG, TRUSTED)
    proven = check(EventProof.from_json(proof.to_json()), TRUSTED)
    assert proven.row == ROWS[index]
    assert proven.index == index
    assert proven.checkpoint.checkpoint.size == len(ROWS)
    assert proven.checkpoint.key_ids == (NOTARY.key_id,)


def refused(proof: EventProof, keys: KeyRing = TRUSTED) -> str:
    with pytest.raises(ProofRefusedError) as refusal:
        check(proof, keys)
    return str(refusal.value)


def test_a_changed_proof_proves_nothing() -> None:
    proof = prove("personnel", ROWS[17], LOG, TRUSTED)
    altered_state = replace(ROWS[17], state=b'{"name":"someone else"}')
    assert "not in the signed tree" in refused(replace(proof, leaf=encode_leaf(altered_state)))
    assert "not in the signed tree" in refused(replace(proof, index=16))
    assert "not in the signed tree" in refused(replace(proof, path=proof.path[::-1]))
    assert "not in the signed tree" in refused(replace(proof, path=proof.path[:-1]))
    flipped = bytes([proof.path[0][0] ^ 1]) + proof.path[0][1:]
    assert "not in the signed tree" in refused(replace(proof, path=(flipped, *proof.path[1:])))
    assert "does not open" in refused(replace(proof, checkpoint=proof.checkpoint.replace("\n37\n", "\n38\n")))
    assert "does not open" in refused(replace(proof, service="cases"))  # another log's origin
    assert "does not open" in refused(proof, KeyRing([STRANGER.verifier]))
    assert "canonical" in refused(replace(proof, leaf=proof.leaf + b"\x00"))


def test_a_proof_file_that_is_not_one_is_refused_when_read() -> None:
    text = prove("personnel", ROWS[3], LOG, TRUSTED).to_json()
    for broken in (
        "not json",
        text.replace("zeren-event-proof/1", "zeren-event-proof/9"),
        json.dumps({**json.loads(text), "index": -1}),
        json.dumps({**json.loads(text), "leaf": "***"}),
        json.dumps({k: v for k, v in json.loads(text).items() if k != "path"}),
    ):
        with pytest.raises(ProofRefusedError):
            EventProof.from_json(broken)


def test_no_proof_is_made_for_an_altered_row_or_beyond_the_signed_checkpoints() -> None:
    with pytest.raises(ProofRefusedError, match="store was altered"):
        prove("personnel", replace(ROWS[5], state=b"{}"), LOG, TRUSTED)
    with pytest.raises(ProofRefusedError, match="no published leaf"):
        prove("personnel", replace(ROWS[5], notification_id=999), LOG, TRUSTED)
    with pytest.raises(ProofRefusedError, match="numbered below the log, where the notary never reads"):
        prove("personnel", replace(ROWS[5], notification_id=-7), LOG, TRUSTED)
    with pytest.raises(ProofRefusedError, match="no checkpoint signed by a trusted key"):
        prove("personnel", ROWS[5], LOG, KeyRing([STRANGER.verifier]))
    unsigned_tail = PublishedLog(leaves=LOG.leaves, checkpoints=notarize(ROWS[:10], NOTARY, "personnel").checkpoints)
    assert prove("personnel", ROWS[9], unsigned_tail, TRUSTED).index == 9
    with pytest.raises(ProofRefusedError, match="covers leaf 10"):
        prove("personnel", ROWS[10], unsigned_tail, TRUSTED)


def test_the_proof_carries_the_row_bytes_exactly() -> None:
    proof = json.loads(prove("personnel", ROWS[8], LOG, TRUSTED).to_json())
    assert base64.b64decode(proof["leaf"]) == encode_leaf(ROWS[8])
