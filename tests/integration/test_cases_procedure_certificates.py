"""Who may act, against the real projection: a certificate revoked between two steps of the same case
makes the later step refuse that officer (PostgreSQL; the enforcers table as personnel's events fill it)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import asyncpg
import pytest

from cases.domain.enforcers import OfficerCannotEnforceError
from cases.projections.enforcers import EnforcersProjection
from cases.readmodel.connections import ReadModelConnections
from cases.readmodel.standing import ProjectedEnforcerDirectory
from shared.contracts.personnel import CertificateIssuedV1, CertificateRevokedV1
from shared.messaging.envelope import Envelope
from tests.support.cases_store import cases_on_postgres
from tests.unit.cases.procedure.support import World, acting, at, shown


@pytest.fixture
async def projected(database_url: str) -> AsyncIterator[tuple[World, asyncpg.Pool]]:
    directory = ProjectedEnforcerDirectory(ReadModelConnections(database_url, "cases"))
    async with cases_on_postgres(database_url, enforcers=directory) as projected:
        yield projected


async def issue(pool: asyncpg.Pool, officer: UUID, number: str) -> None:
    """A certificate as the cases-enforcers projection records personnel's CertificateIssued event."""
    event = CertificateIssuedV1(
        certificate_id=uuid4(),
        certificate_no=number,
        officer_id=officer,
        issuer="henan_provincial_gov",
        kind="enforcement",
        scope_field="land_resources",
        scope_area="410322",
        issued_on=date(2017, 6, 1),
        expires_on=date(2022, 6, 1),
        issued_at=datetime(2017, 6, 1, 1, tzinfo=UTC),
    )
    async with pool.acquire() as conn, conn.transaction():
        # A partial envelope, unvalidated; the pydantic plugin types model_construct as the constructor.
        await EnforcersProjection().apply(conn, event, Envelope.model_construct())  # type: ignore[call-arg]


async def revoke(pool: asyncpg.Pool, officer: UUID, number: str, revoked_at: datetime) -> None:
    """Personnel's revocation, applied by the same projection that consumes it from NATS."""
    event = CertificateRevokedV1(
        certificate_id=uuid4(),
        certificate_no=number,
        officer_id=officer,
        reason="serious_fault",
        revoked_at=revoked_at,
        reapply_not_before=None,
        decided_by="director-1",
    )
    async with pool.acquire() as conn, conn.transaction():
        # A partial envelope, unvalidated; the pydantic plugin types model_construct as the constructor.
        await EnforcersProjection().apply(conn, event, Envelope.model_construct(position=99))  # type: ignore[call-arg]


def survey(world: World, case_id: UUID, day: str, *officers: UUID) -> None:
    world.cases.record_site_survey(
        case_id,
        doc_no=f"KC-{day}",
        officers=shown(*officers),
        measured_area_mu=1.0,
        cultivated_mu=1.0,
        basic_farmland_mu=0.0,
        surveyor_org=None,
        map_ref=None,
        surveyed_at=at(day),
    )


async def test_a_certificate_revoked_between_two_steps_refuses_the_later_step(
    projected: tuple[World, asyncpg.Pool],
) -> None:
    world, pool = projected
    for officer, number in ((world.a, "HN-A"), (world.b, "HN-B"), (world.c, "HN-C")):
        await issue(pool, officer, number)

    def first_steps() -> UUID:
        with acting():
            case_id = world.filed_case()
            survey(world, case_id, "2018-03-06", world.a, world.b)
            return case_id

    case_id = await asyncio.to_thread(first_steps)
    await revoke(pool, world.b, "HN-B", datetime(2018, 3, 7, 1, tzinfo=UTC))

    def later_step() -> OfficerCannotEnforceError:
        with acting():
            with pytest.raises(OfficerCannotEnforceError) as refused:
                survey(world, case_id, "2018-03-08", world.a, world.b)
            survey(world, case_id, "2018-03-08", world.a, world.c)
            return refused.value

    refused = await asyncio.to_thread(later_step)
    assert refused.details["officers"] == [{"officer_id": str(world.b), "reason": "revoked", "certificate_no": "HN-B"}]
    surveys = [e for e in world.cases.stored_events(case_id) if type(e).__name__ == "SiteSurveyRecorded"]
    assert [e.certificate_nos for e in surveys] == [["HN-A", "HN-B"], ["HN-A", "HN-C"]]
