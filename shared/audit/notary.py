"""The notary: follows a service's notification log in order and publishes it as a Merkle tree.

For each stored event it computes the canonical leaf and publishes one message (leaf index,
notification id, aggregate id and version, leaf hash) to `audit.<service>.leaf`; every N leaves or
T seconds it signs a checkpoint (tree size, root, time) with each configured key and publishes it to
`audit.<service>.checkpoint`. Only then does it record its state (position and frontier).

After a crash between publication and bookkeeping the notary reconciles with the stream before it
publishes again: leaves the stream holds beyond its last signed checkpoint are adopted, not
re-published, so there is neither a gap nor a double however long it was down. It trusts nothing
in the database it cannot check: the recorded frontier counts only if its root is the last signed
checkpoint's root; otherwise the frontier is rebuilt from the published leaves.

The log starts at notification id 1. A row numbered below it (or not at all) was written around the
application: the notary does not publish it (it would sit before leaves already signed), and does not
stop either (a row anyone with database access can write would otherwise halt the tamper evidence of
everything after it). It alerts instead, when it starts and whenever it is idle: an error in its log
and `zeren_notary_unreachable_events`; `zeren audit verify` names each such row as extra.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import asyncpg
import nats.errors
import nats.js.errors
from nats.aio.client import Client

from shared.audit.checkpoint import Checkpoint, CheckpointError, log_origin, open_checkpoint
from shared.audit.leaf import leaf_hash
from shared.audit.metrics import (
    NOTARY_ADOPTED,
    NOTARY_CHECKPOINTS,
    NOTARY_LAG,
    NOTARY_LEAVES,
    NOTARY_TREE_SIZE,
    NOTARY_UNREACHABLE,
)
from shared.audit.notary_state import NotaryState, load_state, save_state
from shared.audit.note import KeyRing, SignerKey
from shared.audit.published import last_message, read_subject
from shared.audit.source import latest_notification_id, read_events_after, rows_below_the_log
from shared.audit.stream import (
    AUDIT_STREAM,
    PublishedLeaf,
    checkpoint_msg_id,
    checkpoint_subject,
    ensure_audit_stream,
    leaf_subject,
)
from shared.db.errors import DATABASE_UNAVAILABLE
from shared.db.log_follower import LogFollower
from shared.messaging.faults import maybe_crash
from shared.messaging.publishing import BatchPublisher, Outgoing

log = logging.getLogger(__name__)

RETRYABLE = (
    *DATABASE_UNAVAILABLE,
    OSError,
    asyncpg.PostgresError,
    nats.errors.Error,
)


class NotaryHaltedError(RuntimeError):
    """The published log cannot be continued safely (it has a hole); an operator must look."""


def _utc_now() -> datetime:
    return datetime.now(tz=UTC)


class Notary:
    def __init__(
        self,
        *,
        service: str,
        nc: Client,
        pool: asyncpg.Pool,
        table: str,
        channel: str,
        signers: list[SignerKey],
        checkpoint_every: int = 1000,
        checkpoint_seconds: float = 10.0,
        batch_size: int = 500,
        idle_seconds: float = 1.0,
        publish_timeout: float = 10.0,
        stream_replicas: int = 1,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        if not signers:
            raise ValueError("a notary needs at least one signing key")
        self.service = service
        self.origin = log_origin(service)
        NOTARY_LEAVES.labels(service)  # exported at 0 from the start: an alert compares its increase
        self._js = nc.jetstream()
        self._publisher = BatchPublisher(nc)
        self._table = table
        self._signers = signers
        self._checkpoint_every = checkpoint_every
        self._checkpoint_seconds = checkpoint_seconds
        self._batch_size = batch_size
        self._publish_timeout = publish_timeout
        self._stream_replicas = stream_replicas
        self._now = now
        self.state = NotaryState()
        self.adopted = 0  # leaves found published but not recorded, since this process started
        self.unreachable = 0  # stored rows numbered below the log, as last counted
        self._follower = LogFollower(
            lock_name=f"zeren-notary:{service}",
            pool=pool,
            channel=channel,
            retryable=RETRYABLE,
            idle_seconds=idle_seconds,
        )

    @property
    def holds_lock(self) -> bool:
        return self._follower.holds_lock

    async def run(self, stop: asyncio.Event) -> None:
        await self._follower.run(stop, prepare=self.prepare, resume=self.resume, step=self.pump)

    async def prepare(self) -> None:
        await ensure_audit_stream(self._js, replicas=self._stream_replicas)

    async def resume(self, conn: asyncpg.Connection) -> None:
        """Load the recorded state and bring it level with what the stream holds."""
        recorded = await load_state(conn, self.service)
        state = await self._reconciled(recorded)
        if state != recorded:
            await save_state(conn, self.service, state)
        self.state = state
        NOTARY_TREE_SIZE.labels(self.service).set(state.tree_size)
        await self._count_unreachable(conn)
        log.info(
            "notary resumed",
            extra={"log": self.origin, "tree_size": state.tree_size, "adopted": state.tree_size - recorded.tree_size},
        )

    async def pump(self, conn: asyncpg.Connection) -> int:
        """Publish the next batch of leaves (and a checkpoint when due), then record; return rows read."""
        rows = await read_events_after(conn, self._table, self.state.last_notification_id, self._batch_size)
        # Measured before publishing too: busy, or failing to publish, the backlog shows as it is.
        await self._measure_lag(conn)
        state = self.state
        if rows:
            frontier = state.frontier.copy()
            leaves = []
            for row in rows:
                hashed = leaf_hash(row)
                leaves.append(
                    PublishedLeaf(frontier.size, row.notification_id, row.originator_id, row.originator_version, hashed)
                )
                frontier.append(hashed)
            last_seq = await self._publish_leaves(leaves)
            maybe_crash("notary_after_publish")
            state = replace(
                state,
                tree_size=frontier.size,
                last_notification_id=rows[-1].notification_id,
                last_leaf_seq=last_seq,
                frontier=frontier,
            )
            NOTARY_LEAVES.labels(self.service).inc(len(leaves))
        if self._checkpoint_due(state):
            state = await self._publish_checkpoint(state)
            maybe_crash("notary_after_checkpoint")
        if state != self.state:
            await save_state(conn, self.service, state)
            self.state = state
            NOTARY_TREE_SIZE.labels(self.service).set(state.tree_size)
        if not rows:
            await self._count_unreachable(conn)
        return len(rows)

    def _checkpoint_due(self, state: NotaryState) -> bool:
        if state.tree_size == state.checkpoint_size:
            return False
        if state.tree_size - state.checkpoint_size >= self._checkpoint_every or state.checkpoint_at is None:
            return True
        return (self._now() - state.checkpoint_at).total_seconds() >= self._checkpoint_seconds

    async def _publish_leaves(self, leaves: list[PublishedLeaf]) -> int:
        subject = leaf_subject(self.service)
        outgoing = [Outgoing(subject, leaf.to_bytes(), leaf.msg_id(self.service)) for leaf in leaves]
        acks = await self._publisher.publish(AUDIT_STREAM, outgoing, ack_within=self._publish_timeout)
        return int(acks[-1].seq)

    async def _publish_checkpoint(self, state: NotaryState) -> NotaryState:
        issued_at = self._now()
        checkpoint = Checkpoint(self.origin, state.tree_size, state.frontier.root(), issued_at)
        note = checkpoint.sign(self._signers)
        await self._js.publish(
            checkpoint_subject(self.service),
            note.encode("utf-8"),
            stream=AUDIT_STREAM,
            timeout=self._publish_timeout,
            headers={"Nats-Msg-Id": checkpoint_msg_id(self.service, state.tree_size)},
        )
        NOTARY_CHECKPOINTS.labels(self.service).inc()
        log.info(
            "checkpoint signed",
            extra={"log": self.origin, "size": state.tree_size, "keys": [s.key_id for s in self._signers]},
        )
        return replace(
            state, checkpoint_at=issued_at, checkpoint_frontier=state.frontier, checkpoint_leaf_seq=state.last_leaf_seq
        )

    async def _reconciled(self, recorded: NotaryState) -> NotaryState:
        """The state of the published log: from the last signed checkpoint, plus the leaves after it.

        The recorded frontier is used only if its root is the last checkpoint's signed root; anything
        else (a crash between checkpoint and bookkeeping, an edited record) rebuilds from the stream.
        """
        last = await last_message(self._js, checkpoint_subject(self.service))
        checkpoint = self._own_checkpoint(last.data) if last else None
        base = await self._anchored(recorded, checkpoint) if checkpoint else None
        state = None
        if base is not None:
            try:
                state = base
                for message in await read_subject(self._js, leaf_subject(self.service), after_seq=base.last_leaf_seq):
                    state = state.extended(PublishedLeaf.from_bytes(message.data), message.seq)
            except ValueError as exc:
                log.error(
                    "leaves after the checkpoint do not continue it", extra={"log": self.origin, "error": str(exc)}
                )
                state = None
        if state is None:
            if recorded.tree_size or checkpoint:
                log.warning("rebuilding the notary's state from the published leaves", extra={"log": self.origin})
            state = await self._rebuilt_from_stream(checkpoint)
        adopted = max(0, state.tree_size - recorded.tree_size)
        self.adopted += adopted
        NOTARY_ADOPTED.labels(self.service).inc(adopted)
        return state

    def _own_checkpoint(self, note: bytes) -> Checkpoint | None:
        """The checkpoint if this notary's keys signed it (else it is not a base to continue from)."""
        keys = KeyRing(signer.verifier for signer in self._signers)
        try:
            return open_checkpoint(note.decode("utf-8"), keys, self.origin).checkpoint
        except (CheckpointError, UnicodeDecodeError) as exc:
            log.warning("last checkpoint not verifiable with the current keys", extra={"error": str(exc)})
            return None

    async def _anchored(self, recorded: NotaryState, checkpoint: Checkpoint) -> NotaryState | None:
        frontier = recorded.checkpoint_frontier
        if frontier.size != checkpoint.size or frontier.root() != checkpoint.root:
            return None
        try:
            message = await self._js.get_msg(AUDIT_STREAM, recorded.checkpoint_leaf_seq)
            leaf = PublishedLeaf.from_bytes(message.data or b"")
        except (nats.js.errors.NotFoundError, ValueError):
            return None
        if message.subject != leaf_subject(self.service) or leaf.index != checkpoint.size - 1:
            return None
        return NotaryState(
            tree_size=checkpoint.size,
            last_notification_id=leaf.notification_id,
            last_leaf_seq=recorded.checkpoint_leaf_seq,
            frontier=frontier,
            checkpoint_at=checkpoint.issued_at,
            checkpoint_frontier=frontier,
            checkpoint_leaf_seq=recorded.checkpoint_leaf_seq,
        )

    async def _rebuilt_from_stream(self, checkpoint: Checkpoint | None) -> NotaryState:
        state = NotaryState()
        for message in await read_subject(self._js, leaf_subject(self.service)):
            try:
                state = state.extended(PublishedLeaf.from_bytes(message.data), message.seq)
            except ValueError as exc:
                raise NotaryHaltedError(f"{self.origin}: the published leaves cannot be continued: {exc}") from exc
            if checkpoint is not None and state.tree_size == checkpoint.size:
                if state.frontier.root() != checkpoint.root:
                    raise NotaryHaltedError(f"{self.origin}: the published leaves do not match the last checkpoint")
                state = replace(
                    state,
                    checkpoint_at=checkpoint.issued_at,
                    checkpoint_frontier=state.frontier,
                    checkpoint_leaf_seq=message.seq,
                )
        if checkpoint is not None and checkpoint.size > state.tree_size:
            raise NotaryHaltedError(
                f"{self.origin}: a checkpoint covers {checkpoint.size} leaves; the stream has fewer"
            )
        return state

    async def _measure_lag(self, conn: asyncpg.Connection) -> None:
        latest = await latest_notification_id(conn, self._table)
        NOTARY_LAG.labels(self.service).set(max(0, latest - self.state.last_notification_id))

    async def _count_unreachable(self, conn: asyncpg.Connection) -> None:
        """Count the rows this notary can never publish, and say so when their number changes."""
        unreachable = await rows_below_the_log(conn, self._table)
        NOTARY_UNREACHABLE.labels(self.service).set(unreachable)
        if unreachable and unreachable != self.unreachable:
            log.error(
                "stored events numbered below the log are not notarized: written around the application?",
                extra={"log": self.origin, "table": self._table, "events": unreachable},
            )
        self.unreachable = unreachable
