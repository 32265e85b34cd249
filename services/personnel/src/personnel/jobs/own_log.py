"""Reading personnel's own notification log from a position onwards: how the scheduler's watches
learn what is pending from the source of truth itself, not from a projection."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from personnel.application import Personnel


def read_after(application: Personnel, position: int, on_event: Callable[[Any], None], *, batch_size: int) -> int:
    """Pass each domain event recorded after `position` to `on_event`, in order; answer the last
    position read (the same one when nothing new was recorded)."""
    recorder, mapper = application.recorder, application.mapper
    while True:
        notifications = recorder.select_notifications(position + 1, batch_size)
        if not notifications:
            return position
        for notification in notifications:
            on_event(mapper.to_domain_event(notification))
        position = notifications[-1].id
