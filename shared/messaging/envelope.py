"""The envelope every message travels in: identity, ordering, both times, actor, causality, payload."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from pydantic import AwareDatetime, BaseModel, ConfigDict

# Fixed namespace: event ids must stay the same across relay restarts and re-publication.
EVENT_ID_NAMESPACE = UUID("5f0d1a52-2b8e-4c61-9a57-6a1f4c0c2e11")


def event_id_for(producer: str, aggregate_id: UUID, aggregate_version: int) -> UUID:
    """Deterministic id: a re-published event carries the same id, so JetStream drops the copy."""
    return uuid5(EVENT_ID_NAMESPACE, f"{producer}/{aggregate_id}/{aggregate_version}")


class Actor(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")
    id: str
    role: str


class Envelope(BaseModel):
    """Metadata plus payload. `position` is the producer's notification id; `previous_position` is
    the position of the event this producer published just before, so a consumer can tell a
    duplicate (position already applied) from a gap (predecessor not applied yet)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: UUID
    event_type: str
    schema_version: int
    producer: str
    aggregate_id: UUID
    aggregate_version: int
    position: int
    previous_position: int
    # With their offsets: a time without one is ambiguous (the bureau's zone or UTC?), so such an
    # envelope is malformed, not read as either.
    occurred_at: AwareDatetime
    recorded_at: AwareDatetime
    actor: Actor
    correlation_id: str
    causation_id: str = ""
    payload: dict[str, Any]

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Envelope:
        return cls.model_validate_json(data)
