"""An officer leaving the bureau, as the read models on a real PostgreSQL see it: personnel's
directory marks the officer as gone (and lists staff in service apart), and assessment's roster
ends the officer's posting, so the officer no longer counts among enforcement post holders (the
certified-ratio KPI) nor heads the unit, from the day of leaving; the history keeps the event.
Assessment's facts forget the officer: a later study session of the unit does not expect them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from uuid import UUID

import asyncpg
import pytest

from assessment.bootstrap import MIGRATIONS as ASSESSMENT_MIGRATIONS
from assessment.projections import FactsProjection, RosterProjection
from assessment.readmodel.queries import officer_history, post_holders
from assessment.readmodel.unit_heads import PostgresUnitHeads
from personnel.application import Personnel
from personnel.bootstrap import MIGRATIONS as PERSONNEL_MIGRATIONS
from personnel.domain import DepartureReason, TrainingKind
from personnel.integration import to_integration_event
from personnel.projections.directory import DirectoryProjection
from personnel.readmodel import directory
from shared.domain import FixedClock
from tests.support.personnel import certify, enrol, register_units, train_and_post
from tests.support.pools import migrated_pool
from tests.support.relayed import relayed

LEFT_AT = datetime(2018, 2, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def personnel(fixed_clock: FixedClock) -> Iterator[Personnel]:
    application = Personnel()
    register_units(application)
    yield application
    application.close()


@pytest.fixture
async def pools(database_url: str) -> AsyncIterator[tuple[asyncpg.Pool, asyncpg.Pool]]:
    async with (
        migrated_pool(database_url, "personnel", PERSONNEL_MIGRATIONS) as personnel_pool,
        migrated_pool(database_url, "assessment", ASSESSMENT_MIGRATIONS) as assessment_pool,
    ):
        yield personnel_pool, assessment_pool


async def project(personnel: Personnel, pools: tuple[asyncpg.Pool, asyncpg.Pool], *, facts: bool = False) -> None:
    """Every public event personnel stored, enveloped as the relay publishes it, applied by the
    directory and the roster (and the facts, if asked) as their consumers would."""
    for event, envelope in relayed(personnel, "personnel", to_integration_event):
        async with pools[0].acquire() as conn, conn.transaction():
            await DirectoryProjection().apply(conn, event, envelope)
        async with pools[1].acquire() as conn, conn.transaction():
            await RosterProjection().apply(conn, event, envelope)
            if facts:
                await FactsProjection().apply(conn, event, envelope)


@pytest.fixture
def story(personnel: Personnel) -> tuple[UUID, UUID]:
    """A station head on an enforcement post, certified, who retires on 2018-02-01; a colleague stays."""
    head, colleague = enrol(personnel, "王站长"), enrol(personnel, "李四")
    for officer, number in ((head, "HN-1"), (colleague, "HN-2")):
        train_and_post(personnel, officer.id)
        certify(personnel, officer.id, number)
    personnel.appoint_unit_head("STN03", officer_id=head.id, at=datetime(2017, 7, 1, tzinfo=UTC))
    personnel.record_departure(
        head.id, reason=DepartureReason.RETIRED, note="到龄退休", decided_by="县人社局", at=LEFT_AT
    )
    return head.id, colleague.id


async def test_the_directory_lists_who_left_apart_from_the_staff_in_service(
    personnel: Personnel, pools: tuple[asyncpg.Pool, asyncpg.Pool], story: tuple[UUID, UUID]
) -> None:
    head, colleague = story
    await project(personnel, pools)
    personnel_pool = pools[0]
    in_service = await directory.officers(personnel_pool, "STN03", 50, None, in_service=True)
    departed = await directory.officers(personnel_pool, "STN03", 50, None, in_service=False)
    everyone = await directory.officers(personnel_pool, "STN03", 50, None)
    assert [row["officer_id"] for row in in_service] == [colleague]
    assert [(row["officer_id"], row["departed_at"], row["departure_reason"]) for row in departed] == [
        (head, LEFT_AT, "retired")
    ]
    assert {row["officer_id"] for row in everyone} == {head, colleague}
    status = await personnel_pool.fetchval("SELECT status FROM directory_certificates WHERE certificate_no = 'HN-1'")
    assert status == "cancelled"


async def test_assessment_stops_counting_the_officer_from_the_day_of_leaving(
    personnel: Personnel, pools: tuple[asyncpg.Pool, asyncpg.Pool], story: tuple[UUID, UUID], database_url: str
) -> None:
    head, colleague = story
    await project(personnel, pools)
    assessment_pool = pools[1]

    before, after = date(2018, 1, 31), date(2018, 2, 1)
    holders_before = {(h.officer_id, h.certified) for h in await post_holders(assessment_pool, before)}
    holders_after = {(h.officer_id, h.certified) for h in await post_holders(assessment_pool, after)}
    assert holders_before == {(str(head), True), (str(colleague), True)}
    assert holders_after == {(str(colleague), True)}  # not an uncertified holder dragging the ratio down

    unit_heads = PostgresUnitHeads(database_url, "assessment")
    try:
        assert unit_heads("STN03", before) == str(head)
        assert unit_heads("STN03", after) is None
    finally:
        unit_heads.close()

    entries = await officer_history(assessment_pool, head)
    assert [entry["event_type"] for entry in entries][-2:] == [
        "personnel.officer.departed.v1",
        "personnel.certificate.cancelled.v1",  # the card withdrawn in the same transaction
    ]


async def test_projecting_the_departure_twice_changes_nothing(
    personnel: Personnel, pools: tuple[asyncpg.Pool, asyncpg.Pool], story: tuple[UUID, UUID]
) -> None:
    await project(personnel, pools)
    dump = "SELECT * FROM {} ORDER BY 1, 2"
    first = [await pools[1].fetch(dump.format(table)) for table in ("roster_postings", "officer_history")]
    first_directory = await pools[0].fetch("SELECT * FROM directory_officers ORDER BY officer_id")
    await project(personnel, pools)
    again = [await pools[1].fetch(dump.format(table)) for table in ("roster_postings", "officer_history")]
    assert again == first
    assert await pools[0].fetch("SELECT * FROM directory_officers ORDER BY officer_id") == first_directory


async def test_a_study_session_after_the_departure_expects_only_those_who_stay(
    personnel: Personnel, pools: tuple[asyncpg.Pool, asyncpg.Pool], story: tuple[UUID, UUID]
) -> None:
    head, colleague = story
    personnel.hold_training_session(
        kind=TrainingKind.WEEKLY_FRIDAY,
        held_at=datetime(2018, 2, 2, 8, tzinfo=UTC),
        topics=["土地管理法"],
        trainer="法规股",
        attendee_ids=[colleague],
    )
    await project(personnel, pools, facts=True)
    rows = await pools[1].fetch(
        "SELECT subject_id, code, value, counts_for FROM assessment_facts WHERE subject_type = 'officer'"
        " AND code IN ('training_exam.attendance', 'roster.officer_departed') ORDER BY code"
    )
    assert [(r["subject_id"], r["code"], r["value"], r["counts_for"]) for r in rows] == [
        (str(head), "roster.officer_departed", 1, date(2018, 2, 1)),
        (str(colleague), "training_exam.attendance", 1, date(2018, 2, 2)),
    ]
