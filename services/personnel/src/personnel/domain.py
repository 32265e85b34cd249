"""Officers and their enforcement certificates (河南省行政执法证)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import event

from shared.domain import DomainError, InvalidInputError, NotFoundError, RecordedAggregate

# Certificate ids derive from the certificate number, so a number can be issued only once.
CERTIFICATE_NAMESPACE = UUID("0b7f3c1e-9d4a-4f43-8c55-2f8e1f6a9b20")


class StaffKind(StrEnum):
    PERMANENT = "permanent"  # 在编在岗
    CONTRACT = "contract"  # 合同工
    TEMPORARY = "temporary"  # 临时工
    SERVICE = "service"  # 工勤人员


# No certificates for general service staff, contract workers or temporary staff
# (河南省行政执法证件管理办法, 省政府令第180号).
CERTIFIABLE_STAFF = frozenset({StaffKind.PERMANENT})


class OfficerNotFoundError(NotFoundError):
    code = "officer_not_found"


class CertificateNotFoundError(NotFoundError):
    code = "certificate_not_found"


class StaffNotCertifiableError(DomainError):
    code = "staff_not_certifiable"


class CertificateNumberTakenError(DomainError):
    code = "certificate_number_taken"


class Officer(RecordedAggregate):
    """A member of the bureau's staff."""

    class Enrolled(RecordedAggregate.Created):
        name: str
        unit_id: str
        staff_kind: str

    @event(Enrolled)
    def __init__(self, name: str, unit_id: str, staff_kind: str) -> None:
        self.name = name
        self.unit_id = unit_id
        self.staff_kind = StaffKind(staff_kind)

    @staticmethod
    def validate_name(name: str) -> str:
        name = name.strip()
        if not name:
            raise InvalidInputError("an officer needs a name", field="name")
        return name


class Certificate(RecordedAggregate):
    """One enforcement certificate, from issue to its end."""

    class Issued(RecordedAggregate.Created):
        certificate_no: str
        officer_id: UUID
        issuer: str
        kind: str
        scope_field: str
        scope_area: str
        issued_on: date
        expires_on: date

    @staticmethod
    def create_id(certificate_no: str) -> UUID:
        """Derived from the number, so a second issue of the same number conflicts on save."""
        return uuid5(CERTIFICATE_NAMESPACE, certificate_no.strip().upper())

    @event(Issued)
    def __init__(
        self,
        *,
        certificate_no: str,
        officer_id: UUID,
        issuer: str,
        kind: str,
        scope_field: str,
        scope_area: str,
        issued_on: date,
        expires_on: date,
    ) -> None:
        self.certificate_no = certificate_no
        self.officer_id = officer_id
        self.issuer = issuer
        self.kind = kind
        self.scope_field = scope_field
        self.scope_area = scope_area
        self.issued_on = issued_on
        self.expires_on = expires_on

    @staticmethod
    def check_validity(issued_on: date, expires_on: date) -> None:
        if expires_on <= issued_on:
            raise InvalidInputError(
                "a certificate must expire after it is issued",
                issued_on=issued_on.isoformat(),
                expires_on=expires_on.isoformat(),
            )
