"""A service's stored events as its relay publishes them: each public event with the envelope the
relay builds for it, for tests that feed projections or streams without running a relay."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shared.contracts import IntegrationEvent
from shared.messaging.envelope import Envelope
from shared.messaging.relay import build_envelope


def relayed(
    application: Any, producer: str, translate: Callable[[object], IntegrationEvent | None]
) -> list[tuple[IntegrationEvent, Envelope]]:
    """Every public event `application` stored, in order, each with its envelope (private events are
    skipped, and the next envelope's `previous_position` names the last public one, as the relay's)."""
    published, previous = [], 0
    for notification in application.recorder.select_notifications(1, 1_000_000):
        domain_event = application.mapper.to_domain_event(notification)
        event = translate(domain_event)
        if event is None:
            continue
        published.append((event, build_envelope(producer, notification, previous, domain_event, event)))
        previous = notification.id
    return published
