"""The lists of leads and cases, projected from cases' own public events on PostgreSQL: what a unit
sees, paged; and a rebuild from the same events gives the same rows."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest

from cases.bootstrap import MIGRATIONS
from cases.domain.penalties import Penalty
from cases.integration import to_integration_event
from cases.projections.procedure_index import ProcedureIndexProjection
from cases.readmodel.procedure_index import list_cases, list_leads
from shared.contracts import IntegrationEvent
from shared.messaging.envelope import Envelope
from tests.support.backbone import table_dump
from tests.support.pools import migrated_pool
from tests.unit.cases.procedure.support import World, at, decided_case, new_world, publish, serve


@pytest.fixture
def world() -> Iterator[World]:
    yield from new_world()


@pytest.fixture
async def pool(database_url: str) -> AsyncIterator[asyncpg.Pool]:
    async with migrated_pool(database_url, "cases", MIGRATIONS) as opened:
        yield opened


def public_events(world: World) -> list[IntegrationEvent]:
    notifications = world.cases.recorder.select_notifications(start=1, limit=10_000)
    events = [to_integration_event(world.cases.mapper.to_domain_event(n)) for n in notifications]
    return [e for e in events if e is not None]


async def project(pool: asyncpg.Pool, events: list[IntegrationEvent]) -> None:
    projection = ProcedureIndexProjection()
    async with pool.acquire() as conn, conn.transaction():
        for event in events:
            # A partial envelope, unvalidated; the pydantic plugin types model_construct as the constructor.
            await projection.apply(conn, event, Envelope.model_construct())  # type: ignore[call-arg]


async def test_a_unit_lists_its_leads_and_cases_and_a_rebuild_gives_the_same_rows(
    world: World, pool: asyncpg.Pool
) -> None:
    archived = decided_case(world, "MJ-2018-001", penalties=[Penalty("warning")])
    serve(world, archived)
    publish(world, archived)
    world.cases.close_case(archived, reason="executed", form_no="JA-1", approved_by=world.director, closed_at=None)
    world.cases.archive_case(archived, archive_no="AR-1", catalogue_no="ML-1", volumes=1, pages=9, archived_at=None)
    open_case = world.filed_case("MJ-2018-002")
    lead = world.lead("L-OPEN", received_at=at("2018-03-03"))
    taken = world.lead("L-TAKEN")
    world.verify(taken)
    world.cases.take_over_lead(
        taken, superior="洛阳市国土资源局", reason="complex", letter_no="洛国土资函 9", taken_over_at=at("2018-03-06")
    )
    world.cases.watch_deadlines()  # the clock stands at the end of 2018: every open deadline is missed
    events = public_events(world)
    await project(pool, events)

    cases = await list_cases(pool, unit_id="STN03", stage=None, breached_only=False, limit=10, cursor=None)
    assert [(c["case_no"], c["stage"]) for c in cases.items] == [
        ("MJ-2018-002", "investigating"),
        ("MJ-2018-001", "archived"),
    ]
    assert cases.items[0]["breaches"] == ["decision"]
    first = await list_cases(pool, unit_id="STN03", stage=None, breached_only=False, limit=1, cursor=None)
    second = await list_cases(pool, unit_id="STN03", stage=None, breached_only=False, limit=1, cursor=first.next_cursor)
    assert [c["case_id"] for c in first.items + second.items] == [open_case, archived]
    assert second.next_cursor is None
    leads = await list_leads(pool, unit_id="STN03", open_only=True, limit=10, cursor=None)
    assert [(item["lead_id"], item["breaches"]) for item in leads.items] == [(lead, ["verification"])]
    every = await list_leads(pool, unit_id="STN03", open_only=False, limit=10, cursor=None)
    assert next(item for item in every.items if item["lead_id"] == taken)["settlement"] == "taken_over"
    assert (await list_leads(pool, unit_id="STN05", open_only=False, limit=10, cursor=None)).items == []

    before = {table: await table_dump(pool, table) for table in ProcedureIndexProjection.tables}
    await pool.execute("TRUNCATE procedure_leads, procedure_cases")
    await project(pool, events)
    await project(pool, events)  # a redelivered batch changes nothing either
    assert {table: await table_dump(pool, table) for table in ProcedureIndexProjection.tables} == before
