"""An aggregate's stored events as auditors read them: oldest first, with actor and both times."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

_METADATA = {
    "originator_id",
    "originator_version",
    "originator_topic",
    "timestamp",
    "occurred_at",
    "actor_id",
    "actor_role",
    "correlation_id",
    "causation_id",
}


def history_entry(event: Any) -> dict[str, Any]:
    data = {
        field.name: getattr(event, field.name) for field in dataclasses.fields(event) if field.name not in _METADATA
    }
    return {
        "event_type": type(event).__qualname__,
        "aggregate_id": event.originator_id,
        "version": event.originator_version,
        "occurred_at": getattr(event, "occurred_at", event.timestamp),
        "recorded_at": event.timestamp,
        "actor": {"id": getattr(event, "actor_id", "system"), "role": getattr(event, "actor_role", "system")},
        "correlation_id": getattr(event, "correlation_id", ""),
        "causation_id": getattr(event, "causation_id", ""),
        "data": data,
    }


def history(events: Iterable[Any]) -> list[dict[str, Any]]:
    return [history_entry(event) for event in events]
