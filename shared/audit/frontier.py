"""The right edge of a growing Merkle tree (a compact range from leaf 0): enough to append and to
compute the root at the current size, in O(log n) space.

For a tree of n leaves the frontier holds one perfect subtree hash per set bit of n, largest first;
appending a leaf merges equal-sized subtrees like a binary counter carrying.
"""

from __future__ import annotations

import struct

from shared.audit.merkle import EMPTY_ROOT, HASH_SIZE, hash_children


class Frontier:
    def __init__(self, size: int = 0, nodes: list[bytes] | None = None) -> None:
        nodes = list(nodes or [])
        if size < 0 or len(nodes) != size.bit_count() or any(len(node) != HASH_SIZE for node in nodes):
            raise ValueError(f"a frontier of {size} leaves has {size.bit_count()} hashes of 32 bytes")
        self.size = size
        self._nodes = nodes

    def append(self, leaf_hash: bytes) -> None:
        if len(leaf_hash) != HASH_SIZE:
            raise ValueError("a leaf hash has 32 bytes")
        node, size = leaf_hash, self.size
        while size & 1:
            node = hash_children(self._nodes.pop(), node)
            size >>= 1
        self._nodes.append(node)
        self.size += 1

    def root(self) -> bytes:
        if not self._nodes:
            return EMPTY_ROOT
        root = self._nodes[-1]
        for node in reversed(self._nodes[:-1]):
            root = hash_children(node, root)
        return root

    def copy(self) -> Frontier:
        return Frontier(self.size, self._nodes)

    def to_bytes(self) -> bytes:
        return struct.pack(">Q", self.size) + b"".join(self._nodes)

    @classmethod
    def from_bytes(cls, data: bytes) -> Frontier:
        if len(data) < 8:
            raise ValueError("a stored frontier starts with its size")
        (size,) = struct.unpack_from(">Q", data)
        body = data[8:]
        nodes = [body[i : i + HASH_SIZE] for i in range(0, len(body), HASH_SIZE)]
        return cls(size, nodes)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Frontier) and (self.size, self._nodes) == (other.size, other._nodes)

    def __hash__(self) -> int:
        return hash((self.size, *self._nodes))
