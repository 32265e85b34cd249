"""Request and response bodies of the personnel API (strict: unknown fields are rejected)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from personnel.domain import StaffKind

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Code = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")
]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EnrollOfficerRequest(Request):
    name: Text = Field(examples=["王建国"])
    unit_id: Code = Field(examples=["STN03"])
    staff_kind: StaffKind = Field(examples=["permanent"])


class IssueCertificateRequest(Request):
    officer_id: UUID
    certificate_no: Code = Field(examples=["HN-LY-2017-0001"])
    issuer: Text = Field(default="henan_provincial_gov")
    kind: Annotated[str, StringConstraints(pattern=r"^(enforcement|supervision)$")] = "enforcement"
    scope_field: Code = Field(default="land_resources")
    scope_area: Code = Field(examples=["410322"])
    issued_on: date
    expires_on: date


class OfficerResponse(BaseModel):
    id: UUID
    version: int
    name: str
    unit_id: str
    staff_kind: StaffKind


class CertificateResponse(BaseModel):
    id: UUID
    version: int
    certificate_no: str
    officer_id: UUID
    issuer: str
    kind: str
    scope_field: str
    scope_area: str
    issued_on: date
    expires_on: date


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
