"""The only place where personnel's stored events meet the public contract."""

from __future__ import annotations

from functools import singledispatch

from personnel.domain import Certificate, Officer
from shared.contracts import IntegrationEvent
from shared.contracts.personnel import CertificateIssuedV1, OfficerEnrolledV1


@singledispatch
def to_integration_event(domain_event: object) -> IntegrationEvent | None:
    return None  # not every stored event is public


@to_integration_event.register
def _(e: Officer.Enrolled) -> IntegrationEvent:
    return OfficerEnrolledV1(officer_id=e.originator_id, name=e.name, unit_id=e.unit_id, staff_kind=e.staff_kind)


@to_integration_event.register
def _(e: Certificate.Issued) -> IntegrationEvent:
    return CertificateIssuedV1(
        certificate_id=e.originator_id,
        certificate_no=e.certificate_no,
        officer_id=e.officer_id,
        issuer=e.issuer,
        kind=e.kind,
        scope_field=e.scope_field,
        scope_area=e.scope_area,
        issued_on=e.issued_on,
        expires_on=e.expires_on,
        issued_at=e.occurred_at,
    )
