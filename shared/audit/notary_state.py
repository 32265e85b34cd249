"""The notary's bookkeeping: how much of the log it has published, the tree's frontier, and the
frontier at the last signed checkpoint (the only part it trusts again after a restart)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

import asyncpg

from shared.audit.frontier import Frontier
from shared.audit.stream import PublishedLeaf


@dataclass(frozen=True)
class NotaryState:
    tree_size: int = 0
    last_notification_id: int = 0
    last_leaf_seq: int = 0  # stream sequence of the last leaf message (where reconciliation starts)
    frontier: Frontier = field(default_factory=Frontier)
    checkpoint_at: datetime | None = None
    checkpoint_frontier: Frontier = field(default_factory=Frontier)  # the tree at the last checkpoint
    checkpoint_leaf_seq: int = 0  # stream sequence of that checkpoint's last leaf

    @property
    def checkpoint_size(self) -> int:
        return self.checkpoint_frontier.size

    def extended(self, leaf: PublishedLeaf, seq: int) -> NotaryState:
        """This state with one more published leaf; the leaf must be the next one."""
        if leaf.index != self.tree_size:
            raise ValueError(f"leaf {leaf.index} published where leaf {self.tree_size} was expected")
        frontier = self.frontier.copy()
        frontier.append(leaf.leaf_hash)
        return replace(
            self,
            tree_size=self.tree_size + 1,
            last_notification_id=leaf.notification_id,
            last_leaf_seq=seq,
            frontier=frontier,
        )


async def load_state(conn: asyncpg.Connection, log: str) -> NotaryState:
    row = await conn.fetchrow(
        "SELECT tree_size, last_notification_id, last_leaf_seq, frontier, checkpoint_at, checkpoint_frontier,"
        " checkpoint_leaf_seq FROM audit_notary_state WHERE log = $1",
        log,
    )
    if row is None:
        return NotaryState()
    frontier = Frontier.from_bytes(row["frontier"])
    if frontier.size != row["tree_size"]:
        raise ValueError(f"the recorded frontier of {log} has {frontier.size} leaves, not {row['tree_size']}")
    return NotaryState(
        tree_size=row["tree_size"],
        last_notification_id=row["last_notification_id"],
        last_leaf_seq=row["last_leaf_seq"],
        frontier=frontier,
        checkpoint_at=row["checkpoint_at"],
        checkpoint_frontier=Frontier.from_bytes(row["checkpoint_frontier"]),
        checkpoint_leaf_seq=row["checkpoint_leaf_seq"],
    )


async def save_state(conn: asyncpg.Connection, log: str, state: NotaryState) -> None:
    await conn.execute(
        "INSERT INTO audit_notary_state"
        " (log, tree_size, last_notification_id, last_leaf_seq, frontier, checkpoint_size, checkpoint_at,"
        " checkpoint_frontier, checkpoint_leaf_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        " ON CONFLICT (log) DO UPDATE SET tree_size = EXCLUDED.tree_size,"
        " last_notification_id = EXCLUDED.last_notification_id, last_leaf_seq = EXCLUDED.last_leaf_seq,"
        " frontier = EXCLUDED.frontier, checkpoint_size = EXCLUDED.checkpoint_size,"
        " checkpoint_at = EXCLUDED.checkpoint_at, checkpoint_frontier = EXCLUDED.checkpoint_frontier,"
        " checkpoint_leaf_seq = EXCLUDED.checkpoint_leaf_seq",
        log,
        state.tree_size,
        state.last_notification_id,
        state.last_leaf_seq,
        state.frontier.to_bytes(),
        state.checkpoint_size,
        state.checkpoint_at,
        state.checkpoint_frontier.to_bytes(),
        state.checkpoint_leaf_seq,
    )
