"""What a projection is: a named, rebuildable function of the public events it has seen."""

from __future__ import annotations

from typing import Protocol

import asyncpg

from shared.contracts import IntegrationEvent
from shared.messaging.envelope import Envelope


class Projection(Protocol):
    """Applies events to its own tables inside the consumer's transaction.

    `apply` must be a pure function of the event and the rows the projection already wrote: no
    clock, no randomness, no I/O outside `conn`. Then a rebuild from position 0 writes the same rows.
    """

    name: str  # durable consumer and tracking key, e.g. "assessment-roster"
    producers: tuple[str, ...]  # streams followed, each in its own order
    tables: tuple[str, ...]  # owned tables, emptied by a rebuild

    async def apply(self, conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> None: ...
