"""Reading a service's audit log back from the AUDIT stream: its leaves and checkpoints, in order."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

from shared.audit.stream import AUDIT_STREAM, PublishedLeaf, checkpoint_subject, leaf_subject


@dataclass(frozen=True)
class StreamMessage:
    seq: int
    data: bytes


@dataclass
class PublishedLog:
    """What the notary published for one service, as read back (from NATS or from an export)."""

    leaves: list[PublishedLeaf] = field(default_factory=list)
    checkpoints: list[str] = field(default_factory=list)  # signed notes, in publication order
    malformed: list[str] = field(default_factory=list)  # messages that are not leaves, described

    @classmethod
    def from_messages(cls, leaves: list[bytes], checkpoints: list[bytes]) -> PublishedLog:
        log = cls()
        for position, data in enumerate(leaves):
            try:
                log.leaves.append(PublishedLeaf.from_bytes(data))
            except ValueError as exc:
                log.malformed.append(f"leaf message {position + 1}: {exc}")
        for position, data in enumerate(checkpoints):
            try:
                log.checkpoints.append(data.decode("utf-8"))
            except UnicodeDecodeError:
                log.malformed.append(f"checkpoint message {position + 1} is not UTF-8")
        return log


async def last_message(js: JetStreamContext, subject: str) -> StreamMessage | None:
    try:
        message = await js.get_last_msg(AUDIT_STREAM, subject)
    except NotFoundError:
        return None
    assert message.seq is not None
    return StreamMessage(message.seq, message.data or b"")


async def read_subject(
    js: JetStreamContext, subject: str, *, after_seq: int = 0, stall_seconds: float = 15.0
) -> list[StreamMessage]:
    """Every message on `subject` stored after stream sequence `after_seq`, up to the last one now."""
    last = await last_message(js, subject)
    if last is None or last.seq <= after_seq:
        return []
    received: list[StreamMessage] = []
    done = asyncio.Event()
    progress = time.monotonic()

    async def collect(message: Msg) -> None:
        nonlocal progress
        seq = message.metadata.sequence.stream
        if seq <= last.seq:
            received.append(StreamMessage(seq, message.data))
            progress = time.monotonic()
        if seq >= last.seq:
            done.set()

    config = ConsumerConfig(
        deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
        opt_start_seq=after_seq + 1,
        ack_policy=AckPolicy.NONE,
    )
    subscription = await js.subscribe(subject, stream=AUDIT_STREAM, cb=collect, ordered_consumer=True, config=config)
    try:
        while not done.is_set():
            try:
                await asyncio.wait_for(done.wait(), timeout=1.0)
            except TimeoutError:
                if time.monotonic() - progress > stall_seconds:
                    raise TimeoutError(f"reading {subject} stalled after {len(received)} messages") from None
    finally:
        await subscription.unsubscribe()
    return received


async def read_published_messages(js: JetStreamContext, service: str) -> tuple[list[bytes], list[bytes]]:
    """A service's leaf and checkpoint messages, as the stream holds them now.

    Checkpoints are read first: the notary publishes a checkpoint only after every leaf it covers,
    so leaves read afterwards cover every checkpoint read, however far the notary moves meanwhile.
    Read the other way round, a checkpoint published between the two reads would cover leaves not
    read, and a log being written would look truncated."""
    checkpoints = await read_subject(js, checkpoint_subject(service))
    leaves = await read_subject(js, leaf_subject(service))
    return [m.data for m in leaves], [m.data for m in checkpoints]


async def read_published_log(js: JetStreamContext, service: str) -> PublishedLog:
    return PublishedLog.from_messages(*await read_published_messages(js, service))
