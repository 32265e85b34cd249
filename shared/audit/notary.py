"""The notary: follows a service's notification log in order and publishes it as a Merkle tree.

For each stored event it computes the canonical leaf and publishes one message (leaf index,
notification id, aggregate id and version, leaf hash) to `audit.<service>.leaf`; every N leaves or
T seconds it signs a checkpoint (tree size, root, time) with each configured key and publishes it to
`audit.<service>.checkpoint`. Only then does it record its state (position and frontier).

After a crash between publication and bookkeeping the notary reconciles with the stream before it
publishes again: leaves the stream holds beyond the recorded state are adopted, not re-published,
so there is neither a gap nor a double however long it was down. If the record and the stream
disagree in any other way, the stream wins: the frontier is rebuilt from the published leaves.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import asyncpg
import nats.errors
from nats.js import JetStreamContext

from shared.audit.checkpoint import Checkpoint, log_origin
from shared.audit.leaf import leaf_hash
from shared.audit.metrics import NOTARY_ADOPTED, NOTARY_CHECKPOINTS, NOTARY_LAG, NOTARY_LEAVES, NOTARY_TREE_SIZE
from shared.audit.notary_state import NotaryState, load_state, save_state
from shared.audit.note import SignerKey
from shared.audit.published import last_message, read_subject
from shared.audit.source import latest_notification_id, read_events_after
from shared.audit.stream import (
    AUDIT_STREAM,
    PublishedLeaf,
    checkpoint_msg_id,
    checkpoint_subject,
    ensure_audit_stream,
    leaf_subject,
)
from shared.db.log_follower import LogFollower
from shared.messaging.faults import maybe_crash

log = logging.getLogger(__name__)

RETRYABLE = (
    OSError,
    TimeoutError,
    ConnectionError,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
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
        js: JetStreamContext,
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
        self._js = js
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
        log.info(
            "notary resumed",
            extra={"log": self.origin, "tree_size": state.tree_size, "adopted": state.tree_size - recorded.tree_size},
        )

    async def pump(self, conn: asyncpg.Connection) -> int:
        """Publish the next batch of leaves (and a checkpoint when due), then record; return rows read."""
        rows = await read_events_after(conn, self._table, self.state.last_notification_id, self._batch_size)
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
            await self._update_lag(conn)
        return len(rows)

    def _checkpoint_due(self, state: NotaryState) -> bool:
        if state.tree_size == state.checkpoint_size:
            return False
        if state.tree_size - state.checkpoint_size >= self._checkpoint_every or state.checkpoint_at is None:
            return True
        return (self._now() - state.checkpoint_at).total_seconds() >= self._checkpoint_seconds

    async def _publish_leaves(self, leaves: list[PublishedLeaf]) -> int:
        subject = leaf_subject(self.service)
        # Pipelined on one connection, so the stream stores them in this order.
        futures = [
            await self._js.publish_async(
                subject, leaf.to_bytes(), stream=AUDIT_STREAM, headers={"Nats-Msg-Id": leaf.msg_id(self.service)}
            )
            for leaf in leaves
        ]
        acks = await asyncio.wait_for(asyncio.gather(*futures), timeout=self._publish_timeout)
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
        return replace(state, checkpoint_size=state.tree_size, checkpoint_at=issued_at)

    async def _reconciled(self, recorded: NotaryState) -> NotaryState:
        state = recorded
        try:
            for message in await read_subject(self._js, leaf_subject(self.service), after_seq=recorded.last_leaf_seq):
                state = state.extended(PublishedLeaf.from_bytes(message.data), message.seq)
            last = await last_message(self._js, leaf_subject(self.service))
            if (last.seq if last else 0) != state.last_leaf_seq:
                raise ValueError("the stream's last leaf is not the recorded one")
        except ValueError as exc:
            log.error(
                "notary record disagrees with the stream; rebuilding", extra={"log": self.origin, "error": str(exc)}
            )
            state = await self._rebuilt_from_stream()
        self.adopted += max(0, state.tree_size - recorded.tree_size)
        NOTARY_ADOPTED.labels(self.service).inc(max(0, state.tree_size - recorded.tree_size))
        return await self._with_last_checkpoint(state)

    async def _rebuilt_from_stream(self) -> NotaryState:
        state = NotaryState()
        for message in await read_subject(self._js, leaf_subject(self.service)):
            try:
                state = state.extended(PublishedLeaf.from_bytes(message.data), message.seq)
            except ValueError as exc:
                raise NotaryHaltedError(f"{self.origin}: the published leaves cannot be continued: {exc}") from exc
        return state

    async def _with_last_checkpoint(self, state: NotaryState) -> NotaryState:
        last = await last_message(self._js, checkpoint_subject(self.service))
        if last is None:
            return replace(state, checkpoint_size=0, checkpoint_at=None)
        body = last.data.decode("utf-8")
        checkpoint = Checkpoint.parse(body[: body.rfind("\n\n") + 1])
        if checkpoint.size > state.tree_size:
            raise NotaryHaltedError(
                f"{self.origin}: a checkpoint covers {checkpoint.size} leaves; the stream has fewer"
            )
        if checkpoint.size == state.tree_size and checkpoint.root != state.frontier.root():
            # The recorded frontier was altered; the published leaves are the truth.
            log.error("recorded frontier does not match the last checkpoint; rebuilding", extra={"log": self.origin})
            state = await self._rebuilt_from_stream()
            if state.frontier.root() != checkpoint.root:
                raise NotaryHaltedError(f"{self.origin}: the last checkpoint does not match the published leaves")
        return replace(state, checkpoint_size=checkpoint.size, checkpoint_at=checkpoint.issued_at)

    async def _update_lag(self, conn: asyncpg.Connection) -> None:
        latest = await latest_notification_id(conn, self._table)
        NOTARY_LAG.labels(self.service).set(max(0, latest - self.state.last_notification_id))
