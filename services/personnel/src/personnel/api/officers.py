"""Officer routes: enrolment, unit and post, the enforcement post, duties, exams, the certificate
application, and whether an officer could enforce at an instant."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status

from personnel.api.deps import (
    DUTY_ASSIGNERS,
    LEGAL_SECTION,
    PERSONNEL_OFFICE,
    READ,
    TRAINING_RECORDERS,
    PersonnelDep,
    PoolDep,
)
from personnel.api.schemas.common import Code, HistoryEntryResponse, Limit
from personnel.api.schemas.officers import (
    ApplicationRequest,
    AssignUnitRequest,
    DepartureRequest,
    DutyRequest,
    EnrollOfficerRequest,
    ExamRequest,
    OfficerListItem,
    OfficerPage,
    OfficerResponse,
    PostRequest,
    RemovalRequest,
    RestorationRequest,
    StandingResponse,
    TransferRequest,
)
from personnel.api.views import officer_view
from personnel.readmodel import directory
from shared.domain.access import listed_unit
from shared.history import history
from shared.web.authz import ForbiddenError, ZerenRoute, sees_unit
from shared.web.commands import CommandDep, CommandResult
from shared.web.identity import CurrentIdentity
from shared.web.pagination import keyset_page
from shared.web.query import IsoInstant

router = APIRouter(tags=["officers"], route_class=ZerenRoute)


def _ensure_sees(identity: CurrentIdentity, unit_id: str) -> None:
    # Exam scores and removals are personal: a unit's own staff and the bureau-wide roles see them.
    if not sees_unit(identity.role, identity.unit_id, unit_id):
        raise ForbiddenError("this officer belongs to another unit", your_unit=identity.unit_id, object_unit=unit_id)


# Plain `def` for the commands: the eventsourcing Application is synchronous (FastAPI's thread pool).
@router.post(
    "/officers", status_code=status.HTTP_201_CREATED, summary="Enrol an officer", dependencies=PERSONNEL_OFFICE
)
def enroll_officer(body: EnrollOfficerRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    result = command.run(
        personnel, lambda: personnel.enroll_officer(name=body.name, unit_id=body.unit_id, staff_kind=body.staff_kind)
    )
    command.response.headers["Location"] = f"/officers/{result.id}"
    return result


@router.get(
    "/officers",
    summary="Officers, by unit, a page at a time (a unit's own staff list their unit only)",
    dependencies=READ,
)
async def list_officers(
    pool: PoolDep,
    identity: CurrentIdentity,
    *,
    unit_id: Annotated[Code | None, Query()] = None,
    limit: Limit = 50,
    cursor: Annotated[UUID | None, Query(description="next_cursor of the previous page")] = None,
    in_service: Annotated[
        bool | None, Query(description="true: those on the staff; false: those who left the bureau; absent: both")
    ] = None,
) -> OfficerPage:
    # The list carries removals from the enforcement post, which are personal (see `_ensure_sees`).
    unit = listed_unit(identity.role, identity.unit_id, unit_id)
    rows = await directory.officers(pool, unit, limit + 1, cursor, in_service)
    listed = [OfficerListItem.model_validate(row) for row in rows]
    items, next_cursor = keyset_page(listed, limit, lambda officer: officer.officer_id)
    return OfficerPage(officers=items, next_cursor=next_cursor)


@router.get("/officers/{officer_id}", summary="An officer as of now", dependencies=READ)
def get_officer(
    officer_id: UUID, personnel: PersonnelDep, identity: CurrentIdentity, response: Response
) -> OfficerResponse:
    officer = personnel.get_officer(officer_id)
    _ensure_sees(identity, officer.unit_id)
    response.headers["ETag"] = f'"{officer.version}"'
    return officer_view(officer)


@router.get(
    "/officers/{officer_id}/history", summary="Every recorded event of an officer, oldest first", dependencies=READ
)
def officer_history(officer_id: UUID, personnel: PersonnelDep, identity: CurrentIdentity) -> list[HistoryEntryResponse]:
    _ensure_sees(identity, personnel.get_officer(officer_id).unit_id)
    return [HistoryEntryResponse.model_validate(entry) for entry in history(personnel.officer_history(officer_id))]


@router.get(
    "/officers/{officer_id}/standing",
    summary="Whether the officer could enforce at an instant (DOMAIN §2.2), and if not why",
    dependencies=READ,
)
def officer_standing(
    officer_id: UUID,
    personnel: PersonnelDep,
    at: Annotated[IsoInstant | None, Query(description="default: now; any past instant")] = None,
    scope_field: Annotated[Code, Query()] = "land_resources",
) -> StandingResponse:
    standing = personnel.standing(officer_id, at, scope_field)
    return StandingResponse.model_validate(standing, from_attributes=True)


@router.post("/officers/{officer_id}/unit", summary="Assign an officer to another unit", dependencies=PERSONNEL_OFFICE)
def assign_unit(
    officer_id: UUID, body: AssignUnitRequest, personnel: PersonnelDep, command: CommandDep
) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.assign_unit(
            officer_id,
            unit_id=body.unit_id,
            reason=body.reason,
            decided_by=body.decided_by,
            at=body.at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/officers/{officer_id}/post",
    summary="Give an officer a first post (an enforcement post needs pre-post training)",
    dependencies=PERSONNEL_OFFICE,
)
def assign_post(officer_id: UUID, body: PostRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.assign_post(
            officer_id,
            title=body.title,
            rank=body.rank,
            enforcement=body.enforcement,
            reason=body.reason,
            decided_by=body.decided_by,
            at=body.at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/officers/{officer_id}/transfer", summary="Transfer an officer to another post", dependencies=PERSONNEL_OFFICE
)
def transfer(officer_id: UUID, body: TransferRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.transfer_officer(
            officer_id,
            title=body.title,
            rank=body.rank,
            enforcement=body.enforcement,
            unit_id=body.unit_id,
            reason=body.reason,
            decided_by=body.decided_by,
            at=body.at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/officers/{officer_id}/departure",
    summary="Record that an officer left the bureau (retired, resigned, transferred out); withdraws the cards",
    dependencies=PERSONNEL_OFFICE,
)
def record_departure(
    officer_id: UUID, body: DepartureRequest, personnel: PersonnelDep, command: CommandDep
) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.record_departure(
            officer_id,
            reason=body.reason,
            note=body.note,
            decided_by=body.decided_by,
            at=body.at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/officers/{officer_id}/enforcement-post/removal",
    summary="Remove an officer from the enforcement post",
    dependencies=PERSONNEL_OFFICE,
)
def remove_from_enforcement_post(
    officer_id: UUID, body: RemovalRequest, personnel: PersonnelDep, command: CommandDep
) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.remove_from_enforcement_post(
            officer_id,
            reason=body.reason,
            note=body.note,
            decided_by=body.decided_by,
            at=body.at,
            accountability_id=body.accountability_id,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/officers/{officer_id}/enforcement-post/restoration",
    summary="Restore an officer to the enforcement post",
    dependencies=PERSONNEL_OFFICE,
)
def restore_to_enforcement_post(
    officer_id: UUID, body: RestorationRequest, personnel: PersonnelDep, command: CommandDep
) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.restore_to_enforcement_post(
            officer_id,
            reason=body.reason,
            decided_by=body.decided_by,
            at=body.at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/officers/{officer_id}/duties",
    summary="Assign duties: powers, standards, scope, responsibility",
    dependencies=DUTY_ASSIGNERS,
)
def assign_duty(officer_id: UUID, body: DutyRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.assign_duty(
            officer_id,
            power_ids=list(body.power_ids),
            standards=body.standards,
            scope=body.scope,
            responsibility=body.responsibility,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/officers/{officer_id}/exams",
    summary="Record an exam attempt (a failed retake removes the officer from the enforcement post)",
    dependencies=TRAINING_RECORDERS,
)
def record_exam(officer_id: UUID, body: ExamRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.record_exam(
            officer_id,
            exam_round=body.exam_round,
            kind=body.kind,
            attempt_no=body.attempt_no,
            score=body.score,
            closed_book=body.closed_book,
            taken_at=body.taken_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/officers/{officer_id}/certificate-applications",
    summary="Apply for a certificate (needs a passed qualification exam)",
    dependencies=LEGAL_SECTION,
)
def apply_for_certificate(
    officer_id: UUID, body: ApplicationRequest, personnel: PersonnelDep, command: CommandDep
) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.apply_for_certificate(
            officer_id,
            training_session_ids=list(body.training_session_ids),
            expected_version=command.expected_version,
        ),
    )
