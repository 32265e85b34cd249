"""Power-list, asset and rule routes."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query, status

from personnel.api.deps import LEGAL_SECTION, PERSONNEL_OFFICE, READ, PersonnelDep, PoolDep
from personnel.api.schemas.common import Code, Limit
from personnel.api.schemas.powers import (
    AssetAssignmentRequest,
    AssetPage,
    AssetRequest,
    AssetResponse,
    BudgetRequest,
    PowerItemRequest,
    PowerItemResponse,
    PowerPage,
    RosterPublicationRequest,
    RulesRequest,
    RuleVersionResponse,
    SubjectRequest,
)
from personnel.domain import AssetKind
from personnel.readmodel import directory
from shared.web.authz import ZerenRoute
from shared.web.commands import CommandDep, CommandResult
from shared.web.pagination import keyset_page

router = APIRouter(tags=["powers, assets and rules"], route_class=ZerenRoute)


@router.post(
    "/enforcement-subjects",
    status_code=status.HTTP_201_CREATED,
    summary="Confirm and publish the bureau's enforcement-subject qualification",
    dependencies=LEGAL_SECTION,
)
def confirm_subject(body: SubjectRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.confirm_enforcement_subject(
            code=body.code, name=body.name, legal_basis=list(body.legal_basis), confirmed_at=body.confirmed_at
        ),
    )


@router.post(
    "/powers", status_code=status.HTTP_201_CREATED, summary="Publish a power-list item", dependencies=LEGAL_SECTION
)
def publish_power(body: PowerItemRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.publish_power_item(
            code=body.code,
            subject_code=body.subject_code,
            category=body.category,
            name=body.name,
            legal_basis=list(body.legal_basis),
            responsible_unit_id=body.responsible_unit_id,
            procedure_template_id=body.procedure_template_id,
        ),
    )


@router.get("/powers", summary="The power list", dependencies=READ)
async def list_powers(pool: PoolDep, limit: Limit = 100, cursor: Annotated[Code | None, Query()] = None) -> PowerPage:
    rows = [PowerItemResponse.model_validate(row) for row in await directory.power_list(pool, limit + 1, cursor)]
    items, next_cursor = keyset_page(rows, limit, lambda power: power.code)
    return PowerPage(powers=items, next_cursor=next_cursor)


@router.post(
    "/budget-records", status_code=status.HTTP_201_CREATED, summary="Record a budget", dependencies=PERSONNEL_OFFICE
)
def record_budget(body: BudgetRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    return command.run(
        personnel, lambda: personnel.record_budget(year=body.year, amount_yuan=body.amount_yuan, purpose=body.purpose)
    )


@router.post("/assets", status_code=status.HTTP_201_CREATED, summary="Register an asset", dependencies=PERSONNEL_OFFICE)
def register_asset(body: AssetRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.register_asset(asset_no=body.asset_no, kind=body.kind, description=body.description),
    )


@router.get("/assets", summary="Assets, by kind, a page at a time", dependencies=READ)
async def list_assets(
    pool: PoolDep,
    kind: Annotated[AssetKind | None, Query()] = None,
    limit: Limit = 100,
    cursor: Annotated[Code | None, Query()] = None,
) -> AssetPage:
    rows = await directory.assets(pool, kind.value if kind else None, limit + 1, cursor)
    items, next_cursor = keyset_page([AssetResponse.model_validate(row) for row in rows], limit, lambda a: a.asset_no)
    return AssetPage(assets=items, next_cursor=next_cursor)


@router.post(
    "/assets/{asset_no}/assignment",
    summary="Assign an asset to a unit or an officer",
    dependencies=PERSONNEL_OFFICE,
)
def assign_asset(
    asset_no: Code, body: AssetAssignmentRequest, personnel: PersonnelDep, command: CommandDep
) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.assign_asset(
            asset_no,
            unit_id=body.unit_id,
            officer_id=body.officer_id,
            at=body.at,
            expected_version=command.expected_version,
        ),
    )


@router.get("/rules", summary="Every version of personnel's rules, the built-in defaults first", dependencies=READ)
def rule_versions(personnel: PersonnelDep) -> list[RuleVersionResponse]:
    return [
        RuleVersionResponse(
            version=rules.version,
            effective_from=effective_from,
            note=note,
            values={k: v for k, v in asdict(rules).items() if k != "version"},
        )
        for rules, effective_from, note in personnel.rule_versions()
    ]


@router.post(
    "/rules/versions",
    status_code=status.HTTP_201_CREATED,
    summary="Publish a version of personnel's rules, in force from its date",
    dependencies=LEGAL_SECTION,
)
def publish_rules(body: RulesRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    return command.run(
        personnel,
        lambda: personnel.publish_rules(effective_from=body.effective_from, values=dict(body.values), note=body.note),
    )


@router.post(
    "/roster/publications",
    status_code=status.HTTP_201_CREATED,
    summary="Publish the roster of officers who may enforce (执法人员名单公示), each confirmed at this instant",
    dependencies=LEGAL_SECTION,
)
def publish_roster(body: RosterPublicationRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    result = command.run(personnel, lambda: personnel.publish_roster(channel=body.channel, at=body.published_at))
    command.response.headers["Location"] = f"/public/roster/publications/{result.id}"
    return result
