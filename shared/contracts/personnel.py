"""Public events published by `personnel`.

Consumers: assessment (roster, officer history, scores), cases (who may enforce).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from shared.contracts.base import IntegrationEvent


class OfficerEnrolledV1(IntegrationEvent):
    """An officer joined the bureau's staff. Consumed by: assessment (roster, history)."""

    subject: ClassVar[str] = "personnel.officer.enrolled.v1"
    officer_id: UUID
    name: str
    unit_id: str
    staff_kind: str


class CertificateIssuedV1(IntegrationEvent):
    """A Henan administrative law-enforcement certificate was issued.

    Consumed by: assessment (roster, history), cases (who may enforce).
    """

    subject: ClassVar[str] = "personnel.certificate.issued.v1"
    certificate_id: UUID
    certificate_no: str
    officer_id: UUID
    issuer: str
    kind: str
    scope_field: str
    scope_area: str
    issued_on: date
    expires_on: date
    issued_at: datetime
