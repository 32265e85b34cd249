"""Attempts with one Idempotency-Key in flight together on real PostgreSQL: every attempt passes its
replay check before any saves, then all save at once; one commits and the others answer its result."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from personnel.application import Personnel
from personnel.bootstrap import MIGRATIONS
from personnel.domain import StaffKind, UnitKind
from shared.application import CommandOutcome
from shared.db.migrate import migrate_url
from shared.db.urls import eventsourcing_env
from shared.domain import CommandContext, FixedClock, command_context

ATTEMPTS = 4


@pytest.fixture
async def personnel(database_url: str, fixed_clock: FixedClock) -> AsyncIterator[Personnel]:
    await migrate_url(database_url, "personnel", MIGRATIONS)
    env = eventsourcing_env(database_url, "personnel", pool_size=ATTEMPTS)
    application = await asyncio.to_thread(lambda: Personnel(env=env))
    yield application
    application.close()


def in_flight_together(personnel: Personnel, command: Callable[[], Any]) -> list[CommandOutcome]:
    """`ATTEMPTS` runs of `command` with one key, each past its replay check before any of them saves."""
    all_checked = threading.Barrier(ATTEMPTS, timeout=10)

    def after_every_check() -> Any:
        all_checked.wait()
        return command()

    def attempt() -> CommandOutcome:
        with command_context(CommandContext(actor_id="u-1", actor_role="director", correlation_id="c")):
            return personnel.run_command(after_every_check, idempotency_key="k", fingerprint="f")

    with ThreadPoolExecutor(ATTEMPTS) as pool:
        return [future.result() for future in [pool.submit(attempt) for _ in range(ATTEMPTS)]]


def recorded(personnel: Personnel, topic_end: str) -> int:
    return sum(n.topic.endswith(topic_end) for n in personnel.recorder.select_notifications(1, 1000))


@pytest.mark.parametrize("command", ["register_unit", "enroll_officer"])
def test_one_attempt_commits_and_the_others_answer_its_result(personnel: Personnel, command: str) -> None:
    # `register_unit` turns its own IntegrityError into "already registered"; `enroll_officer` makes
    # a new id each time, so only the key's record stops a second officer.
    commands: dict[str, Callable[[], Any]] = {
        "register_unit": lambda: personnel.register_unit(code="STN42", name="Station 42", kind=UnitKind.STATION),
        "enroll_officer": lambda: personnel.enroll_officer(name="王", unit_id="STN42", staff_kind=StaffKind.PERMANENT),
    }
    if command == "enroll_officer":  # into a registered unit
        personnel.register_unit(code="STN42", name="Station 42", kind=UnitKind.STATION)
    outcomes = in_flight_together(personnel, commands[command])
    assert len({(o.aggregate_id, o.version) for o in outcomes}) == 1
    assert sorted(o.replayed for o in outcomes) == [False] + [True] * (ATTEMPTS - 1)
    assert recorded(personnel, "Unit.Registered" if command == "register_unit" else "Officer.Enrolled") == 1
    assert recorded(personnel, "IdempotencyRecord.Recorded") == 1
