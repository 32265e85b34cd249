"""Thin routes: schema in, one application call, schema out. Errors are mapped once, in shared.web."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response, status

from personnel.api.deps import PersonnelDep
from personnel.api.schemas import (
    CertificateResponse,
    EnrollOfficerRequest,
    HistoryEntryResponse,
    IssueCertificateRequest,
    OfficerResponse,
)
from personnel.domain import Certificate, Officer
from shared.history import history
from shared.web.authz import READERS, Role, ZerenRoute, allow
from shared.web.commands import CommandDep, CommandResult

router = APIRouter(tags=["personnel"], route_class=ZerenRoute)
READ = [allow(*READERS)]


def _officer(officer: Officer) -> OfficerResponse:
    return OfficerResponse(
        id=officer.id,
        version=officer.version,
        name=officer.name,
        unit_id=officer.unit_id,
        staff_kind=officer.staff_kind,
    )


def _certificate(certificate: Certificate) -> CertificateResponse:
    return CertificateResponse(
        id=certificate.id,
        version=certificate.version,
        certificate_no=certificate.certificate_no,
        officer_id=certificate.officer_id,
        issuer=certificate.issuer,
        kind=certificate.kind,
        scope_field=certificate.scope_field,
        scope_area=certificate.scope_area,
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
    )


# Plain `def`: the eventsourcing Application is synchronous, so FastAPI runs these in its thread pool.
@router.post(
    "/officers",
    status_code=status.HTTP_201_CREATED,
    summary="Enrol an officer",
    dependencies=[allow(Role.DIRECTOR, Role.DEPUTY_DIRECTOR, Role.ADMIN)],
)
def enroll_officer(body: EnrollOfficerRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    result = command.run(
        personnel, lambda: personnel.enroll_officer(name=body.name, unit_id=body.unit_id, staff_kind=body.staff_kind)
    )
    command.response.headers["Location"] = f"/officers/{result.id}"
    return result


@router.get("/officers/{officer_id}", summary="An officer as of now", dependencies=READ)
def get_officer(officer_id: UUID, personnel: PersonnelDep, response: Response) -> OfficerResponse:
    officer = personnel.get_officer(officer_id)
    response.headers["ETag"] = f'"{officer.version}"'
    return _officer(officer)


@router.get(
    "/officers/{officer_id}/history", summary="Every recorded event of an officer, oldest first", dependencies=READ
)
def officer_history(officer_id: UUID, personnel: PersonnelDep) -> list[HistoryEntryResponse]:
    return [HistoryEntryResponse.model_validate(entry) for entry in history(personnel.officer_history(officer_id))]


@router.post(
    "/certificates",
    status_code=status.HTTP_201_CREATED,
    summary="Issue an enforcement certificate",
    dependencies=[allow(Role.LEGAL_AFFAIRS, Role.DIRECTOR, Role.ADMIN)],
)
def issue_certificate(body: IssueCertificateRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    result = command.run(
        personnel,
        lambda: personnel.issue_certificate(
            officer_id=body.officer_id,
            certificate_no=body.certificate_no,
            issuer=body.issuer,
            kind=body.kind,
            scope_field=body.scope_field,
            scope_area=body.scope_area,
            issued_on=body.issued_on,
            expires_on=body.expires_on,
        ),
    )
    command.response.headers["Location"] = f"/certificates/{body.certificate_no.upper()}"
    return result


@router.get("/certificates/{certificate_no}", summary="A certificate by its number", dependencies=READ)
def get_certificate(certificate_no: str, personnel: PersonnelDep) -> CertificateResponse:
    return _certificate(personnel.get_certificate(certificate_no))
