"""Certificate routes: issue, read, history, and each step of the lifecycle; sanctions."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from personnel.api.deps import LEGAL_SECTION, READ, SANCTION_RECORDERS, PersonnelDep
from personnel.api.schemas.certificates import (
    CancellationRequest,
    CertificateResponse,
    IssueCertificateRequest,
    ReinstatementRequest,
    ReplacementRequest,
    ReviewRequest,
    RevocationRequest,
    SanctionRequest,
    SuspensionRequest,
)
from personnel.api.schemas.common import Code, HistoryEntryResponse
from personnel.api.views import certificate_view
from shared.history import history
from shared.web.authz import ZerenRoute
from shared.web.commands import CommandDep, CommandResult

router = APIRouter(tags=["certificates"], route_class=ZerenRoute)


@router.post(
    "/certificates",
    status_code=status.HTTP_201_CREATED,
    summary="Issue an enforcement certificate on an open application",
    dependencies=LEGAL_SECTION,
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


@router.get(
    "/certificates/{certificate_no}", summary="A certificate by its number, with its timeline", dependencies=READ
)
def get_certificate(certificate_no: Code, personnel: PersonnelDep, response: Response) -> CertificateResponse:
    certificate = personnel.get_certificate(certificate_no)
    response.headers["ETag"] = f'"{certificate.version}"'
    return certificate_view(certificate)


@router.get(
    "/certificates/{certificate_no}/history",
    summary="Every recorded event of a certificate, oldest first",
    dependencies=READ,
)
def certificate_history(certificate_no: Code, personnel: PersonnelDep) -> list[HistoryEntryResponse]:
    return [HistoryEntryResponse.model_validate(e) for e in history(personnel.certificate_history(certificate_no))]


@router.post("/certificates/{certificate_no}/reviews", summary="Record an annual review", dependencies=LEGAL_SECTION)
def review(certificate_no: Code, body: ReviewRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.review_certificate(
            certificate_no,
            period=body.period,
            result=body.result,
            notes=body.notes,
            reviewed_at=body.reviewed_at,
            expected_version=command.expected_version,
        ),
    )


@router.post("/certificates/{certificate_no}/suspension", summary="Suspend a certificate", dependencies=LEGAL_SECTION)
def suspend(
    certificate_no: Code, body: SuspensionRequest, personnel: PersonnelDep, command: CommandDep
) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.suspend_certificate(
            certificate_no,
            reason=body.reason,
            until=body.until,
            decided_by=body.decided_by,
            at=body.at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/certificates/{certificate_no}/reinstatement",
    summary="Reinstate a suspended certificate",
    dependencies=LEGAL_SECTION,
)
def reinstate(
    certificate_no: Code, body: ReinstatementRequest, personnel: PersonnelDep, command: CommandDep
) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.reinstate_certificate(
            certificate_no,
            note=body.note,
            at=body.at,
            reason=body.reason,
            expected_version=command.expected_version,
        ),
    )


@router.post("/certificates/{certificate_no}/revocation", summary="Revoke a certificate", dependencies=LEGAL_SECTION)
def revoke(
    certificate_no: Code, body: RevocationRequest, personnel: PersonnelDep, command: CommandDep
) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.revoke_certificate(
            certificate_no,
            reason=body.reason,
            decided_by=body.decided_by,
            at=body.at,
            reapply_not_before=body.reapply_not_before,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/certificates/{certificate_no}/cancellation",
    summary="Withdraw or cancel a certificate (transfer, retirement, resignation, loss)",
    dependencies=LEGAL_SECTION,
)
def cancel(
    certificate_no: Code, body: CancellationRequest, personnel: PersonnelDep, command: CommandDep
) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.cancel_certificate(
            certificate_no, reason=body.reason, at=body.at, expected_version=command.expected_version
        ),
    )


@router.post(
    "/certificates/{certificate_no}/replacement",
    status_code=status.HTTP_201_CREATED,
    summary="Replace a certificate with a new number (answers the new certificate)",
    dependencies=LEGAL_SECTION,
)
def replace(
    certificate_no: Code, body: ReplacementRequest, personnel: PersonnelDep, command: CommandDep
) -> CommandResult:
    result = command.run(
        personnel,
        lambda: personnel.replace_certificate(
            certificate_no,
            new_no=body.new_no,
            reason=body.reason,
            at=body.at,
            expected_version=command.expected_version,
        ),
    )
    command.response.headers["Location"] = f"/certificates/{body.new_no.upper()}"
    return result


@router.post(
    "/sanctions",
    summary="Apply an accountability sanction to an officer's certificate or post (idempotent per matter)",
    dependencies=SANCTION_RECORDERS,
)
def apply_sanction(body: SanctionRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.apply_sanction(
            accountability_id=body.accountability_id,
            officer_id=body.officer_id,
            sanction_type=body.sanction_type,
            decided_by=body.decided_by,
            effective_at=body.effective_at,
            until=body.until,
            certificate_no=body.certificate_no,
        ),
    )
