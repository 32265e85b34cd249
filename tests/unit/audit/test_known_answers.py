"""A2: RFC 6962 / 9162 known answers. The vectors are the published test data of transparency-dev/merkle
(rfc6962/rfc6962_test.go and proof/verify_test.go): eight leaves, the roots of their first 1..8,
and inclusion and consistency proofs between them, each checked with its standard corruptions."""

from __future__ import annotations

import pytest

from shared.audit.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    ProofError,
    hash_children,
    hash_leaf,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from tests.unit.audit import reference

LEAVES = [bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                      "606162636465666768696a6b6c6d6e6f")]  # fmt: skip
ROOTS = [
    bytes.fromhex(h)
    for h in (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
# (leaf index, tree size, proof)
INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (0, 1, []),
]  # fmt: skip
# (size1, size2, proof)
CONSISTENCY = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]  # fmt: skip
SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")


def _tree() -> MerkleTree:
    return MerkleTree([hash_leaf(leaf) for leaf in LEAVES])


def test_the_hasher_gives_the_rfc_6962_answers() -> None:
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert hash_leaf(b"").hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    assert hash_leaf(b"L123456").hex() == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    assert hash_children(b"N123", b"N456").hex() == "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"


def test_the_roots_of_the_first_one_to_eight_leaves_are_the_published_ones() -> None:
    tree = _tree()
    for size, root in enumerate(ROOTS, start=1):
        assert tree.root(size) == root
        assert reference.mth(LEAVES[:size]) == root
    assert tree.root(0) == EMPTY_ROOT


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_known_inclusion_proofs_are_generated_and_verified(index: int, size: int, proof: list[str]) -> None:
    expected = [bytes.fromhex(h) for h in proof]
    leaf = hash_leaf(LEAVES[index])
    assert _tree().inclusion_proof(index, size) == expected
    assert root_from_inclusion_proof(index, size, leaf, expected) == ROOTS[size - 1]
    verify_inclusion(index, size, leaf, expected, ROOTS[size - 1])


@pytest.mark.parametrize(("size1", "size2", "proof"), CONSISTENCY)
def test_known_consistency_proofs_are_generated_and_verified(size1: int, size2: int, proof: list[str]) -> None:
    expected = [bytes.fromhex(h) for h in proof]
    assert _tree().consistency_proof(size1, size2) == expected
    verify_consistency(size1, size2, ROOTS[size1 - 1], ROOTS[size2 - 1], expected)


def _flip(proof: list[bytes], i: int, bit: int) -> list[bytes]:
    copy = list(proof)
    copy[i] = bytes([copy[i][0] ^ bit]) + copy[i][1:]
    return copy


@pytest.mark.parametrize(("index", "size", "proof"), [v for v in INCLUSION if v[1] > 1])
def test_corrupted_known_inclusion_proofs_are_all_rejected(index: int, size: int, proof: list[str]) -> None:
    good = [bytes.fromhex(h) for h in proof]
    root, leaf = ROOTS[size - 1], hash_leaf(LEAVES[index])
    probes = [
        (index - 1, size, leaf, good, root),
        (index + 1, size, leaf, good, root),
        (index ^ 2, size, leaf, good, root),
        (index, size * 2, leaf, good, root),
        (index, size // 2, leaf, good, root),
        (index, size, b"WrongLeaf", good, root),
        (index, size, leaf, good, EMPTY_ROOT),
        (index, size, leaf, good, SOME_HASH),
        (index, size, leaf, [*good, b""], root),
        (index, size, leaf, [*good, root], root),
        (index, size, leaf, [b"", *good], root),
        (index, size, leaf, [root, *good], root),
        (index, size, leaf, good[:-1], root),
        *[(index, size, leaf, _flip(good, i, 8), root) for i in range(len(good))],
    ]
    if len(good) > 1:
        probes.append((index, size, leaf, [good[0], SOME_HASH, *good[1:]], root))
    for probe_index, probe_size, probe_leaf, probe_proof, probe_root in probes:
        with pytest.raises(ProofError):
            verify_inclusion(probe_index, probe_size, probe_leaf, probe_proof, probe_root)


@pytest.mark.parametrize(("size1", "size2", "proof"), [v for v in CONSISTENCY if v[2]])
def test_corrupted_known_consistency_proofs_are_all_rejected(size1: int, size2: int, proof: list[str]) -> None:
    good = [bytes.fromhex(h) for h in proof]
    root1, root2 = ROOTS[size1 - 1], ROOTS[size2 - 1]
    probes = [
        (size1 - 1, size2, root1, root2, good),
        (size1 + 1, size2, root1, root2, good),
        (size1 ^ 2, size2, root1, root2, good),
        (size1, size2 * 2, root1, root2, good),
        (size1, size2 // 2, root1, root2, good),
        (size1, size2, b"WrongRoot", root2, good),
        (size1, size2, root1, b"WrongRoot", good),
        (size1, size2, root2, root1, good),
        (size1, size2, root1, root2, []),
        (size1, size2, root1, root2, [*good, b""]),
        (size1, size2, root1, root2, [*good, root1]),
        (size1, size2, root1, root2, [*good, root2]),
        (size1, size2, root1, root2, [b"", *good]),
        (size1, size2, root1, root2, [root1, *good]),
        (size1, size2, root1, root2, [root2, *good]),
        (size1, size2, root1, root2, [good[0], *good]),
        (size1, size2, root1, root2, good[:-1]),
        *[(size1, size2, root1, root2, _flip(good, i, 16)) for i in range(len(good))],
    ]
    for s1, s2, r1, r2, p in probes:
        with pytest.raises(ProofError):
            verify_consistency(s1, s2, r1, r2, p)


def test_the_edge_cases_of_consistency_are_those_of_the_reference_verifier() -> None:
    one, two = b"1" * 32, b"2" * 32
    verify_consistency(0, 0, one, one, [])
    verify_consistency(0, 1, one, two, [])
    verify_consistency(1, 1, two, two, [])
    for size1, size2, root1, root2, proof in [
        (0, 0, one, two, []),
        (1, 1, one, two, []),
        (1, 0, one, two, []),
        (2, 1, one, two, []),
        (1, 2, one, two, []),
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]),
        (0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]),
        (1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT]),
    ]:
        with pytest.raises(ProofError):
            verify_consistency(size1, size2, root1, root2, proof)


def test_inclusion_in_an_empty_or_too_small_tree_is_rejected() -> None:
    for index, size in [(0, 0), (1, 0), (1, 1), (2, 1)]:
        with pytest.raises(ProofError):
            verify_inclusion(index, size, SOME_HASH, [], EMPTY_ROOT)
    single = hash_leaf(b"data")
    verify_inclusion(0, 1, single, [], single)
    with pytest.raises(ProofError):
        verify_inclusion(0, 1, single, [], b"")
