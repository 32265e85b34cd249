"""Bodies of the public endpoints: only what the public may see."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel

from personnel.api.schemas.powers import PowerItemResponse


class CertificateCheckResponse(BaseModel):
    """Showing the certificate (亮证执法): valid or not, whose, which unit, until when — nothing more."""

    certificate_no: str
    valid: bool
    holder_name: str
    unit_id: str
    unit_name: str | None
    expires_on: date


class RosterEntry(BaseModel):
    certificate_no: str
    name: str
    unit_id: str
    unit_name: str | None
    expires_on: date


class RosterPage(BaseModel):
    as_of: date
    officers: list[RosterEntry]
    next_cursor: str | None


class PublicPowerPage(BaseModel):
    powers: list[PowerItemResponse]
    next_cursor: str | None


class PublishedRosterLine(BaseModel):
    certificate_no: str
    name: str
    unit_id: str
    expires_on: date


class RosterPublicationResponse(BaseModel):
    """A roster as it was published: who the public was told could enforce, and since when."""

    roster_id: UUID
    as_of: date
    channel: str
    published_at: datetime
    officers: list[PublishedRosterLine]


class RosterPublicationSummary(BaseModel):
    roster_id: UUID
    as_of: date
    channel: str
    published_at: datetime
    officers: int


class RosterPublicationPage(BaseModel):
    publications: list[RosterPublicationSummary]
    next_before: datetime | None
