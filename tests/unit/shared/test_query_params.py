"""Dates and instants in query strings are ISO 8601, never numbers read as Unix times."""

from __future__ import annotations

from typing import Annotated

import httpx
import pytest
from fastapi import FastAPI, Query

from shared.web.problems import install_problem_handlers
from shared.web.query import IsoAwareInstant, IsoDate, IsoInstant

app = FastAPI()
install_problem_handlers(app)


@app.get("/day")
async def day(
    as_of: Annotated[IsoDate | None, Query()] = None,
    at: Annotated[IsoInstant | None, Query()] = None,
    before: Annotated[IsoAwareInstant | None, Query()] = None,
) -> dict[str, str]:
    return {"as_of": str(as_of), "at": str(at), "before": str(before)}


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"as_of": "2018-03-01"}, 200),
        ({"at": "2018-03-01T09:00:00+08:00"}, 200),
        ({"at": "2018-03-01T09:00Z"}, 200),
        ({"as_of": "0"}, 422),
        ({"as_of": "1520000000"}, 422),
        ({"at": "0.5"}, 422),
        ({"at": "1520000000"}, 422),
        ({"as_of": "2018-02-30"}, 422),
        ({"as_of": "0001-01-01"}, 422),  # outside the bureau's calendar (1900-8999)
        ({"at": "0001-01-01T00:00:00+14:00"}, 422),  # no bureau day at all: year 0 in UTC
        ({"at": "9999-12-31T23:59:59-12:00"}, 422),
        ({"as_of": "1900-01-01"}, 200),
        ({"before": "2018-06-01T08:00:00.123456+08:00"}, 200),
        ({"before": "1527811200"}, 422),
        ({"before": "2018-06-01T08:00:00"}, 422),  # a cursor names its time zone
    ],
)
async def test_only_iso_forms_are_accepted(params: dict[str, str], status: int) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        response = await client.get("/day", params=params)
    assert response.status_code == status, response.text
