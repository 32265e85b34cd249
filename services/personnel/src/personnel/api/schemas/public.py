"""Bodies of the public endpoints: only what the public may see."""

from __future__ import annotations

from datetime import date

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
