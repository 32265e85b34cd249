"""Routes of dynamic patrols (动态巡查): a unit's monthly plan, its revisions, the patrols logged,
and the plan's coverage per area."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, Field

from cases.api.land_common import CasesDep, HistoryEntryResponse, history_of, with_etag
from cases.api.schemas import Code, LongText, Team, Text, When, team
from cases.domain.patrol_plan import PatrolPlan
from cases.domain.patrol_terms import Finding, PlannedArea
from shared.web.authz import READERS, ForbiddenError, Role, ZerenRoute, allow, sees_unit
from shared.web.commands import CommandDep, CommandResult
from shared.web.identity import CurrentIdentity
from shared.web.requests import Request

router = APIRouter(tags=["patrols"], route_class=ZerenRoute)
READ = [allow(*READERS)]
# The unit head plans the unit's patrols (the leadership of the bureau may too); the unit's
# officers and its head log them. Object scope (their own unit only) is checked by the application.
PLANNERS = [allow(Role.UNIT_HEAD, Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]
PATROLLERS = [allow(Role.OFFICER, Role.UNIT_HEAD, Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]

Month = Annotated[str, Field(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$", examples=["2018-04"])]


class PlannedAreaRequest(Request):
    area_code: Code = Field(examples=["STN03-A01"])
    township_code: Code = Field(examples=["410322100"])
    village: Text = Field(examples=["东村"])
    visits_required: Annotated[int, Field(ge=1, le=31, description="days the area is patrolled in the month")] = 1


Areas = Annotated[list[PlannedAreaRequest], Field(min_length=1, max_length=200)]


def _areas(areas: list[PlannedAreaRequest]) -> list[PlannedArea]:
    return [PlannedArea(a.area_code, a.township_code, a.village, a.visits_required) for a in areas]


class PublishPlanRequest(Request):
    unit_id: Code = Field(examples=["STN03"])
    month: Month
    areas: Areas
    published_at: When = None


class RevisePlanRequest(Request):
    areas: Areas = Field(description="the whole plan as it stands now (the latest revision counts)")
    revised_at: When = None


class LogPatrolRequest(Request):
    patrol_id: Code = Field(examples=["XC-2018-04-001"], description="the patrol log's number, once per plan")
    area_code: Code
    patrolled_at: When = None
    officers: Team
    findings: Literal["none", "suspected_violation"]
    lead_id: UUID | None = Field(default=None, description="the lead registered from a suspected violation")
    notes: LongText | None = None


class AreaCoverageResponse(BaseModel):
    area_code: str
    township_code: str
    village: str
    visits_required: int
    visits: int
    coverage: float
    patrolled_on: list[date]


class PatrolResponse(BaseModel):
    patrol_id: str
    area_code: str
    patrolled_at: datetime
    officer_ids: list[UUID]
    certificate_nos: list[str]
    findings: str
    lead_id: UUID | None
    notes: str | None


class PatrolPlanResponse(BaseModel):
    plan_id: UUID
    unit_id: str
    month: str
    revision: int
    version: int
    published_at: datetime
    revised_at: datetime | None
    coverage: float = Field(description="mean coverage of the planned areas, 0..1")
    areas: list[AreaCoverageResponse]
    patrols: list[PatrolResponse]


class PatrolPlanSummary(BaseModel):
    plan_id: UUID
    month: str
    revision: int
    coverage: float
    areas: int
    patrols: int


class PatrolPlanList(BaseModel):
    unit_id: str
    year: int
    plans: list[PatrolPlanSummary]


def _coverage(plan: PatrolPlan) -> float:
    return round(sum(plan.coverage(code) for code in plan.areas) / len(plan.areas), 4)


def _plan_response(plan: PatrolPlan) -> PatrolPlanResponse:
    return PatrolPlanResponse(
        plan_id=plan.id,
        unit_id=plan.unit_id,
        month=plan.month,
        revision=plan.revision,
        version=plan.version,
        published_at=plan.published_at,
        revised_at=plan.revised_at,
        coverage=_coverage(plan),
        areas=[
            AreaCoverageResponse(
                area_code=area.area_code,
                township_code=area.township_code,
                village=area.village,
                visits_required=area.visits_required,
                visits=plan.visits(area.area_code),
                coverage=round(plan.coverage(area.area_code), 4),
                patrolled_on=sorted(plan.visit_days.get(area.area_code, ())),
            )
            for area in plan.areas.values()
        ],
        patrols=[
            PatrolResponse(
                patrol_id=p.patrol_id,
                area_code=p.area_code,
                patrolled_at=p.patrolled_at,
                officer_ids=list(p.officer_ids),
                certificate_nos=list(p.certificate_nos),
                findings=p.findings,
                lead_id=p.lead_id,
                notes=p.notes,
            )
            for p in sorted(plan.patrols.values(), key=lambda p: (p.patrolled_at, p.patrol_id))
        ],
    )


def _ensure_visible(unit_id: str, caller: CurrentIdentity) -> None:
    if not sees_unit(caller.role, caller.unit_id, unit_id):
        raise ForbiddenError("this plan belongs to another unit", your_unit=caller.unit_id, object_unit=unit_id)


@router.post(
    "/patrol-plans",
    status_code=status.HTTP_201_CREATED,
    summary="Publish a unit's patrol plan for a month (one per unit and month)",
    dependencies=PLANNERS,
)
def publish_plan(body: PublishPlanRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    result = command.run(
        cases,
        lambda: cases.publish_patrol_plan(
            unit_id=body.unit_id, month=body.month, areas=_areas(body.areas), published_at=body.published_at
        ),
    )
    command.response.headers["Location"] = f"/patrol-plans/{result.id}"
    return result


@router.get("/patrol-plans", summary="A unit's patrol plans of a year, by month", dependencies=READ)
def list_plans(
    cases: CasesDep,
    caller: CurrentIdentity,
    unit_id: Annotated[str, Query(max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")],
    year: Annotated[int, Query(ge=2000, le=2100)],
) -> PatrolPlanList:
    _ensure_visible(unit_id, caller)
    plans = [
        PatrolPlanSummary(
            plan_id=plan.id,
            month=plan.month,
            revision=plan.revision,
            coverage=_coverage(plan),
            areas=len(plan.areas),
            patrols=len(plan.patrols),
        )
        for plan in cases.patrol_plans_of(unit_id, year)
    ]
    return PatrolPlanList(unit_id=unit_id, year=year, plans=plans)


@router.get("/patrol-plans/{plan_id}", summary="A patrol plan and its coverage per area", dependencies=READ)
def get_plan(plan_id: UUID, cases: CasesDep, caller: CurrentIdentity, response: Response) -> PatrolPlanResponse:
    plan = cases.patrol_plan(plan_id)
    _ensure_visible(plan.unit_id, caller)
    with_etag(response, plan.version)
    return _plan_response(plan)


@router.get("/patrol-plans/{plan_id}/history", summary="Every recorded event of a patrol plan", dependencies=READ)
def plan_history(plan_id: UUID, cases: CasesDep, caller: CurrentIdentity) -> list[HistoryEntryResponse]:
    _ensure_visible(cases.patrol_plan(plan_id).unit_id, caller)
    return history_of(cases.stored_events(plan_id))


@router.post(
    "/patrol-plans/{plan_id}/revisions",
    summary="Revise the plan within its month (it cannot drop an area already patrolled)",
    dependencies=PLANNERS,
)
def revise_plan(plan_id: UUID, body: RevisePlanRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.revise_patrol_plan(
            plan_id, areas=_areas(body.areas), revised_at=body.revised_at, expected_version=command.expected_version
        ),
    )


@router.post(
    "/patrol-plans/{plan_id}/patrols",
    summary="Log a patrol of a planned area by an enforcement team (巡查日志)",
    dependencies=PATROLLERS,
)
def log_patrol(plan_id: UUID, body: LogPatrolRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.log_patrol(
            plan_id,
            patrol_id=body.patrol_id,
            area_code=body.area_code,
            officers=team(body.officers),
            findings=Finding(body.findings),
            lead_id=body.lead_id,
            notes=body.notes,
            patrolled_at=body.patrolled_at,
            expected_version=command.expected_version,
        ),
    )
