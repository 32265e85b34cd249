"""Personnel in memory, at a fixed time (2018-03-01 09:00 UTC unless a test moves the clock), with the
units the tests enrol officers into already registered (`tests.support.personnel.TEST_UNITS`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from personnel.application import Personnel
from shared.domain import FixedClock
from tests.support.personnel import register_units


@pytest.fixture
def personnel(fixed_clock: FixedClock) -> Iterator[Personnel]:
    application = Personnel()
    register_units(application)
    yield application
    application.close()


@pytest.fixture
def clock(fixed_clock: FixedClock) -> FixedClock:
    return fixed_clock
