"""A2: Hypothesis-generated trees of 1..2000 leaves. Proofs and roots agree with the naive reference;
every valid proof verifies; every mutated proof (bit flips, wrong sizes or index, reordered, cut or
padded paths, wrong leaf or root) is judged exactly as the truth demands: no false accepts, no
false rejects.

A size is checked together with its root, as a signed checkpoint binds them: the RFC's verifiers
accept a proof against a root paired with another size of the same tree depth (the proof does not
encode the size), so "wrong size" here means either the true root of that other size, or the same
root with a size of another depth (twice or half), as in transparency-dev's corruptions."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.audit.frontier import Frontier
from shared.audit.merkle import MerkleTree, ProofError, hash_leaf, verify_consistency, verify_inclusion
from tests.unit.audit import reference

MAX_LEAVES = 2000


@dataclass
class Log:
    leaves: list[bytes]
    tree: MerkleTree
    _roots: dict[int, bytes]

    @classmethod
    def of(cls, size: int, salt: int) -> Log:
        leaves = [f"{salt}:{i}".encode() for i in range(size)]
        return cls(leaves, MerkleTree([hash_leaf(leaf) for leaf in leaves]), {})

    def true_root(self, size: int) -> bytes:
        if size not in self._roots:
            self._roots[size] = reference.mth(self.leaves[:size])
        return self._roots[size]


def accepts(check: Callable[..., None], *args: object) -> bool:
    try:
        check(*args)
    except ProofError:
        return False
    return True


Inclusion = tuple[int, int, bytes, list[bytes], bytes]
Consistency = tuple[int, int, bytes, bytes, list[bytes]]


def _flip(proof: list[bytes], rng: random.Random) -> list[bytes]:
    i = rng.randrange(len(proof))
    bit = rng.randrange(256)
    element = bytearray(proof[i])
    element[bit // 8] ^= 1 << (bit % 8)
    return [*proof[:i], bytes(element), *proof[i + 1 :]]


def _reordered(proof: list[bytes], rng: random.Random) -> list[bytes]:
    i, j = rng.sample(range(len(proof)), 2)
    swapped = list(proof)
    swapped[i], swapped[j] = swapped[j], swapped[i]
    return swapped


def inclusion_mutations(log: Log, index: int, size: int, rng: random.Random) -> list[Inclusion]:
    proof = log.tree.inclusion_proof(index, size)
    leaf = hash_leaf(log.leaves[index])
    root = log.tree.root(size)
    n = len(log.leaves)
    mutations = [
        (index, size, leaf, [*proof, rng.randbytes(32)], root),
        (index, size, leaf, [rng.randbytes(32), *proof], root),
        (index, size, bytes([leaf[0] ^ 1]) + leaf[1:], proof, root),
        (index, size, leaf, proof, rng.randbytes(32)),
    ]
    if proof:
        mutations += [
            (index, size, leaf, _flip(proof, rng), root),
            (index, size, leaf, proof[:-1], root),
            (index, size, leaf, proof[1:], root),
        ]
    if len(proof) > 1:
        mutations.append((index, size, leaf, _reordered(proof, rng), root))
    other_size = rng.randint(index + 1, n)
    mutations.append((index, other_size, leaf, proof, log.tree.root(other_size)))
    mutations.append((index, size * 2, leaf, proof, root))
    if index < size // 2:
        mutations.append((index, size // 2, leaf, proof, root))
    if size > 1:
        other_index = rng.choice(
            [i for i in (index - 1, index + 1, rng.randrange(size)) if 0 <= i < size and i != index]
        )
        mutations.append((other_index, size, leaf, proof, root))
        mutations.append((other_index, size, hash_leaf(log.leaves[other_index]), proof, root))
    return mutations


def consistency_mutations(log: Log, size1: int, size2: int, rng: random.Random) -> list[Consistency]:
    proof = log.tree.consistency_proof(size1, size2)
    root1, root2 = log.tree.root(size1), log.tree.root(size2)
    mutations = [
        (size1, size2, root1, root2, [*proof, rng.randbytes(32)]),
        (size1, size2, root1, root2, [rng.randbytes(32), *proof]),
        (size1, size2, root2, root1, proof),
        (size1, size2, rng.randbytes(32), root2, proof),
        (size1, size2, root1, rng.randbytes(32), proof),
    ]
    if proof:
        mutations += [
            (size1, size2, root1, root2, _flip(proof, rng)),
            (size1, size2, root1, root2, proof[:-1]),
            (size1, size2, root1, root2, proof[1:]),
            (size1, size2, root1, root2, [proof[0], *proof]),
        ]
    if len(proof) > 1:
        mutations.append((size1, size2, root1, root2, _reordered(proof, rng)))
    other1 = rng.randint(1, size2)
    mutations.append((other1, size2, log.tree.root(other1), root2, proof))
    other2 = rng.randint(size1, len(log.leaves))
    mutations.append((size1, other2, root1, log.tree.root(other2), proof))
    mutations.append((size1, size2 * 2, root1, root2, proof))
    if size1 <= size2 // 2:
        mutations.append((size1, size2 // 2, root1, root2, proof))
    return mutations


def inclusion_is_true(log: Log, claim: Inclusion) -> bool:
    index, size, leaf, proof, root = claim
    return (
        0 <= index < size <= len(log.leaves)
        and leaf == hash_leaf(log.leaves[index])
        and root == log.true_root(size)
        and proof == reference.path(index, log.leaves[:size])
    )


def consistency_is_true(log: Log, claim: Consistency) -> bool:
    size1, size2, root1, root2, proof = claim
    if not 0 < size1 <= size2 <= len(log.leaves):
        return False
    canonical = [] if size1 == size2 else reference.proof(size1, log.leaves[:size2])
    return root1 == log.true_root(size1) and root2 == log.true_root(size2) and proof == canonical


@st.composite
def logs(draw: st.DrawFn) -> tuple[Log, random.Random]:
    size = draw(st.one_of(st.integers(1, 70), st.integers(71, MAX_LEAVES)))
    return Log.of(size, draw(st.integers(0, 2**32))), random.Random(draw(st.integers(0, 2**32)))


@settings(max_examples=150, deadline=None)
@given(logs())
def test_roots_and_the_frontier_agree_with_the_reference(case: tuple[Log, random.Random]) -> None:
    log, rng = case
    n = len(log.leaves)
    assert log.tree.root() == log.true_root(n)
    for size in {rng.randint(0, n) for _ in range(3)}:
        assert log.tree.root(size) == log.true_root(size)
    frontier = Frontier()
    for i, leaf in enumerate(log.leaves):
        frontier.append(hash_leaf(leaf))
        if i % 97 == 0 or i == n - 1:
            assert frontier.root() == log.tree.root(i + 1)
    assert Frontier.from_bytes(frontier.to_bytes()) == frontier


@settings(max_examples=150, deadline=None)
@given(logs())
def test_inclusion_proofs_verify_and_mutations_never_do(case: tuple[Log, random.Random]) -> None:
    log, rng = case
    size = rng.randint(1, len(log.leaves))
    index = rng.randrange(size)
    proof = log.tree.inclusion_proof(index, size)
    assert proof == reference.path(index, log.leaves[:size])
    verify_inclusion(index, size, hash_leaf(log.leaves[index]), proof, log.true_root(size))
    for mutation in inclusion_mutations(log, index, size, rng):
        accepted = accepts(verify_inclusion, *mutation)
        assert accepted == inclusion_is_true(log, mutation), mutation[:2]


@settings(max_examples=150, deadline=None)
@given(logs())
def test_consistency_proofs_verify_and_mutations_never_do(case: tuple[Log, random.Random]) -> None:
    log, rng = case
    size2 = rng.randint(1, len(log.leaves))
    size1 = rng.randint(1, size2)
    proof = log.tree.consistency_proof(size1, size2)
    assert proof == ([] if size1 == size2 else reference.proof(size1, log.leaves[:size2]))
    verify_consistency(size1, size2, log.true_root(size1), log.true_root(size2), proof)
    for mutation in consistency_mutations(log, size1, size2, rng):
        accepted = accepts(verify_consistency, *mutation)
        assert accepted == consistency_is_true(log, mutation), mutation[:2]


def test_a_seeded_sweep_of_every_small_tree_and_random_large_ones_has_no_false_verdicts() -> None:
    """Every (index, size) and (size1, size2) pair up to 40 leaves, and 100 random pairs of each kind in a tree of
    2000, each with its mutations; prints the tally (`-s`) for the record."""
    rng = random.Random(20260301)
    tally = {"valid": 0, "mutated": 0, "false accepts": 0, "false rejects": 0}

    def judge(accepted: bool, true: bool) -> None:
        tally["false accepts"] += accepted and not true
        tally["false rejects"] += true and not accepted

    small = Log.of(40, 7)
    large = Log.of(MAX_LEAVES, 11)
    inclusion_cases = [(small, i, s) for s in range(1, 41) for i in range(s)]
    inclusion_cases += [(large, rng.randrange(s), s) for s in (rng.randint(1, MAX_LEAVES) for _ in range(100))]
    for log, index, size in inclusion_cases:
        tally["valid"] += 1
        proof = log.tree.inclusion_proof(index, size)
        judge(accepts(verify_inclusion, index, size, log.tree.leaf(index), proof, log.tree.root(size)), True)
        for mutation in inclusion_mutations(log, index, size, rng):
            tally["mutated"] += 1
            judge(accepts(verify_inclusion, *mutation), inclusion_is_true(log, mutation))
    consistency_cases = [(small, a, b) for b in range(1, 41) for a in range(1, b + 1)]
    consistency_cases += [(large, rng.randint(1, b), b) for b in (rng.randint(1, MAX_LEAVES) for _ in range(100))]
    for log, size1, size2 in consistency_cases:
        tally["valid"] += 1
        proof = log.tree.consistency_proof(size1, size2)
        judge(accepts(verify_consistency, size1, size2, log.tree.root(size1), log.tree.root(size2), proof), True)
        for claim in consistency_mutations(log, size1, size2, rng):
            tally["mutated"] += 1
            judge(accepts(verify_consistency, *claim), consistency_is_true(log, claim))
    print(f"A2 sweep: {tally}")
    assert tally["false accepts"] == 0
    assert tally["false rejects"] == 0
