"""Integration fixtures: the backbone against the session's PostgreSQL and a fresh NATS."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.backbone import Backbone


@pytest.fixture
async def backbone(database_url: str, nats_url: str) -> AsyncIterator[Backbone]:
    opened = await Backbone(database_url, nats_url).open()
    yield opened
    await opened.close()
