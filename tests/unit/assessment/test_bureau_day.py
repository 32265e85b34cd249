"""'Today' is the bureau's day (Asia/Shanghai), not the UTC date: from 00:00 to 08:00 in the bureau
the UTC date is still the day before."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from assessment.api import routes
from assessment.domain.timing import bureau_today
from assessment.readmodel import queries
from shared.domain import FixedClock, set_clock
from shared.web.pagination import PageRequest


@pytest.fixture
def early_morning() -> Iterator[None]:
    previous = set_clock(FixedClock(datetime(2018, 3, 31, 17, 30, tzinfo=UTC)))  # 01:30 on 1 April in Shanghai
    yield
    set_clock(previous)


def test_today_is_the_bureau_day_not_the_utc_date(early_morning: None) -> None:
    assert bureau_today() == date(2018, 4, 1)


async def test_the_roster_defaults_to_the_bureau_day(early_morning: None, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[date] = []

    async def certified_roster(pool: Any, day: date, **_: Any) -> list[dict[str, Any]]:
        asked.append(day)
        return []

    monkeypatch.setattr(queries, "certified_roster", certified_roster)
    response = await routes.roster(pool=None, page=PageRequest(limit=10, cursor=None))
    assert asked == [date(2018, 4, 1)]
    assert response.as_of == date(2018, 4, 1)
