"""Rewards through assessment's routes on a real PostgreSQL: granted by the leadership only, every
refusal a problem+json naming the rule, the reward shown with the ranking line it rests on, and
listed (units their own) once the decisions projection has applied the public event."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any

import asyncpg
import httpx
import pytest

from assessment.api import routers
from assessment.application import Assessments, InMemoryFacts
from assessment.bootstrap import MIGRATIONS
from assessment.domain.periods import SubjectType
from assessment.integration import to_integration_event
from assessment.projections.decisions import DecisionsProjection
from shared.db.urls import eventsourcing_env
from shared.domain import CommandContext, FixedClock, command_context
from tests.support.pools import migrated_pool
from tests.support.relayed import relayed
from tests.support.service_app import GatewaySigner, service_client
from tests.unit.assessment.facts import fact

SCORES = {"STN01": 95, "STN02": 90, "STN03": 85, "STN04": 60, "STN05": 55, "STN06": 50}
GRANT = {"kind": "commendation", "granted_by": "局长办公会", "granted_at": "2018-04-09T10:00:00+08:00"}


@pytest.fixture
async def pool(database_url: str) -> AsyncIterator[asyncpg.Pool]:
    async with migrated_pool(database_url, "assessment", MIGRATIONS) as opened:
        yield opened


@pytest.fixture
def application(database_url: str, pool: asyncpg.Pool, fixed_clock: FixedClock) -> Iterator[Assessments]:
    """March 2018 ranked for six stations, on PostgreSQL; the clock then on 10 April."""
    facts = InMemoryFacts()
    facts.add(
        *(
            fact(unit, "external_evaluation.public_score", value, day=date(2018, 3, 10), producer="assessment")
            for unit, value in SCORES.items()
        )
    )
    app = Assessments(env=eventsourcing_env(database_url, "assessment", pool_size=2), facts=facts)
    app.ensure_default_rules()
    fixed_clock.set(datetime(2018, 4, 2, 2, tzinfo=UTC))
    with command_context(CommandContext("secretariat-wang", "assessment_secretariat", "close-2018-03")):
        app.close_period(SubjectType.UNIT, "2018-03")
    fixed_clock.set(datetime(2018, 4, 10, 2, tzinfo=UTC))
    yield app
    app.close()


@pytest.fixture
def signer() -> GatewaySigner:
    return GatewaySigner("assessment")


@pytest.fixture
async def client(
    pool: asyncpg.Pool, application: Assessments, signer: GatewaySigner
) -> AsyncIterator[httpx.AsyncClient]:
    async with service_client(signer, routers(), application=application, pool=pool) as opened:
        yield opened


async def project(application: Assessments, pool: asyncpg.Pool) -> None:
    for event, envelope in relayed(application, "assessment", to_integration_event):
        async with pool.acquire() as conn, conn.transaction():
            await DecisionsProjection().apply(conn, event, envelope)


def code(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return str(body["code"])


async def test_rewards_through_the_routes(
    client: httpx.AsyncClient, signer: GatewaySigner, application: Assessments, pool: asyncpg.Pool
) -> None:
    async def post(subject_id: str, role: str = "director", **changes: str) -> httpx.Response:
        return await client.post(
            "/rankings/unit/2018-03/rewards",
            json={**GRANT, "subject_id": subject_id, **changes},
            headers=signer.headers(role),
        )

    before = application.recorder.max_notification_id()
    assert code(await post("STN01", role="assessment_secretariat"), 403) == "forbidden"
    assert code(await post("STN01", kind="medal"), 422) == "validation_failed"
    assert code(await post("STN05"), 409) == "reward_for_bottom_place"
    assert code(await post("STN09"), 404) == "subject_not_ranked"
    assert code(await post("STN01", granted_at="2018-03-30T10:00:00+08:00"), 409) == "reward_before_period_end"
    assert application.recorder.max_notification_id() == before

    granted = await post("STN01")
    assert granted.status_code == 201, granted.text
    reward_id = granted.json()["id"]
    assert granted.headers["location"] == f"/rewards/{reward_id}"
    assert code(await post("STN01"), 409) == "reward_already_granted"
    assert (await post("STN02", kind="advanced")).status_code == 201

    shown = (await client.get(f"/rewards/{reward_id}", headers=signer.headers("auditor"))).json()
    assert (shown["kind"], shown["subject_id"], shown["granted_at"]) == (
        "commendation",
        "STN01",
        "2018-04-09T10:00:00+08:00",  # as decided, with its offset
    )
    assert (shown["rests_on"]["row"]["rank"], shown["rests_on"]["row"]["grade"]) == (1, "excellent")
    assert [(h["event_type"], h["actor"]["id"]) for h in shown["history"]] == [("Reward.Granted", "user-director-None")]

    await project(application, pool)
    listed = (await client.get("/rewards", params={"period": "2018-03"}, headers=signer.headers("director"))).json()
    assert sorted((r["subject_id"], r["kind"]) for r in listed["rewards"]) == [
        ("STN01", "commendation"),
        ("STN02", "advanced"),
    ]
    own = (await client.get("/rewards", headers=signer.headers("unit_head", "STN02"))).json()
    assert [(r["subject_id"], r["rank"]) for r in own["rewards"]] == [("STN02", 2)]
