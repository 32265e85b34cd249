"""Cursor pagination, the same for every list route.

A list route takes `limit` (1..MAX_PAGE_SIZE) and an opaque `cursor`, and answers its items with a
`next_cursor` (absent on the last page). The cursor is the sort key of the last item sent, so a
page never repeats or skips an item when rows are added meanwhile (keyset pagination):

    ROSTER_CURSOR = CursorCodec("assessment.roster", RosterKey)

    @router.get("/roster", dependencies=READ)
    async def roster(pool: PoolDep, page: PageDep) -> RosterResponse:
        rows = await queries.roster(pool, after=ROSTER_CURSOR.decode(page.cursor), limit=page.limit + 1)
        officers, next_cursor = ROSTER_CURSOR.page(rows, page.limit, key=lambda r: RosterKey(...))
        return RosterResponse(officers=officers, next_cursor=next_cursor)

Queries fetch `limit + 1` rows: the extra row only tells whether another page exists. A cursor
names the list it belongs to, so one list's cursor given to another is refused (422).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, ValidationError

from shared.domain import InvalidInputError

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_CURSOR_LENGTH = 512
CURSOR_PATTERN = r"^[A-Za-z0-9_\-]+$"

K = TypeVar("K", bound=BaseModel)
T = TypeVar("T")
V = TypeVar("V")


class InvalidCursorError(InvalidInputError):
    code = "invalid_cursor"


@dataclass(frozen=True)
class PageRequest:
    limit: int
    cursor: str | None


def page_request(
    limit: Annotated[
        int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"items per page, at most {MAX_PAGE_SIZE}")
    ] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[
        str | None,
        Query(
            max_length=MAX_CURSOR_LENGTH,
            pattern=CURSOR_PATTERN,
            description="`next_cursor` of the previous page; absent for the first page",
        ),
    ] = None,
) -> PageRequest:
    return PageRequest(limit=limit, cursor=cursor)


PageDep = Annotated[PageRequest, Depends(page_request)]

NEXT_CURSOR_DESCRIPTION = "pass as `cursor` to get the next page; absent on the last page"


class CursorCodec(Generic[K]):
    """Turns the sort key of a list's last item into an opaque cursor and back."""

    def __init__(self, list_name: str, key: type[K]) -> None:
        self.list_name = list_name
        self.key = key

    def encode(self, key: K) -> str:
        raw = json.dumps({"l": self.list_name, "k": key.model_dump(mode="json")}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def decode(self, cursor: str | None) -> K | None:
        if cursor is None:
            return None
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
            if not isinstance(payload, dict) or payload.get("l") != self.list_name:
                raise ValueError("cursor of another list")
            return self.key.model_validate(payload.get("k"))
        except (ValueError, UnicodeError, binascii.Error, ValidationError):
            raise InvalidCursorError(
                "the cursor is not one this list gave out; start again without a cursor", parameter="cursor"
            ) from None

    def page(self, rows: Sequence[T], limit: int, key: Callable[[T], K]) -> tuple[list[T], str | None]:
        """The first `limit` rows, and the cursor after them if the query found more."""
        items, last = keyset_page(rows, limit, key)
        return items, self.encode(last) if last is not None else None


def keyset_page(rows: Sequence[T], limit: int, key: Callable[[T], V]) -> tuple[list[T], V | None]:
    """The first `limit` of `rows` (fetched as `limit + 1`), and the sort key of the last one if the
    query found more: a list whose key is already a plain value (a number, a code) uses it as cursor."""
    items = list(rows[:limit])
    if len(rows) > limit and items:
        return items, key(items[-1])
    return items, None
