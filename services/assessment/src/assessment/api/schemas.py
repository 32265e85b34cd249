"""Response bodies of the assessment API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel


class RosterCertificate(BaseModel):
    certificate_no: str
    issued_on: date
    expires_on: date
    scope_field: str


class RosterEntry(BaseModel):
    officer_id: UUID
    name: str
    unit_id: str
    certificates: list[RosterCertificate]


class RosterResponse(BaseModel):
    as_of: date
    officers: list[RosterEntry]


class Actor(BaseModel):
    id: str
    role: str


class ProjectedHistoryEntry(BaseModel):
    event_id: UUID
    event_type: str
    producer: str
    position: int
    aggregate_id: UUID
    aggregate_version: int
    occurred_at: datetime
    recorded_at: datetime
    actor: Actor
    correlation_id: str
    causation_id: str
    data: dict[str, Any]
