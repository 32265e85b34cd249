"""A relay declares its stream: created when missing, updated when this version's settings differ,
including its replica count (raising STREAM_REPLICAS must reach a stream that already exists)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nats.js.api import StreamConfig, StreamInfo, StreamState
from nats.js.errors import NotFoundError

from shared.messaging.streams import ensure_stream, stream_config, stream_for


@dataclass
class FakeJetStream:
    existing: StreamConfig | None = None
    added: list[StreamConfig] = field(default_factory=list)
    updated: list[StreamConfig] = field(default_factory=list)

    async def stream_info(self, name: str) -> StreamInfo:
        if self.existing is None:
            raise NotFoundError
        state = StreamState(messages=0, bytes=0, first_seq=0, last_seq=0, consumer_count=0)
        return StreamInfo(config=self.existing, state=state)

    async def add_stream(self, config: StreamConfig) -> Any:
        self.added.append(config)

    async def update_stream(self, config: StreamConfig) -> Any:
        self.updated.append(config)


SPEC = stream_for("cases")


async def test_a_missing_stream_is_created_with_its_replicas() -> None:
    js = FakeJetStream()
    await ensure_stream(js, SPEC, replicas=3)  # type: ignore[arg-type]
    assert [c.num_replicas for c in js.added] == [3]


async def test_a_stream_with_fewer_replicas_is_updated_to_the_wanted_count() -> None:
    js = FakeJetStream(existing=stream_config(SPEC, 1))
    await ensure_stream(js, SPEC, replicas=3)  # type: ignore[arg-type]
    assert [c.num_replicas for c in js.updated] == [3]


async def test_a_stream_as_wanted_is_left_alone() -> None:
    js = FakeJetStream(existing=stream_config(SPEC, 3))
    await ensure_stream(js, SPEC, replicas=3)  # type: ignore[arg-type]
    assert js.updated == []
    assert js.added == []
