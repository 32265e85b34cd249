"""Fixtures of the land-area unit tests: the cases application in memory, on a clock we move."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest

from cases.application import Cases
from shared.domain import CommandContext, FixedClock, command_context


@pytest.fixture
def cases(fixed_clock: FixedClock) -> Cases:
    """The application with in-memory persistence; the clock starts on 2018-03-01, 17:00 in Beijing."""
    return Cases()


@contextmanager
def acting_as(role: str, unit: str | None = None, actor: str = "u-1") -> Iterator[CommandContext]:
    with command_context(CommandContext(actor_id=actor, actor_role=role, correlation_id="c", actor_unit=unit)) as ctx:
        yield ctx


def at(day: str, hour: int = 10) -> datetime:
    """A business time on `day` (ISO date), in UTC, during Beijing office hours."""
    return datetime.fromisoformat(day).replace(hour=hour - 8, tzinfo=UTC)
