"""Personnel in memory, at a fixed time (2018-03-01 09:00 UTC unless a test moves the clock)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from personnel.application import Personnel
from shared.domain import FixedClock


@pytest.fixture
def personnel(fixed_clock: FixedClock) -> Iterator[Personnel]:
    application = Personnel()
    yield application
    application.close()


@pytest.fixture
def clock(fixed_clock: FixedClock) -> FixedClock:
    return fixed_clock
