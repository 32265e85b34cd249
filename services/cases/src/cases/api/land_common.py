"""What the land routers share: the application dependency, bounded field types, history entries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Depends, Path, Query, Response
from fastapi import Request as HttpRequest
from pydantic import BaseModel, Field, StringConstraints

from cases.application import Cases
from shared.history import history
from shared.web.requests import Request


def _cases(request: HttpRequest) -> Cases:
    application: Cases = request.app.state.application
    return application


CasesDep = Annotated[Cases, Depends(_cases)]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Code = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")
]
Texts = Annotated[list[Text], Field(max_length=100)]
Codes = Annotated[list[Code], Field(max_length=100)]
Area = Annotated[float, Field(ge=0, le=10_000_000, description="mu (亩)")]
Money = Annotated[float, Field(gt=0, le=100_000_000_000, description="yuan")]
# A standard or a requirement that may be nil; bounded like Money, so Infinity and NaN are refused.
MoneyOrZero = Annotated[float, Field(ge=0, le=100_000_000_000, description="yuan")]
Year = Annotated[int, Field(ge=2000, le=2100)]
CodePath = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")]
YearPath = Annotated[int, Path(ge=2000, le=2100)]


class Body(Request):
    """A request body: strict, so a field the API does not know is refused rather than ignored, and
    every date or instant within the bureau's calendar (`shared.web.requests`)."""


class ActorResponse(BaseModel):
    id: str
    role: str


class HistoryEntryResponse(BaseModel):
    event_type: str
    aggregate_id: UUID
    version: int
    occurred_at: datetime
    recorded_at: datetime
    actor: ActorResponse
    correlation_id: str
    causation_id: str
    data: dict[str, Any]


def history_of(events: list[Any]) -> list[HistoryEntryResponse]:
    return [HistoryEntryResponse.model_validate(entry) for entry in history(events)]


def with_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'


Limit = Annotated[int, Query(ge=1, le=200, description="page length")]
Cursor = Annotated[str | None, Query(max_length=12, pattern=r"^[0-9]+$", description="from a previous page")]

T = TypeVar("T")


def page(items: Sequence[T], limit: int, cursor: str | None) -> tuple[list[T], str | None]:
    """One page of `items` (in their stable order) and the cursor of the next, if any."""
    start = int(cursor or 0)
    end = start + limit
    return list(items[start:end]), str(end) if end < len(items) else None
