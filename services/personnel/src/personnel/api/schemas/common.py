"""Bounded field types and the base models every personnel body uses."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints

from shared.web.requests import Request

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Code = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")
]
Instant = AwareDatetime  # business time of a recorded fact; a time zone is required
Ids = Annotated[list[UUID], Field(max_length=500)]
Texts = Annotated[list[Text], Field(max_length=50)]
Limit = Annotated[int, Field(ge=1, le=200)]


class Decision(Request):
    """Who decided a change to a post, and why (the actor who records it comes from the identity)."""

    reason: Text
    decided_by: Text = Field(examples=["局长办公会 2018-06-04"])
    at: Instant | None = Field(default=None, description="when it took effect (default: now)")


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
