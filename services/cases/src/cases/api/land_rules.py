"""Routes of the land areas' versioned rules: read every version, publish a new one."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from cases.api.land_common import Body, CasesDep
from cases.domain.land_rules import LandRuleFamily
from shared.web.authz import READERS, Role, ZerenRoute, allow
from shared.web.commands import CommandDep, CommandResult

router = APIRouter(tags=["land rules"], route_class=ZerenRoute)

RuleValue = bool | int | float | Annotated[str, Field(max_length=64)]


class PublishRulesRequest(Body):
    effective_from: date
    values: Annotated[dict[Annotated[str, Field(max_length=64)], RuleValue], Field(max_length=50)]
    note: Annotated[str, Field(max_length=500)] = ""


class RuleVersionResponse(BaseModel):
    version: int = Field(description="0: the defaults shipped with the system, in force until version 1")
    effective_from: date | None
    values: dict[str, Any]


class RuleFamilyResponse(BaseModel):
    family: str
    versions: list[RuleVersionResponse]


@router.get("/land-rules/{family}", summary="Every version of a family of land rules", dependencies=[allow(*READERS)])
def get_rules(family: LandRuleFamily, cases: CasesDep) -> RuleFamilyResponse:
    versions = [
        RuleVersionResponse(
            version=v.version, effective_from=v.effective_from if v.version else None, values=dict(v.values)
        )
        for v in cases.land_rule_versions(family)
    ]
    return RuleFamilyResponse(family=family.value, versions=versions)


@router.post(
    "/land-rules/{family}/versions",
    status_code=status.HTTP_201_CREATED,
    summary="Publish a complete new version of a family of land rules",
    dependencies=[allow(Role.DIRECTOR, Role.LEGAL_AFFAIRS, Role.ADMIN)],
)
def publish_rules(
    family: LandRuleFamily, body: PublishRulesRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.publish_land_rules(
            family, effective_from=body.effective_from, values=body.values, note=body.note
        ),
    )
