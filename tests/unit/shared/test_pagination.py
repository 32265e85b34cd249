"""The cursor convention of every list route."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel

from shared.web.pagination import MAX_PAGE_SIZE, CursorCodec, InvalidCursorError, PageDep, keyset_page
from shared.web.problems import install_problem_handlers


class Key(BaseModel):
    at: datetime
    officer_id: UUID


class Other(BaseModel):
    n: int


KEY = Key(at=datetime(2018, 3, 1, 9, 0, 0, 123456, tzinfo=UTC), officer_id=UUID(int=7))
CODEC = CursorCodec("tests.list", Key)


def test_a_cursor_gives_back_the_key_it_was_made_from() -> None:
    cursor = CODEC.encode(KEY)
    assert cursor.replace("-", "").replace("_", "").isalnum()
    assert CODEC.decode(cursor) == KEY
    assert CODEC.decode(None) is None


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!",
        "e30",  # {}
        CursorCodec("another.list", Key).encode(KEY),
        CursorCodec("tests.list", Other).encode(Other(n=1)),
        "eyJsIjoidGVzdHMubGlzdCIsImsiOnsiYXQiOiJ5ZXN0ZXJkYXkiLCJvZmZpY2VyX2lkIjoiMSJ9fQ",
        "_-_-",
    ],
)
def test_a_cursor_this_list_did_not_give_out_is_invalid_input(cursor: str) -> None:
    with pytest.raises(InvalidCursorError):
        CODEC.decode(cursor)


def test_a_page_carries_a_cursor_only_when_more_rows_follow() -> None:
    rows = [Key(at=KEY.at, officer_id=UUID(int=i)) for i in range(3)]
    items, cursor = CODEC.page(rows, 2, key=lambda row: row)
    assert items == rows[:2]
    assert CODEC.decode(cursor) == rows[1]
    assert CODEC.page(rows[:2], 2, key=lambda row: row) == (rows[:2], None)
    assert CODEC.page([], 2, key=lambda row: row) == ([], None)


def test_a_plain_keyed_page_names_its_last_key_only_when_more_rows_follow() -> None:
    codes = ["XZCF-001", "XZCF-002", "XZCF-003"]
    assert keyset_page(codes, 2, key=str.lower) == (codes[:2], "xzcf-002")
    assert keyset_page(codes, 3, key=str.lower) == (codes, None)  # a full last page is the last
    assert keyset_page([], 3, key=str.lower) == ([], None)


async def test_limit_and_cursor_are_bounded_query_parameters() -> None:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/things")
    async def things(page: PageDep) -> dict[str, object]:
        return {"limit": page.limit, "cursor": page.cursor}

    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
    assert (await client.get("/things")).json() == {"limit": 50, "cursor": None}
    assert (await client.get("/things", params={"limit": MAX_PAGE_SIZE, "cursor": "abc"})).json()["limit"] == 200
    for params in (
        {"limit": 0},
        {"limit": MAX_PAGE_SIZE + 1},
        {"limit": 10**12},
        {"cursor": "x" * 600},
        {"cursor": "a b"},
    ):
        refused = await client.get("/things", params=params)
        assert refused.status_code == 422, params
        assert refused.headers["content-type"] == "application/problem+json"
