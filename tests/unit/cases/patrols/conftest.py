from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.unit.cases.procedure.support import World, new_world


@pytest.fixture
def world() -> Iterator[World]:
    yield from new_world()
