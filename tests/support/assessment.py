"""Assessment in-process against real PostgreSQL and NATS: its event store, its relay and its
projections, each runnable and stoppable by a test; a producer's stream copied message by message
(to deliver everything twice); and a driver that writes facts directly.

`ScenarioFacts` produces facts per unit per month from a table of monthly values and writes them
either into an `InMemoryFacts` or straight into the facts table (as a projection would, cursor
included), for tests of ranking and decisions alone. The scenario through personnel's and cases'
real events is `tests/e2e/test_assessment_scenario.py`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import asyncpg
import nats
from nats.aio.client import Client
from nats.js import JetStreamContext

from assessment.application import Assessments
from assessment.bootstrap import MIGRATIONS
from assessment.domain.facts import Fact, FactCategory, fact_id_for
from assessment.domain.periods import SubjectType
from assessment.integration import to_integration_event
from assessment.projections.facts import FACTS_PROJECTION
from assessment.readmodel.facts import PostgresFacts
from assessment.readmodel.unit_heads import PostgresUnitHeads
from shared.db.migrate import migrate_url
from shared.db.pool import create_pool
from shared.db.urls import eventsourcing_env
from shared.domain import CommandContext, command_context
from shared.messaging.consumer import ProjectionRunner
from shared.messaging.projection import Projection
from shared.messaging.relay import Relay
from tests.support.jobs import Jobs, Running

T = TypeVar("T")

SECRETARIAT = CommandContext(actor_id="secretariat-wang", actor_role="assessment_secretariat", correlation_id="s")
DIRECTOR = CommandContext(actor_id="director-zhang", actor_role="director", correlation_id="d")


@dataclass
class AssessmentHarness:
    database_url: str
    nats_url: str
    app: Assessments = field(init=False)
    pool: asyncpg.Pool = field(init=False)
    nc: Client = field(init=False)
    jobs: Jobs = field(default_factory=Jobs)

    async def open(self) -> AssessmentHarness:
        await migrate_url(self.database_url, "assessment", MIGRATIONS)
        self.app = await asyncio.to_thread(self._build)
        self.pool = await create_pool(self.database_url, "assessment", max_size=4)
        self.nc = await nats.connect(self.nats_url, max_reconnect_attempts=-1, reconnect_time_wait=0.2)
        return self

    def _build(self) -> Assessments:
        env = eventsourcing_env(self.database_url, "assessment", pool_size=4)
        application = Assessments(
            env=env,
            facts=PostgresFacts(self.database_url, "assessment"),
            unit_heads=PostgresUnitHeads(self.database_url, "assessment"),
        )
        application.ensure_default_rules()
        return application

    async def close(self) -> None:
        await self.jobs.halt_all()
        await self.nc.close()
        await self.pool.close()
        self.app.close()

    async def call(self, command: Callable[[], T], *, as_: CommandContext = SECRETARIAT) -> T:
        """Run a command of the (synchronous) application in a thread, as `as_`."""

        def run() -> T:
            with command_context(as_):
                return command()

        return await asyncio.to_thread(run)

    def relay(self) -> Relay:
        return Relay(
            producer="assessment",
            recorder=self.app.recorder,
            mapper=self.app.mapper,
            translate=to_integration_event,
            nc=self.nc,
            pool=self.pool,
            channel="assessment_events",
            idle_seconds=0.2,
        )

    def runner(self, projection: Projection, producer: str = "assessment") -> ProjectionRunner:
        return ProjectionRunner(projection, producer, js=self.nc.jetstream(), pool=self.pool)

    def start(self, job: Any) -> Running:
        return self.jobs.start(job)

    async def applied(self, projection: str) -> int:
        return int(await self.pool.fetchval("SELECT count(*) FROM consumer_applied WHERE projection = $1", projection))

    async def public_events(self) -> int:
        """How many public events the event store holds (what a caught-up projection has applied)."""

        def count() -> int:
            notifications = self.app.recorder.select_notifications(start=1, limit=1_000_000)
            return sum(1 for n in notifications if to_integration_event(self.app.mapper.to_domain_event(n)))

        return await asyncio.to_thread(count)

    async def stored_event_types(self) -> list[str]:
        def types() -> list[str]:
            notifications = self.app.recorder.select_notifications(start=1, limit=1_000_000)
            return [n.topic.rsplit(":", 1)[-1] for n in notifications]

        return await asyncio.to_thread(types)

    async def write_facts(self, facts: Iterable[Fact]) -> None:
        """Write facts straight into the facts table, moving the producer's cursor as a projection does."""
        facts = list(facts)
        async with self.pool.acquire() as conn, conn.transaction():
            for f in facts:
                await conn.execute(
                    "INSERT INTO assessment_facts (fact_id, subject_type, subject_id, unit_id, category, code, value,"
                    " counts_for, retracts, source_producer, source_position, source_event_id, source_event_type,"
                    " occurred_at, recorded_at, detail)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now(), now(), '{}')",
                    f.fact_id,
                    f.subject_type.value,
                    f.subject_id,
                    f.unit_id,
                    f.category.value,
                    f.code,
                    f.value,
                    f.counts_for,
                    f.retracts,
                    f.source_producer,
                    f.source_position,
                    f.source_event_id,
                    f.source_event_type,
                )
            for producer in {f.source_producer for f in facts}:
                position = max(f.source_position for f in facts if f.source_producer == producer)
                await conn.execute(
                    "INSERT INTO consumer_cursor (projection, producer, position) VALUES ($1, $2, $3)"
                    " ON CONFLICT (projection, producer) DO UPDATE"
                    " SET position = GREATEST(consumer_cursor.position, EXCLUDED.position)",
                    FACTS_PROJECTION,
                    producer,
                    position,
                )


@dataclass
class ScenarioFacts:
    """Facts of a scripted scenario, positioned as one producer would publish them."""

    producer: str = "scenario"
    position: int = 0

    def fact(
        self,
        subject_id: str,
        code: str,
        value: Decimal | int | str,
        day: date,
        *,
        category: FactCategory = FactCategory.MEASURE,
        subject_type: SubjectType = SubjectType.UNIT,
        unit_id: str | None = None,
        retracts: Fact | None = None,
    ) -> Fact:
        self.position += 1
        key = f"{self.producer}/{self.position}"
        return Fact(
            fact_id=fact_id_for(key),
            subject_type=subject_type,
            subject_id=subject_id,
            unit_id=unit_id or subject_id,
            category=FactCategory.RETRACTION if retracts else category,
            code=code,
            value=Decimal(str(value)),
            counts_for=day,
            source_event_id=fact_id_for(f"event/{key}"),
            source_producer=self.producer,
            source_position=self.position,
            source_event_type=f"{self.producer}.fact.recorded.v1",
            retracts=retracts.fact_id if retracts else None,
        )

    def month(self, year: int, month: int, per_unit: dict[str, dict[str, list[int | str]]]) -> list[Fact]:
        """`per_unit`: unit -> fact code -> the values of its facts in that month (dated the 10th)."""
        day = date(year, month, 10)
        return [
            self.fact(unit, code, value, day)
            for unit, codes in sorted(per_unit.items())
            for code, values in sorted(codes.items())
            for value in values
        ]


async def deliver_again(js: JetStreamContext, stream: str) -> int:
    """Publish every message of `stream` a second time under a new `Nats-Msg-Id`, so JetStream keeps
    the copies and only the consumers can recognise them; answer how many were copied."""
    info = await js.stream_info(stream)
    total = info.state.last_seq
    for seq in range(info.state.first_seq, total + 1):
        message = await js.get_msg(stream, seq)
        assert message.subject is not None
        assert message.data is not None
        ack = await js.publish(message.subject, message.data, headers={"Nats-Msg-Id": f"copy-{stream}-{seq}"})
        assert not ack.duplicate
    return total - info.state.first_seq + 1


async def table_dump(pool: asyncpg.Pool, table: str) -> list[str]:
    rows = await pool.fetch(f'SELECT t::text AS row FROM "{table}" t ORDER BY 1')
    return [row["row"] for row in rows]


def as_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)
