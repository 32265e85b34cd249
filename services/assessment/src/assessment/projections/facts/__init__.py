"""The facts projection: every producer's public events that count for scores or KPIs, as facts.

One projection, one table, a mapper module per producer. To wire in another producer's events:
write `projections/facts/<producer>.py` with a `MAPPERS` dict (contract class -> function returning
`NewFact`/`Retraction`/`RetractGroup` rows) and, if its mappers need something an earlier event said,
a `MEMORY`; add it to `PRODUCERS` below, and rebuild the projection. Mappers are pure functions of
the event, its envelope and what the memory recalls, so a rebuild writes identical rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import asyncpg

from assessment.projections.facts import assessment as assessment_facts
from assessment.projections.facts import cases as cases_facts
from assessment.projections.facts import personnel as personnel_facts
from assessment.projections.facts.known import Mapper, Memory, NoMemory
from assessment.projections.facts.rows import write
from shared.contracts import IntegrationEvent
from shared.messaging.envelope import Envelope


@dataclass(frozen=True)
class ProducerFacts:
    mappers: Mapping[type[IntegrationEvent], Mapper]
    memory: Memory


PRODUCERS: dict[str, ProducerFacts] = {
    "assessment": ProducerFacts(assessment_facts.MAPPERS, NoMemory()),
    "personnel": ProducerFacts(personnel_facts.MAPPERS, personnel_facts.MEMORY),
    "cases": ProducerFacts(cases_facts.MAPPERS, cases_facts.MEMORY),
}

FACTS_PROJECTION = "assessment-facts"


class FactsProjection:
    name = FACTS_PROJECTION
    producers: tuple[str, ...] = tuple(PRODUCERS)
    tables: tuple[str, ...] = ("assessment_facts", "fact_officer_units", "fact_cases")

    async def apply(self, conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> None:
        producer = PRODUCERS.get(envelope.producer)
        if producer is None:
            return
        mapper = producer.mappers.get(type(event))
        if mapper is not None:
            known = await producer.memory.recall(conn, event)
            await write(conn, mapper(event, envelope, known), envelope)
        await producer.memory.remember(conn, event)
