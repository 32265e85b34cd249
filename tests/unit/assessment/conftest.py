"""An `Assessments` application in memory, at a fixed time, with facts written by the test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from assessment.application import Assessments, InMemoryFacts
from shared.domain import CommandContext, FixedClock, command_context, set_clock


@pytest.fixture
def clock() -> Iterator[FixedClock]:
    clock = FixedClock(datetime(2018, 3, 20, 2, 0, tzinfo=UTC))
    previous = set_clock(clock)
    yield clock
    set_clock(previous)


@pytest.fixture
def facts() -> InMemoryFacts:
    return InMemoryFacts()


@pytest.fixture
def app(clock: FixedClock, facts: InMemoryFacts) -> Iterator[Assessments]:
    application = Assessments(facts=facts, unit_heads=lambda unit, on: f"head-of-{unit}")
    application.ensure_default_rules()
    with command_context(
        CommandContext(actor_id="secretariat-wang", actor_role="assessment_secretariat", correlation_id="t")
    ):
        yield application
    application.close()


def at(clock: FixedClock, day: str) -> None:
    """Move the clock to 10:00 bureau time on `day` (YYYY-MM-DD)."""
    clock.set(datetime.fromisoformat(f"{day}T02:00:00+00:00"))


def as_director() -> CommandContext:
    return CommandContext(actor_id="director-zhang", actor_role="director", correlation_id="d")
