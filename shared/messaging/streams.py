"""JetStream streams, declared in code (one per producer) and created or updated idempotently."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StreamSpec:
    name: str
    subjects: tuple[str, ...]
    # Long enough to cover a relay restart; a copy arriving later is still caught by consumers,
    # which skip positions they have already applied.
    duplicate_window_seconds: float = 600.0


STREAMS: dict[str, StreamSpec] = {
    producer: StreamSpec(name=producer.upper(), subjects=(f"{producer}.>",))
    for producer in ("personnel", "cases", "assessment")
}


def stream_for(producer: str) -> StreamSpec:
    try:
        return STREAMS[producer]
    except KeyError:
        raise LookupError(f"no stream declared for producer {producer!r}") from None


def stream_config(spec: StreamSpec, replicas: int) -> StreamConfig:
    return StreamConfig(
        name=spec.name,
        subjects=list(spec.subjects),
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        discard=DiscardPolicy.OLD,
        num_replicas=replicas,
        duplicate_window=spec.duplicate_window_seconds,
        deny_delete=True,
    )


async def ensure_stream(js: JetStreamContext, spec: StreamSpec, *, replicas: int = 1) -> None:
    config = stream_config(spec, replicas)
    try:
        info = await js.stream_info(spec.name)
    except NotFoundError:
        await js.add_stream(config)
        log.info("stream created", extra={"stream": spec.name})
        return
    current = info.config
    # A clustered JetStream changes a stream's replica count in place (STREAM_REPLICAS raised from 1
    # to 3 once the cluster has three servers); a single server refuses more than one, and says so.
    if (
        sorted(current.subjects or []) != sorted(config.subjects or [])
        or current.duplicate_window != config.duplicate_window
        or not current.deny_delete
        or (current.num_replicas or 1) != replicas
    ):
        await js.update_stream(config)
        log.info("stream updated", extra={"stream": spec.name})
