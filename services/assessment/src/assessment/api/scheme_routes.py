"""The evaluation scheme and the accountability rules: versions in force, and publishing new ones."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status

from assessment.api.common import READ
from assessment.api.deps import AssessmentsDep
from assessment.api.requests import PublishAccountabilityRulesRequest, PublishSchemeRequest
from assessment.api.responses import RuleVersionResponse
from assessment.domain.accountability.rules import ACCOUNTABILITY_RULESET
from shared.domain.rules import RuleVersion
from shared.web.authz import Role, ZerenRoute, allow
from shared.web.commands import CommandDep, CommandResult
from shared.web.query import IsoDate

router = APIRouter(tags=["scheme"], route_class=ZerenRoute)
PUBLISHERS = [allow(Role.DIRECTOR, Role.DEPUTY_DIRECTOR, Role.ASSESSMENT_SECRETARIAT)]


def _version(version: RuleVersion) -> RuleVersionResponse:
    return RuleVersionResponse(
        ruleset=version.ruleset, version=version.version, effective_from=version.effective_from, values=version.values
    )


@router.get("/scheme", summary="The evaluation scheme (评议考核办法) in force on a day", dependencies=READ)
def scheme_in_force(
    assessments: AssessmentsDep, on: Annotated[IsoDate | None, Query(description="default: today")] = None
) -> RuleVersionResponse:
    version, _ = assessments.scheme_in_force(on or assessments.today())
    return _version(version)


@router.get("/scheme/versions", summary="Every version of the evaluation scheme, oldest first", dependencies=READ)
def scheme_versions(assessments: AssessmentsDep) -> list[RuleVersionResponse]:
    return [_version(v) for v in assessments.scheme_versions()]


@router.post(
    "/scheme/versions",
    status_code=status.HTTP_201_CREATED,
    summary="Publish a new version of the scheme, effective from a date after every closed period",
    dependencies=PUBLISHERS,
)
def publish_scheme(body: PublishSchemeRequest, assessments: AssessmentsDep, command: CommandDep) -> CommandResult:
    return command.run(
        assessments,
        lambda: assessments.publish_scheme(effective_from=body.effective_from, values=body.values, note=body.note),
    )


@router.get("/accountability-rules", summary="The accountability rules in force on a day", dependencies=READ)
def accountability_rules(
    assessments: AssessmentsDep, on: Annotated[IsoDate | None, Query(description="default: today")] = None
) -> RuleVersionResponse:
    version, rules = assessments.accountability_rules_in_force(on or assessments.today())
    if version is None:  # never published: the defaults apply from the start
        return RuleVersionResponse(
            ruleset=ACCOUNTABILITY_RULESET, version=0, effective_from=date.min, values=rules.to_values()
        )
    return _version(version)


@router.post(
    "/accountability-rules/versions",
    status_code=status.HTTP_201_CREATED,
    summary="Publish a new version of the accountability rules",
    dependencies=PUBLISHERS,
)
def publish_accountability_rules(
    body: PublishAccountabilityRulesRequest, assessments: AssessmentsDep, command: CommandDep
) -> CommandResult:
    return command.run(
        assessments,
        lambda: assessments.publish_accountability_rules(
            effective_from=body.effective_from, values=dict(body.values), note=body.note
        ),
    )
