"""Response bodies of the assessment API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.web.pagination import NEXT_CURSOR_DESCRIPTION


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
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "as_of": "2018-03-01",
                    "officers": [
                        {
                            "officer_id": "0b7e4a52-6f1e-4c55-9d7a-3f0c2b1e8a41",
                            "name": "王建国",
                            "unit_id": "STN03",
                            "certificates": [
                                {
                                    "certificate_no": "HN-LY-2017-0042",
                                    "issued_on": "2017-06-01",
                                    "expires_on": "2022-06-01",
                                    "scope_field": "land_resources",
                                }
                            ],
                        }
                    ],
                    "next_cursor": None,
                }
            ]
        }
    )
    as_of: date
    officers: list[RosterEntry]
    next_cursor: str | None = Field(default=None, description=NEXT_CURSOR_DESCRIPTION)


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
    withheld: list[str] = Field(
        default_factory=list,
        description="personal fields of `data` (exam results, the reasons for a removal from the enforcement"
        " post) set to null: withheld from callers outside the officer's unit without a bureau-wide role",
    )


class OfficerHistoryResponse(BaseModel):
    officer_id: UUID
    events: list[ProjectedHistoryEntry] = Field(
        description="this page's entries, oldest first (occurred_at, then recorded_at); pages follow the order"
        " in which personnel recorded the events"
    )
    next_cursor: str | None = Field(default=None, description=NEXT_CURSOR_DESCRIPTION)
