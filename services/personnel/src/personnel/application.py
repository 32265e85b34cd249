"""Write side of personnel: one method per command, each a get-mutate-save unit of work."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from personnel.domain import (
    CERTIFIABLE_STAFF,
    Certificate,
    CertificateNotFoundError,
    CertificateNumberTakenError,
    Officer,
    OfficerNotFoundError,
    StaffKind,
    StaffNotCertifiableError,
)
from shared.application import ServiceApplication


class Personnel(ServiceApplication):
    name = "personnel"

    def enroll_officer(self, *, name: str, unit_id: str, staff_kind: StaffKind) -> Officer:
        officer = Officer(name=Officer.validate_name(name), unit_id=unit_id, staff_kind=staff_kind.value)
        self.save(officer)
        return officer

    def issue_certificate(
        self,
        *,
        officer_id: UUID,
        certificate_no: str,
        issuer: str,
        kind: str,
        scope_field: str,
        scope_area: str,
        issued_on: date,
        expires_on: date,
    ) -> Certificate:
        officer = self.get_officer(officer_id)
        if officer.staff_kind not in CERTIFIABLE_STAFF:
            raise StaffNotCertifiableError(
                "only permanent staff in post may hold an enforcement certificate",
                officer_id=str(officer_id),
                staff_kind=officer.staff_kind.value,
            )
        Certificate.check_validity(issued_on, expires_on)
        number = certificate_no.strip().upper()
        certificate = Certificate(
            certificate_no=number,
            officer_id=officer_id,
            issuer=issuer,
            kind=kind,
            scope_field=scope_field,
            scope_area=scope_area,
            issued_on=issued_on,
            expires_on=expires_on,
        )
        try:
            self.save(certificate)
        except IntegrityError:
            raise CertificateNumberTakenError(
                f"certificate number {number} has already been issued", certificate_no=number
            ) from None
        return certificate

    def get_officer(self, officer_id: UUID, expected_version: int | None = None) -> Officer:
        return self.load(officer_id, Officer, OfficerNotFoundError, expected_version)

    def get_certificate(self, certificate_no: str) -> Certificate:
        return self.load(Certificate.create_id(certificate_no), Certificate, CertificateNotFoundError)

    def officer_history(self, officer_id: UUID) -> list[Any]:
        self.get_officer(officer_id)
        return self.stored_events(officer_id)
