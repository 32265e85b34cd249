"""The facts projection: every producer's public events that count for scores or KPIs, as facts.

One projection, one table, a mapper module per producer. To wire in another producer's events:
write `projections/facts/<producer>.py` with a `MAPPERS` dict (contract class -> function returning
`NewFact`/`Retraction` rows), add it to `MAPPERS_BY_PRODUCER` below, and rebuild the projection.
Mappers are pure functions of the event and its envelope, so a rebuild writes identical rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import asyncpg

from assessment.projections.facts import assessment as assessment_facts
from assessment.projections.facts.rows import Written, write
from shared.contracts import IntegrationEvent
from shared.messaging.envelope import Envelope

MAPPERS_BY_PRODUCER: dict[str, dict[type[IntegrationEvent], Callable[[Any, Envelope], list[Written]]]] = {
    "assessment": assessment_facts.MAPPERS,
}

FACTS_PROJECTION = "assessment-facts"


class FactsProjection:
    name = FACTS_PROJECTION
    producers: tuple[str, ...] = tuple(MAPPERS_BY_PRODUCER)
    tables: tuple[str, ...] = ("assessment_facts",)

    async def apply(self, conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> None:
        mapper = MAPPERS_BY_PRODUCER.get(envelope.producer, {}).get(type(event))
        if mapper is not None:
            await write(conn, mapper(event, envelope), envelope)
