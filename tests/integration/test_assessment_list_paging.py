"""Assessment's lists of ranking lines, decisions, matters, complaints and audit events, through their
routes on a real PostgreSQL: read a few items at a time, each list gives every item once, in the
order it gives them in one page, with its filters kept from page to page and no cursor after the
last page; a cursor the list did not give out is refused."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import httpx
import pytest

from assessment.api import routers
from assessment.application import Assessments, InMemoryFacts
from assessment.bootstrap import MIGRATIONS
from assessment.domain.entries import EvaluationMethod
from assessment.domain.periods import SubjectType
from shared.db.urls import eventsourcing_env
from shared.domain import CommandContext, command_context
from tests.support.pools import migrated_pool
from tests.support.service_app import GatewaySigner, service_client

AT = datetime(2018, 4, 2, 2, 0, tzinfo=UTC)
SECRETARIAT = CommandContext(actor_id="secretariat-wang", actor_role="assessment_secretariat", correlation_id="p")

# Unit lines of months, a quarter and a year, with a tie in rank (STN02 and STN03 in March), and an
# officer line the `subject_type` filter leaves out. Text order puts 2018-Q1 above 2018-03 and the
# year 2018 below its months: the list keeps that order.
RANKING_LINES = [
    ("unit", "2017-12", "monthly", "STN01", 1),
    ("unit", "2017-12", "monthly", "STN02", 2),
    ("unit", "2018", "annual", "STN01", 1),
    ("unit", "2018-02", "monthly", "STN02", 1),
    ("unit", "2018-02", "monthly", "STN01", 2),
    ("unit", "2018-03", "monthly", "STN03", 2),
    ("unit", "2018-03", "monthly", "STN01", 1),
    ("unit", "2018-03", "monthly", "STN02", 2),
    ("unit", "2018-03", "monthly", "STN04", 4),
    ("unit", "2018-Q1", "quarterly", "STN04", 1),
    ("unit", "2018-Q1", "quarterly", "STN01", 3),
    ("officer", "2018-Q1", "quarterly", "5d1e7c20-0000-4000-8000-000000000003", 1),
]
UNIT_LINES_IN_ORDER = [
    ("2018-Q1", "STN04"),
    ("2018-Q1", "STN01"),
    ("2018-03", "STN01"),
    ("2018-03", "STN02"),
    ("2018-03", "STN03"),
    ("2018-03", "STN04"),
    ("2018-02", "STN02"),
    ("2018-02", "STN01"),
    ("2018", "STN01"),
    ("2017-12", "STN01"),
    ("2017-12", "STN02"),
]


@dataclass
class Rows:
    """The ids of the rows written, for the lists to be checked against."""

    decisions: dict[UUID, tuple[str, str]]  # id -> (period, unit)
    matters: dict[UUID, str]  # id -> unit
    complaints: dict[UUID, str]  # id -> status


@pytest.fixture
async def pool(database_url: str) -> AsyncIterator[asyncpg.Pool]:
    async with migrated_pool(database_url, "assessment", MIGRATIONS) as opened:
        yield opened


@pytest.fixture
async def rows(pool: asyncpg.Pool) -> Rows:
    """The rows the `assessment-decisions` projection would have written."""
    for subject_type, period, kind, subject, rank in RANKING_LINES:
        await pool.execute(
            "INSERT INTO ranking_lines (period_id, subject_type, period, kind, subject_id, unit_id, score, rank, grade,"
            " bottom, scheme_version, published_at, published_by, event_id)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'good', false, 1, $9, 'secretariat-wang', $10)",
            uuid4(),
            subject_type,
            period,
            kind,
            subject,
            subject if subject_type == "unit" else "STN01",
            Decimal(90 - rank),
            rank,
            AT,
            uuid4(),
        )
    decisions = {uuid4(): ("2018-03" if n < 5 else "2018-02", f"STN0{n % 2 + 1}") for n in range(7)}
    for decision_id, (period, unit) in decisions.items():
        await pool.execute(
            "INSERT INTO decisions (decision_id, kind, period_id, period, subject_type, subject_id, unit_id, status,"
            " scheme_version, detail, made_at, made_event_id)"
            " VALUES ($1, 'admonishment_talk', $2, $3, 'unit', $4, $4, 'required', 1, $5::jsonb, $6, $7)",
            decision_id,
            uuid4(),
            period,
            unit,
            json.dumps({}),
            AT,
            uuid4(),
        )
    matters = {uuid4(): f"STN0{n % 2 + 1}" for n in range(7)}
    for matter_id, unit in matters.items():
        await pool.execute(
            "INSERT INTO matters (matter_id, category, trigger, unit_id, suspected_officer_ids, trigger_event_ids,"
            " raised_on, raised_by, status, raised_event_id)"
            " VALUES ($1, 'inaction', 'deadline_breach', $2, '{}', '{}', $3, 'legal-li', 'raised', $4)",
            matter_id,
            unit,
            date(2018, 4, 2),
            uuid4(),
        )
    complaints = {uuid4(): "received" if n < 5 else "not_upheld" for n in range(7)}
    for complaint_id, status in complaints.items():
        await pool.execute(
            "INSERT INTO complaints (complaint_id, channel, subject_type, subject_id, unit_id, status, received_at,"
            " received_by) VALUES ($1, 'hotline_12336', 'unit', 'STN01', 'STN01', $2, $3, 'secretariat-wang')",
            complaint_id,
            status,
            AT,
        )
    return Rows(decisions, matters, complaints)


@pytest.fixture
def application(database_url: str, pool: asyncpg.Pool) -> Iterator[Assessments]:
    """Assessment's event store on PostgreSQL with the default rules and five entries recorded."""
    app = Assessments(env=eventsourcing_env(database_url, "assessment", pool_size=2), facts=InMemoryFacts())
    app.ensure_default_rules()
    for n in range(5):
        record_evaluation(app, f"STN0{n + 1}")
    yield app
    app.close()


def record_evaluation(app: Assessments, unit: str) -> None:
    with command_context(SECRETARIAT):
        app.record_public_evaluation(
            subject_type=SubjectType.UNIT,
            subject_id=unit,
            unit_id=unit,
            counts_for=date(2018, 3, 10),
            method=EvaluationMethod.CARD,
            score=Decimal(90),
            sample_size=20,
            evidence_ref="评议卡 2018-03",
        )


@pytest.fixture
def signer() -> GatewaySigner:
    return GatewaySigner("assessment")


@pytest.fixture
async def client(
    pool: asyncpg.Pool, application: Assessments, signer: GatewaySigner
) -> AsyncIterator[httpx.AsyncClient]:
    async with service_client(signer, routers(), application=application, pool=pool) as opened:
        yield opened


@dataclass(frozen=True)
class Reader:
    client: httpx.AsyncClient
    signer: GatewaySigner
    role: str = "director"
    unit: str | None = None

    async def get(self, path: str, **params: Any) -> httpx.Response:
        return await self.client.get(path, params=params, headers=self.signer.headers(self.role, self.unit))

    async def page(self, path: str, **params: Any) -> dict[str, Any]:
        response = await self.get(path, **params)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def walk(self, path: str, items: str, limit: int, **params: Any) -> list[dict[str, Any]]:
        """Every item, `limit` at a time: every page but the last is full and names the next one."""
        page = await self.page(path, limit=limit, **params)
        found = list(page[items])
        while page["next_cursor"] is not None:
            assert len(page[items]) == limit, page
            assert len(found) <= 200, "pages never end: a cursor gives the same items again"
            page = await self.page(path, limit=limit, cursor=page["next_cursor"], **params)
            found += page[items]
        assert 0 < len(page[items]) <= limit  # no empty page after a full last one
        return found


@dataclass(frozen=True)
class Case:
    path: str
    items: str
    key: Callable[[dict[str, Any]], Any]  # what tells two items apart
    params: dict[str, Any]
    expected: Callable[[Rows], list[Any]]  # the keys the list must give, in no particular order
    role: str = "director"
    unit: str | None = None


CASES = {
    "ranking lines of units": Case(
        "/rankings",
        "lines",
        lambda r: (r["period"], r["subject_id"]),
        {"subject_type": "unit"},
        lambda _: UNIT_LINES_IN_ORDER,
    ),
    "one unit's ranking lines": Case(
        "/rankings",
        "lines",
        lambda r: (r["period"], r["subject_id"]),
        {"subject_type": "unit", "subject_id": "STN01"},
        lambda _: [line for line in UNIT_LINES_IN_ORDER if line[1] == "STN01"],
    ),
    "decisions": Case("/decisions", "decisions", lambda d: UUID(d["decision_id"]), {}, lambda r: list(r.decisions)),
    "decisions of a month": Case(
        "/decisions",
        "decisions",
        lambda d: UUID(d["decision_id"]),
        {"period": "2018-03"},
        lambda r: [d for d, (period, _) in r.decisions.items() if period == "2018-03"],
    ),
    "matters": Case("/matters", "matters", lambda m: UUID(m["matter_id"]), {}, lambda r: list(r.matters)),
    "a unit head's matters": Case(
        "/matters",
        "matters",
        lambda m: UUID(m["matter_id"]),
        {},
        lambda r: [m for m, unit in r.matters.items() if unit == "STN01"],
        role="unit_head",
        unit="STN01",
    ),
    "complaints": Case(
        "/complaints", "complaints", lambda c: UUID(c["complaint_id"]), {}, lambda r: list(r.complaints)
    ),
    "complaints received": Case(
        "/complaints",
        "complaints",
        lambda c: UUID(c["complaint_id"]),
        {"status": "received"},
        lambda r: [c for c, status in r.complaints.items() if status == "received"],
    ),
}


@pytest.mark.parametrize("name", CASES)
async def test_small_pages_give_every_item_once_in_the_order_of_one_page(
    name: str, rows: Rows, client: httpx.AsyncClient, signer: GatewaySigner
) -> None:
    case = CASES[name]
    reader = Reader(client, signer, case.role, case.unit)
    whole = await reader.page(case.path, limit=200, **case.params)
    assert whole["next_cursor"] is None
    keys = [case.key(item) for item in whole[case.items]]
    assert sorted(keys) == sorted(case.expected(rows))
    for limit in (1, 2, 3):
        paged = await reader.walk(case.path, case.items, limit, **case.params)
        assert [case.key(item) for item in paged] == keys, limit


async def test_ranking_lines_come_newest_period_first_then_by_rank_and_subject(
    rows: Rows, client: httpx.AsyncClient, signer: GatewaySigner
) -> None:
    lines = await Reader(client, signer).walk("/rankings", "lines", 2, subject_type="unit")
    assert [(line["period"], line["subject_id"]) for line in lines] == UNIT_LINES_IN_ORDER


async def test_audit_events_page_by_position_and_an_event_recorded_meanwhile_comes_on_a_later_page(
    application: Assessments, client: httpx.AsyncClient, signer: GatewaySigner
) -> None:
    auditor = Reader(client, signer, "auditor")
    whole = await auditor.page("/audit/events", limit=200)
    assert whole["next_cursor"] is None
    positions = [e["position"] for e in whole["events"]]
    assert len(positions) >= 7  # the default rules and five entries
    assert positions == sorted(set(positions))
    for limit in (1, 2, 3):
        assert [e["position"] for e in await auditor.walk("/audit/events", "events", limit)] == positions

    first = await auditor.page("/audit/events", limit=2)
    await asyncio.to_thread(record_evaluation, application, "STN09")
    seen, cursor = [e["position"] for e in first["events"]], first["next_cursor"]
    while cursor is not None:
        page = await auditor.page("/audit/events", limit=2, cursor=cursor)
        seen += [e["position"] for e in page["events"]]
        cursor = page["next_cursor"]
    assert seen[: len(positions)] == positions
    assert len(seen) == len(positions) + 1
    assert seen[-1] > positions[-1]


LIST_PATHS = {
    "/rankings": ("lines", {"subject_type": "unit"}),
    "/decisions": ("decisions", {}),
    "/matters": ("matters", {}),
    "/complaints": ("complaints", {}),
    "/audit/events": ("events", {}),
}


@pytest.mark.parametrize("path", LIST_PATHS)
async def test_a_cursor_the_list_did_not_give_out_is_refused(
    path: str, rows: Rows, client: httpx.AsyncClient, signer: GatewaySigner
) -> None:
    reader = Reader(client, signer, "auditor")
    items, params = LIST_PATHS[path]
    other_path = "/decisions" if path != "/decisions" else "/matters"
    _, other_params = LIST_PATHS[other_path]
    others = await reader.page(other_path, limit=1, **other_params)
    assert others["next_cursor"] is not None
    for cursor in ("bm90LWEtY3Vyc29y", others["next_cursor"]):  # garbage; another list's cursor
        response = await reader.get(path, limit=1, cursor=cursor, **params)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "invalid_cursor"
    assert len((await reader.page(path, limit=1, **params))[items]) == 1
