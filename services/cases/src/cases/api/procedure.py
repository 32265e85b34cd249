"""Routes of the procedure as data: the templates (flowcharts), public, and the versioned rule sets."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, status
from pydantic import BaseModel, Field

from cases.api.deps import READ, RULE_MAKERS, CasesDep
from cases.api.schemas import LongText
from cases.application import Cases
from cases.domain.rules import PENALTY_PROCEDURE
from cases.domain.template import ProcedureTemplate
from cases.domain.templates import TEMPLATES, NoTemplateError, template
from shared.domain import NotFoundError
from shared.web.authz import ZerenRoute, public
from shared.web.commands import CommandDep, CommandResult
from shared.web.requests import Request

router = APIRouter(tags=["procedure"], route_class=ZerenRoute)

RuleSetName = Literal["penalty_procedure", "case_file_review", "working_calendar"]


class TemplateNotFoundError(NotFoundError):
    code = "template_not_found"


class TemplateResponse(BaseModel):
    template_id: str
    version: str
    title: str
    basis: str
    effective_from: date
    effective_until: date | None
    steps: list[dict[str, Any]]
    suspension_reasons: list[str]
    extensions: list[dict[str, Any]]
    no_penalty_reasons: list[str]
    time_limits: dict[str, dict[str, Any]] = Field(
        description="each limit the steps name, sized by the procedure rules in force when the template took effect"
    )


def _template(t: ProcedureTemplate, cases: Cases) -> TemplateResponse:
    data = asdict(t)
    data.pop("_index", None)
    rules = cases.rules_in_force(PENALTY_PROCEDURE, t.effective_from)
    limits = {
        step.limit.kind: {**rules.values["limits"][step.limit.kind], "rule_version": rules.version}
        for step in t.steps
        if step.limit is not None and step.limit.kind in rules.values["limits"]
    }
    for kind in ("statement", "hearing_request", "hearing_notice", "payment_demand_wait"):
        limits[kind] = {**rules.values["limits"][kind], "rule_version": rules.version}
    return TemplateResponse.model_validate({**data, "time_limits": limits})


class RuleVersionResponse(BaseModel):
    version: int
    effective_from: date
    values: dict[str, Any]


class RuleSetResponse(BaseModel):
    name: str
    version: int
    versions: list[RuleVersionResponse]


class PublishRulesRequest(Request):
    effective_from: date
    values: Annotated[dict[str, Any], Field(description="the whole rule set as it applies from that day")]
    note: LongText


# The procedures and flowcharts are published beforehand (事前公开, DOMAIN §8): anyone may read them.
@router.get(
    "/public/procedure-templates",
    summary="The penalty procedures (flowcharts) as published: steps, documents, time limits",
    tags=["public"],
    dependencies=[public()],
)
def list_templates(cases: CasesDep) -> list[TemplateResponse]:
    return [_template(t, cases) for t in TEMPLATES]


@router.get(
    "/public/procedure-templates/{template_id}/{version}",
    summary="One procedure template as published",
    tags=["public"],
    dependencies=[public()],
)
def get_template(
    template_id: Annotated[str, Path(max_length=64)], version: Annotated[str, Path(max_length=16)], cases: CasesDep
) -> TemplateResponse:
    try:
        found = template(template_id, version)
    except NoTemplateError:
        raise TemplateNotFoundError(f"no template {template_id}/{version}") from None
    return _template(found, cases)


@router.get("/rules/{name}", summary="A rule set with every version and its effective date", dependencies=READ)
def get_rules(name: RuleSetName, cases: CasesDep) -> RuleSetResponse:
    ruleset = cases.ruleset(name)
    return RuleSetResponse(
        name=ruleset.name,
        version=ruleset.version,
        versions=[
            RuleVersionResponse(version=v.version, effective_from=v.effective_from, values=v.values)
            for v in ruleset.versions
        ],
    )


@router.post(
    "/rules/{name}/versions",
    status_code=status.HTTP_201_CREATED,
    summary="Publish a new version of a rule set, effective from a day",
    dependencies=RULE_MAKERS,
)
def publish_rules(name: RuleSetName, body: PublishRulesRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.publish_rules(name, effective_from=body.effective_from, values=body.values, note=body.note),
    )
