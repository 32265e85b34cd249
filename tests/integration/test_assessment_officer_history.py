"""Assessment's copy of an officer's history, through its route on a real PostgreSQL: paging never
skips an entry recorded late with an earlier business time, and an officer's exam results and the
reasons for a removal from the enforcement post are withheld from other units, as personnel does."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import httpx
import pytest

from assessment.api import routers
from assessment.bootstrap import MIGRATIONS
from shared.contracts.personnel import EnforcementPostRemovedV1, ExamTakenV1, OfficerEnrolledV1
from tests.support.pools import migrated_pool
from tests.support.service_app import GatewaySigner, service_client

OFFICER = UUID("5d1e7c20-0000-4000-8000-000000000003")


@pytest.fixture
async def pool(database_url: str) -> AsyncIterator[asyncpg.Pool]:
    async with migrated_pool(database_url, "assessment", MIGRATIONS) as opened:
        await opened.execute(
            "INSERT INTO roster_officers (officer_id, name, unit_id, staff_kind, enrolled_at)"
            " VALUES ($1, '李四', 'STN03', 'permanent', '2017-01-01T00:00:00Z')",
            OFFICER,
        )
        yield opened


@pytest.fixture
def signer() -> GatewaySigner:
    return GatewaySigner("assessment")


@pytest.fixture
async def client(pool: asyncpg.Pool, signer: GatewaySigner) -> AsyncIterator[httpx.AsyncClient]:
    async with service_client(signer, routers(), application=None, pool=pool) as opened:
        yield opened


async def record(pool: asyncpg.Pool, position: int, occurred_at: datetime, event_type: str, **data: Any) -> None:
    """A row as the roster projection writes it for personnel's event at `position`."""
    await pool.execute(
        "INSERT INTO officer_history (officer_id, producer, position, event_id, event_type, aggregate_id,"
        " aggregate_version, occurred_at, recorded_at, actor_id, actor_role, correlation_id, causation_id, payload)"
        " VALUES ($1, 'personnel', $2::bigint, $3, $4, $1, $2::integer, $5, $6, 'hr-wang', 'admin', 'c', '',"
        " $7::jsonb)",
        OFFICER,
        position,
        uuid4(),
        event_type,
        occurred_at,
        datetime(2018, 3, 1, tzinfo=UTC),
        json.dumps({"officer_id": str(OFFICER), **data}),
    )


async def history(
    client: httpx.AsyncClient, signer: GatewaySigner, role: str, unit: str | None = None, **params: Any
) -> dict[str, Any]:
    response = await client.get(f"/officers/{OFFICER}/history", params=params, headers=signer.headers(role, unit))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_paging_never_skips_an_entry_recorded_late_with_an_earlier_business_time(
    pool: asyncpg.Pool, client: httpx.AsyncClient, signer: GatewaySigner
) -> None:
    for day, position in enumerate((10, 20, 30, 40), start=1):
        await record(pool, position, datetime(2018, 1, day, tzinfo=UTC), OfficerEnrolledV1.subject)
    first = await history(client, signer, "director", limit=2)
    assert [e["position"] for e in first["events"]] == [10, 20]

    # Projected after the first page was handed out, dated before everything in it.
    await record(pool, 50, datetime(2017, 12, 1, tzinfo=UTC), OfficerEnrolledV1.subject)
    seen, cursor = [e["position"] for e in first["events"]], first["next_cursor"]
    while cursor is not None:
        page = await history(client, signer, "director", limit=2, cursor=cursor)
        seen += [e["position"] for e in page["events"]]
        cursor = page["next_cursor"]
    assert sorted(seen) == [10, 20, 30, 40, 50]
    assert len(seen) == len(set(seen))

    whole = await history(client, signer, "director", limit=200)  # one page: the whole history, oldest first
    assert [e["position"] for e in whole["events"]] == [50, 10, 20, 30, 40]


async def test_exam_results_and_removal_reasons_are_withheld_from_other_units_but_the_entries_stay(
    pool: asyncpg.Pool, client: httpx.AsyncClient, signer: GatewaySigner
) -> None:
    await record(pool, 1, datetime(2017, 1, 1, tzinfo=UTC), OfficerEnrolledV1.subject, name="李四", unit_id="STN03")
    await record(pool, 2, datetime(2017, 9, 1, tzinfo=UTC), ExamTakenV1.subject, score=58.5, passed=False, pass_mark=60)
    await record(
        pool, 3, datetime(2017, 9, 2, tzinfo=UTC), EnforcementPostRemovedV1.subject,
        reason="exam_failed_twice", note="retake failed", decided_by="system",
    )  # fmt: skip

    for role, unit in (("officer", "STN03"), ("unit_head", "STN03"), ("auditor", None), ("director", None)):
        full = (await history(client, signer, role, unit))["events"]
        assert [e["withheld"] for e in full] == [[], [], []], role
        assert (full[1]["data"]["score"], full[2]["data"]["note"]) == (58.5, "retake failed")

    for role, unit in (("officer", "STN05"), ("unit_head", "STN05")):
        masked = (await history(client, signer, role, unit))["events"]
        assert len(masked) == 3  # the history stays complete
        assert (masked[0]["withheld"], masked[0]["data"]["name"]) == ([], "李四")
        exam, removal = masked[1], masked[2]
        assert exam["withheld"] == ["score", "passed"]
        assert (exam["data"]["score"], exam["data"]["passed"], exam["data"]["pass_mark"]) == (None, None, 60)
        assert removal["withheld"] == ["reason", "note"]
        assert (removal["data"]["reason"], removal["data"]["note"], removal["data"]["decided_by"]) == (
            None,
            None,
            "system",
        )
