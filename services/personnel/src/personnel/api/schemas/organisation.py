"""Bodies of the organisation routes: units, the leadership group, target letters."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from personnel.api.schemas.common import Code, Ids, Instant, Text, Texts
from personnel.domain import UnitKind
from shared.web.requests import Request


class RegisterUnitRequest(Request):
    code: Code = Field(examples=["STN03"])
    name: Text = Field(examples=["第三国土资源所"])
    kind: UnitKind


class AppointHeadRequest(Request):
    officer_id: UUID
    at: Instant | None = None


class EstablishGroupRequest(Request):
    leader_id: UUID
    office_head_id: UUID
    member_ids: Ids = Field(default_factory=list)
    at: Instant | None = None


class MeetingRequest(Request):
    held_at: Instant
    chair_id: UUID
    attendee_ids: Ids = Field(default_factory=list)
    resolutions: Texts = Field(default_factory=list)


class TargetItemRequest(Request):
    code: Code
    description: Text
    weight: Annotated[int, Field(ge=1, le=100)]
    metric: Text
    threshold: Text


class TargetLetterRequest(Request):
    year: Annotated[int, Field(ge=2000, le=2100)]
    unit_id: Code
    head_officer_id: UUID
    director_id: UUID
    targets: Annotated[list[TargetItemRequest], Field(min_length=1, max_length=20)]
    signed_at: Instant | None = None


class UnitResponse(BaseModel):
    unit_id: str
    name: str
    kind: str
    head_officer_id: UUID | None


class MeetingResponse(BaseModel):
    month: str
    held_at: datetime
    chair_id: UUID
    attendee_ids: list[UUID]
    resolutions: list[str]


class LeadershipGroupResponse(BaseModel):
    id: UUID
    version: int
    leader_id: UUID
    office_head_id: UUID
    member_ids: list[UUID]
    meetings: list[MeetingResponse]


class TargetItemResponse(BaseModel):
    code: str
    description: str
    weight: int
    metric: str
    threshold: str


class TargetLetterResponse(BaseModel):
    id: UUID
    version: int
    year: int
    unit_id: str
    head_officer_id: UUID
    director_id: UUID
    targets: list[TargetItemResponse]
    signed_at: datetime | None
