"""F15: a command that meets a held event-table lock fails within the lock timeout, writes nothing,
and the next command succeeds once the lock is released (no ten-fold retry, no hang)."""

from __future__ import annotations

import asyncio
import time

import psycopg
import pytest
from eventsourcing.persistence import OperationalError

from personnel.application import Personnel
from personnel.bootstrap import MIGRATIONS
from personnel.domain import StaffKind, UnitKind
from shared.db.migrate import migrate_url
from shared.db.recorder import FailFastApplicationRecorder
from shared.db.urls import eventsourcing_env


async def test_a_held_table_lock_fails_a_command_fast_and_writes_nothing(database_url: str) -> None:
    await migrate_url(database_url, "personnel", MIGRATIONS)
    personnel = await asyncio.to_thread(
        lambda: Personnel(env=eventsourcing_env(database_url, "personnel", pool_size=2, lock_timeout=1))
    )
    assert isinstance(personnel.recorder, FailFastApplicationRecorder)

    def enroll() -> None:
        personnel.enroll_officer(name="王", unit_id="STN03", staff_kind=StaffKind.PERMANENT)

    await asyncio.to_thread(lambda: personnel.register_unit(code="STN03", name="第三国土资源所", kind=UnitKind.STATION))
    before = await asyncio.to_thread(personnel.recorder.max_notification_id)
    try:
        with psycopg.connect(database_url) as holder:
            holder.execute("LOCK TABLE personnel.personnel_events IN EXCLUSIVE MODE")
            started = time.monotonic()
            with pytest.raises(OperationalError):
                await asyncio.to_thread(enroll)
            elapsed = time.monotonic() - started
            holder.rollback()
        assert elapsed < 3.0  # one lock timeout (1 s), not ten
        assert await asyncio.to_thread(personnel.recorder.max_notification_id) == before  # nothing written
        await asyncio.to_thread(enroll)
        assert await asyncio.to_thread(personnel.recorder.max_notification_id) == 2  # the unit, then the officer
    finally:
        personnel.close()
