"""Idempotency records: a command retried with the same key returns its first result, never a
second effect.

The record is saved in the same `save()` as the command's aggregates, so the effect and the record
commit together or not at all; two concurrent attempts with one key collide on the record's id and
only one commits.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from shared.domain.aggregate import InvalidInputError, RecordedAggregate

IDEMPOTENCY_NAMESPACE = UUID("a3c9e6f2-55b1-4d0c-8f7e-2b4d6a8c0e13")


class IdempotencyKeyReusedError(InvalidInputError):
    """The key was used before for a different request (HTTP 422 per the Idempotency-Key draft)."""

    code = "idempotency_key_reused"


class IdempotencyRecord(RecordedAggregate):
    class Recorded(RecordedAggregate.Created):
        key: str
        fingerprint: str
        results: list[dict[str, Any]]

    @staticmethod
    def create_id(actor_id: str, key: str) -> UUID:
        # Keys are scoped to the caller: two users choosing the same key do not collide.
        return uuid5(IDEMPOTENCY_NAMESPACE, f"{actor_id}\n{key}")

    @event(Recorded)
    def __init__(self, actor_id: str, key: str, fingerprint: str, results: list[dict[str, Any]]) -> None:
        self.key = key
        self.fingerprint = fingerprint
        self.results = results
