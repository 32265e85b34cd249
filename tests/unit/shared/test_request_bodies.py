"""Every command body refuses unknown fields and any date or instant outside the bureau's calendar
with a 422 naming the field, before a service computes a bureau day from it."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from fastapi import FastAPI
from pydantic import AwareDatetime, Field

from shared.web.problems import install_problem_handlers
from shared.web.requests import Request

app = FastAPI()
install_problem_handlers(app)


class Hearing(Request):
    hearing_at: AwareDatetime
    adjourned_to: list[date] = Field(default=[])


class Scheduled(Request):
    hearing: Hearing
    note: str = ""


@app.post("/hearings")
async def schedule(body: Scheduled) -> dict[str, str]:
    return {"day": body.hearing.hearing_at.date().isoformat()}


async def post(body: object) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        return await client.post("/hearings", json=body)


async def test_a_body_within_the_calendar_is_accepted() -> None:
    answer = await post({"hearing": {"hearing_at": "1900-01-01T00:00:00Z", "adjourned_to": ["8999-12-31"]}})
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(
    ("hearing", "field"),
    [
        ({"hearing_at": "0001-01-01T00:00:00+14:00"}, "hearing_at"),  # year 0 in UTC: no bureau day
        ({"hearing_at": "9000-01-01T00:00:00Z"}, "hearing_at"),
        ({"hearing_at": "2018-03-01T09:00:00+08:00", "adjourned_to": ["2018-03-09", "0001-01-01"]}, "adjourned_to"),
    ],
)
async def test_a_date_or_instant_outside_the_calendar_is_a_422_naming_the_field(
    hearing: dict[str, object], field: str
) -> None:
    answer = await post({"hearing": hearing})
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["code"] == "validation_failed"
    assert field in str(problem), problem


@pytest.mark.parametrize(
    "hearing",
    [
        {"hearing_at": 1520000000},  # lax pydantic: 2018-03-02 as a Unix time
        {"hearing_at": 0.5},
        {"hearing_at": "2018-03-01T09:00:00+08:00", "adjourned_to": ["2018-03-09", 0]},
    ],
)
async def test_a_date_or_instant_sent_as_a_number_is_a_422(hearing: dict[str, object]) -> None:
    answer = await post({"hearing": hearing})
    assert answer.status_code == 422, answer.text
    assert "not as a number" in answer.text


async def test_a_number_is_still_a_number_where_the_field_is_not_a_date() -> None:
    class Fine(Request):
        amount: int
        on: date

    assert Fine.model_validate({"amount": 5000, "on": "2018-03-01"}).amount == 5000


async def test_an_unknown_field_is_refused() -> None:
    answer = await post({"hearing": {"hearing_at": "2018-03-01T09:00:00+08:00"}, "status": "held"})
    assert answer.status_code == 422
