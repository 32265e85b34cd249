"""Organisation routes: units and their heads, the leadership group and its office's meetings, and
target-responsibility letters."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response, status

from personnel.api.deps import PERSONNEL_OFFICE, READ, PersonnelDep, PoolDep
from personnel.api.schemas.common import Code
from personnel.api.schemas.organisation import (
    AppointHeadRequest,
    EstablishGroupRequest,
    LeadershipGroupResponse,
    MeetingRequest,
    RegisterUnitRequest,
    TargetLetterRequest,
    TargetLetterResponse,
    UnitResponse,
)
from personnel.api.views import group_view, letter_view
from personnel.domain import TargetItem
from personnel.readmodel import directory
from shared.web.authz import ZerenRoute
from shared.web.commands import CommandDep, CommandResult

router = APIRouter(tags=["organisation"], route_class=ZerenRoute)


@router.post("/units", status_code=status.HTTP_201_CREATED, summary="Register a unit", dependencies=PERSONNEL_OFFICE)
def register_unit(body: RegisterUnitRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    result = command.run(personnel, lambda: personnel.register_unit(code=body.code, name=body.name, kind=body.kind))
    command.response.headers["Location"] = f"/units/{body.code}"
    return result


@router.get("/units", summary="Every registered unit", dependencies=READ)
async def list_units(pool: PoolDep) -> list[UnitResponse]:
    return [UnitResponse.model_validate(row) for row in await directory.units(pool)]


@router.post("/units/{unit_id}/head", summary="Appoint a unit's head", dependencies=PERSONNEL_OFFICE)
def appoint_head(
    unit_id: Code, body: AppointHeadRequest, personnel: PersonnelDep, command: CommandDep
) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.appoint_unit_head(
            unit_id, officer_id=body.officer_id, at=body.at, expected_version=command.expected_version
        ),
    )


@router.post(
    "/leadership-group",
    status_code=status.HTTP_201_CREATED,
    summary="Establish the responsibility-system leadership group",
    dependencies=PERSONNEL_OFFICE,
)
def establish_group(body: EstablishGroupRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    result = command.run(
        personnel,
        lambda: personnel.establish_leadership_group(
            leader_id=body.leader_id, office_head_id=body.office_head_id, member_ids=list(body.member_ids), at=body.at
        ),
    )
    command.response.headers["Location"] = "/leadership-group"
    return result


@router.get("/leadership-group", summary="The leadership group and its office's meetings", dependencies=READ)
def get_group(personnel: PersonnelDep, response: Response) -> LeadershipGroupResponse:
    group = personnel.get_leadership_group()
    response.headers["ETag"] = f'"{group.version}"'
    return group_view(group)


@router.post(
    "/leadership-group/meetings",
    summary="Record the office's monthly meeting, with attendees and resolutions",
    dependencies=PERSONNEL_OFFICE,
)
def hold_meeting(body: MeetingRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.hold_office_meeting(
            held_at=body.held_at,
            chair_id=body.chair_id,
            attendee_ids=list(body.attendee_ids),
            resolutions=list(body.resolutions),
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/target-letters",
    status_code=status.HTTP_201_CREATED,
    summary="Record a target-responsibility letter signed by the director and the unit's head",
    dependencies=PERSONNEL_OFFICE,
)
def sign_letter(body: TargetLetterRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    result = command.run(
        personnel,
        lambda: personnel.sign_target_letter(
            year=body.year,
            unit_id=body.unit_id,
            head_officer_id=body.head_officer_id,
            director_id=body.director_id,
            targets=[TargetItem(**item.model_dump()) for item in body.targets],
            signed_at=body.signed_at,
        ),
    )
    command.response.headers["Location"] = f"/target-letters/{result.id}"
    return result


@router.get("/target-letters/{letter_id}", summary="A target-responsibility letter", dependencies=READ)
def get_letter(letter_id: UUID, personnel: PersonnelDep) -> TargetLetterResponse:
    return letter_view(personnel.get_target_letter(letter_id))
