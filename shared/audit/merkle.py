"""Merkle tree hashes, inclusion and consistency proofs, and their verifiers (RFC 9162 §2.1, as RFC 6962).

    leaf hash  = SHA-256(0x00 || leaf data)
    node hash  = SHA-256(0x01 || left || right)
    empty tree = SHA-256("")

A tree of n leaves splits at k, the largest power of two below n. `MerkleTree` keeps every perfect
subtree level, so a root or a proof for any size costs O(log² n) hashes instead of O(n); the
verifiers follow the RFC's algorithms step by step and need nothing but the proof.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof that does not verify (or that cannot exist for the sizes given)."""


def hash_leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def hash_children(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


class MerkleTree:
    """An append-only tree over leaf hashes, with every perfect subtree hash cached by level."""

    def __init__(self, leaf_hashes: Sequence[bytes] = ()) -> None:
        # levels[j] holds the hashes of the perfect subtrees of 2**j leaves, left to right, concatenated.
        self._levels: list[bytearray] = [bytearray()]
        for leaf in leaf_hashes:
            self.append(leaf)

    @property
    def size(self) -> int:
        return len(self._levels[0]) // HASH_SIZE

    def append(self, leaf_hash: bytes) -> None:
        if len(leaf_hash) != HASH_SIZE:
            raise ValueError("a leaf hash has 32 bytes")
        self._levels[0] += leaf_hash
        index, level = self.size - 1, 0
        # Completing a right child completes its parent, and so on up.
        while index & 1:
            parent = hash_children(self._node(level, index - 1), self._node(level, index))
            level += 1
            index >>= 1
            if len(self._levels) == level:
                self._levels.append(bytearray())
            self._levels[level] += parent

    def leaf(self, index: int) -> bytes:
        return self._node(0, index)

    def root(self, size: int | None = None) -> bytes:
        """The root hash of the first `size` leaves (all of them by default)."""
        size = self.size if size is None else size
        self._check_size(size)
        return EMPTY_ROOT if size == 0 else self._subtree(0, size)

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        """PATH(index, D[0:size]) of RFC 9162 §2.1.3.1."""
        self._check_size(size)
        if not 0 <= index < size:
            raise ValueError(f"leaf {index} is not in a tree of {size}")
        return self._path(index, 0, size)

    def consistency_proof(self, size1: int, size2: int) -> list[bytes]:
        """PROOF(size1, D[0:size2]) of RFC 9162 §2.1.4.1 (empty when size1 is 0 or equals size2)."""
        self._check_size(size2)
        if not 0 <= size1 <= size2:
            raise ValueError(f"no consistency proof from {size1} to {size2}")
        if size1 in (0, size2):
            return []
        return self._subproof(size1, 0, size2, complete=True)

    def _node(self, level: int, index: int) -> bytes:
        start = index * HASH_SIZE
        return bytes(self._levels[level][start : start + HASH_SIZE])

    def _check_size(self, size: int) -> None:
        if not 0 <= size <= self.size:
            raise ValueError(f"the tree has {self.size} leaves, not {size}")

    def _subtree(self, lo: int, hi: int) -> bytes:
        """MTH(D[lo:hi]); lo is always aligned to a power of two at least as large as the left part."""
        n = hi - lo
        if n & (n - 1) == 0 and lo % n == 0:
            return self._node(n.bit_length() - 1, lo // n)
        k = split_point(n)
        return hash_children(self._subtree(lo, lo + k), self._subtree(lo + k, hi))

    def _path(self, index: int, lo: int, hi: int) -> list[bytes]:
        n = hi - lo
        if n == 1:
            return []
        k = split_point(n)
        if index < k:
            return [*self._path(index, lo, lo + k), self._subtree(lo + k, hi)]
        return [*self._path(index - k, lo + k, hi), self._subtree(lo, lo + k)]

    def _subproof(self, m: int, lo: int, hi: int, *, complete: bool) -> list[bytes]:
        n = hi - lo
        if m == n:
            return [] if complete else [self._subtree(lo, hi)]
        k = split_point(n)
        if m <= k:
            return [*self._subproof(m, lo, lo + k, complete=complete), self._subtree(lo + k, hi)]
        return [*self._subproof(m - k, lo + k, hi, complete=False), self._subtree(lo, lo + k)]


def _check_hashes(*hashes: bytes) -> None:
    if any(len(h) != HASH_SIZE for h in hashes):
        raise ProofError("a hash in the proof, a root or a leaf hash is not 32 bytes")


def root_from_inclusion_proof(index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes]) -> bytes:
    """The root that `proof` leads to from `leaf_hash` at `index` (RFC 9162 §2.1.3.2)."""
    _check_hashes(leaf_hash, *proof)
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size}")
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            raise ProofError("the inclusion proof is too long")
        if fn & 1 or fn == sn:
            r = hash_children(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = hash_children(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the inclusion proof is too short")
    return r


def verify_inclusion(index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes], root: bytes) -> None:
    """Raise `ProofError` unless `proof` shows the leaf at `index` in the tree of `size` with `root`."""
    _check_hashes(root)
    if root_from_inclusion_proof(index, size, leaf_hash, proof) != root:
        raise ProofError("the inclusion proof leads to another root")


def _verify_trivial_consistency(size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]) -> bool:
    """Check the cases that need no proof; True if one of them applied."""
    if not 0 <= size1 <= size2:
        raise ProofError(f"a tree of {size2} cannot extend one of {size1}")
    if size1 == size2:
        if proof:
            raise ProofError("trees of equal size need an empty proof")
        if root1 != root2:
            raise ProofError("trees of equal size with different roots")
        return True
    if size1 == 0:
        if proof:
            raise ProofError("the empty tree needs an empty proof")
        return True
    if not proof:
        raise ProofError("the consistency proof is empty")
    return False


def verify_consistency(size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]) -> None:
    """Raise `ProofError` unless the tree of `size2` with `root2` extends the one of `size1` with `root1`
    (RFC 9162 §2.1.4.2)."""
    _check_hashes(root1, root2, *proof)
    if _verify_trivial_consistency(size1, size2, root1, root2, proof):
        return
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, root1)  # the old tree is a perfect subtree of the new one
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the consistency proof is too long")
        if fn & 1 or fn == sn:
            fr = hash_children(c, fr)
            sr = hash_children(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = hash_children(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the consistency proof is too short")
    if fr != root1:
        raise ProofError("the consistency proof does not lead to the old root")
    if sr != root2:
        raise ProofError("the consistency proof does not lead to the new root")
