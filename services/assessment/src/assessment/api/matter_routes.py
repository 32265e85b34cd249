"""Fault accountability matters (执法过错责任追究): every step, refusals as problems."""

from __future__ import annotations

import asyncio
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status
from pydantic import BaseModel

from assessment.api.common import READ, histories, unit_filter
from assessment.api.deps import AssessmentsDep, PoolDep
from assessment.api.requests import (
    AppealRequest,
    ApplyAggravationRequest,
    CloseMatterRequest,
    DecideAppealRequest,
    DetermineResponsibilityRequest,
    GrantExemptionRequest,
    ImposeSanctionRequest,
    OpenInvestigationRequest,
    RaiseMatterRequest,
)
from assessment.api.responses import (
    MatterListItem,
    MatterResponse,
    MattersResponse,
    OfficerInMatter,
    SanctionState,
    TriggerEvidence,
)
from assessment.readmodel import decisions as lists
from assessment.readmodel.facts import facts_from_events
from shared.web.authz import Role, ZerenRoute, allow
from shared.web.commands import CommandDep, CommandResult
from shared.web.identity import CurrentIdentity
from shared.web.pagination import CursorCodec, PageDep

router = APIRouter(tags=["accountability"], route_class=ZerenRoute)
RAISERS = [allow(Role.DIRECTOR, Role.DEPUTY_DIRECTOR, Role.LEGAL_AFFAIRS, Role.ASSESSMENT_SECRETARIAT)]
INVESTIGATORS = [allow(Role.DIRECTOR, Role.DEPUTY_DIRECTOR, Role.LEGAL_AFFAIRS)]
DECIDERS = [allow(Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]
APPELLANTS = [allow(Role.OFFICER, Role.UNIT_HEAD, Role.LEGAL_AFFAIRS, Role.ASSESSMENT_SECRETARIAT)]


class MatterKey(BaseModel):
    matter_id: UUID


MATTERS_CURSOR = CursorCodec("assessment.matters", MatterKey)


@router.post(
    "/matters", status_code=status.HTTP_201_CREATED, summary="Raise an accountability matter", dependencies=RAISERS
)
def raise_matter(body: RaiseMatterRequest, assessments: AssessmentsDep, command: CommandDep) -> CommandResult:
    result = command.run(
        assessments,
        lambda: assessments.raise_matter(
            category=body.category,
            trigger=body.trigger,
            unit_id=body.unit_id,
            suspected_officer_ids=[str(o) for o in body.suspected_officer_ids],
            related=dict(body.related),
            summary=body.summary,
            trigger_event_id=body.trigger_event_id,
        ),
    )
    command.response.headers["Location"] = f"/matters/{result.id}"
    return result


@router.post("/matters/{matter_id}/investigation", summary="Open the investigation", dependencies=INVESTIGATORS)
def open_investigation(
    matter_id: UUID, body: OpenInvestigationRequest, assessments: AssessmentsDep, command: CommandDep
) -> CommandResult:
    return command.run(
        assessments,
        lambda: assessments.open_investigation(
            matter_id, list(body.investigator_ids), expected_version=command.expected_version
        ),
    )


@router.post(
    "/matters/{matter_id}/responsibilities",
    summary="Determine an officer's responsibility: role and share (§3.1 C)",
    dependencies=INVESTIGATORS,
)
def determine_responsibility(
    matter_id: UUID, body: DetermineResponsibilityRequest, assessments: AssessmentsDep, command: CommandDep
) -> CommandResult:
    return command.run(
        assessments,
        lambda: assessments.determine_responsibility(
            matter_id,
            officer_id=str(body.officer_id),
            role=body.role,
            share=body.share,
            basis=body.basis,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/matters/{matter_id}/exemptions",
    summary="Exempt or mitigate, on a ground of §3.1 D (refused without one)",
    dependencies=DECIDERS,
)
def grant_exemption(
    matter_id: UUID, body: GrantExemptionRequest, assessments: AssessmentsDep, command: CommandDep
) -> CommandResult:
    return command.run(
        assessments,
        lambda: assessments.grant_exemption(
            matter_id,
            officer_id=str(body.officer_id),
            ground=body.ground,
            effect=body.effect,
            note=body.note,
            expected_version=command.expected_version,
        ),
    )


@router.post("/matters/{matter_id}/aggravations", summary="Apply an aggravating ground", dependencies=INVESTIGATORS)
def apply_aggravation(
    matter_id: UUID, body: ApplyAggravationRequest, assessments: AssessmentsDep, command: CommandDep
) -> CommandResult:
    return command.run(
        assessments,
        lambda: assessments.apply_aggravation(
            matter_id,
            officer_id=str(body.officer_id),
            ground=body.ground,
            note=body.note,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/matters/{matter_id}/sanctions",
    summary="Impose a sanction of a tier (§3.2; refused outside the tier)",
    dependencies=DECIDERS,
)
def impose_sanction(
    matter_id: UUID, body: ImposeSanctionRequest, assessments: AssessmentsDep, command: CommandDep
) -> CommandResult:
    return command.run(
        assessments,
        lambda: assessments.impose_sanction(
            matter_id,
            officer_id=str(body.officer_id) if body.officer_id else None,
            unit_id=body.unit_id,
            officer_unit_id=body.officer_unit_id,
            sanction_type=body.sanction_type,
            tier=body.tier,
            effective_at=body.effective_at,
            ends_at=body.ends_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/matters/{matter_id}/sanctions/{sanction_id}/appeal",
    summary="Appeal a sanction, within the appeal period, while the matter is open",
    dependencies=APPELLANTS,
)
def appeal_sanction(
    matter_id: UUID, sanction_id: UUID, body: AppealRequest, assessments: AssessmentsDep, command: CommandDep
) -> CommandResult:
    return command.run(
        assessments,
        lambda: assessments.appeal_sanction(
            matter_id,
            sanction_id=sanction_id,
            grounds=body.grounds,
            appealed_at=body.appealed_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/matters/{matter_id}/sanctions/{sanction_id}/appeal-decision",
    summary="Decide an appeal: upheld, changed (with the replacement) or revoked",
    dependencies=DECIDERS,
)
def decide_appeal(
    matter_id: UUID, sanction_id: UUID, body: DecideAppealRequest, assessments: AssessmentsDep, command: CommandDep
) -> CommandResult:
    return command.run(
        assessments,
        lambda: assessments.decide_appeal(
            matter_id,
            sanction_id=sanction_id,
            result=body.result,
            note=body.note,
            replacement_type=body.replacement_type,
            replacement_tier=body.replacement_tier,
            replacement_ends_at=body.replacement_ends_at,
            expected_version=command.expected_version,
        ),
    )


@router.post("/matters/{matter_id}/closure", summary="Close the matter", dependencies=DECIDERS)
def close_matter(
    matter_id: UUID, body: CloseMatterRequest, assessments: AssessmentsDep, command: CommandDep
) -> CommandResult:
    return command.run(
        assessments,
        lambda: assessments.close_matter(matter_id, summary=body.summary, expected_version=command.expected_version),
    )


@router.get(
    "/matters/{matter_id}",
    summary="A matter: its triggering events, every step with actor and both times, its sanctions",
    dependencies=READ,
)
async def get_matter(
    *, matter_id: UUID, assessments: AssessmentsDep, pool: PoolDep, identity: CurrentIdentity
) -> MatterResponse:
    matter = await asyncio.to_thread(assessments.get_matter, matter_id)
    unit_filter(identity, matter.unit_id)
    events = await asyncio.to_thread(assessments.stored_events, matter_id)
    facts = await facts_from_events(pool, matter.trigger_event_ids)
    return MatterResponse(
        id=matter.id,
        version=matter.version,
        status=matter.status,
        category=matter.category.value,
        trigger=matter.trigger.value,
        unit_id=matter.unit_id,
        related=matter.related,
        summary=matter.summary,
        raised_on=matter.raised_on,
        investigation_due_on=matter.investigation_due_on,
        suspected_officer_ids=matter.suspected_officer_ids,
        officers=[
            OfficerInMatter(
                officer_id=officer_id,
                role=s.responsibility.role.value if s.responsibility else None,
                share=s.responsibility.share.value if s.responsibility else None,
                basis=s.responsibility.basis if s.responsibility else None,
                exemption_ground=s.exemption[0].value if s.exemption else None,
                exemption_effect=s.exemption[1].value if s.exemption else None,
                aggravations=[a.value for a in s.aggravations],
            )
            for officer_id in sorted(matter.named_officers())
            for s in [matter.standing(officer_id)]
        ],
        sanctions=[
            SanctionState(
                sanction_id=s.sanction_id,
                officer_id=s.officer_id,
                unit_id=s.unit_id,
                sanction_type=s.sanction_type,
                tier=s.tier.value,
                effective_at=s.effective_at,
                ends_at=s.ends_at,
                decided_by=s.decided_by,
                decided_on=s.decided_on,
                revoked=s.revoked,
                appealed_on=s.appealed_on,
                appeal_result=s.appeal_result.value if s.appeal_result else None,
            )
            for s in matter.sanctions.values()
        ],
        triggered_by=[
            TriggerEvidence(event_id=event_id, facts=[f for f in facts if str(f["source_event_id"]) == event_id])
            for event_id in matter.trigger_event_ids
        ],
        history=histories(events),
    )


@router.get("/matters", summary="Accountability matters, filtered; units see their own", dependencies=READ)
async def list_matters(
    *,
    pool: PoolDep,
    identity: CurrentIdentity,
    page: PageDep,
    status: Annotated[str | None, Query(pattern="^(raised|decided|closed)$")] = None,
    unit_id: Annotated[str | None, Query(max_length=64)] = None,
) -> MattersResponse:
    after = MATTERS_CURSOR.decode(page.cursor)
    rows = await lists.matters(
        pool,
        status=status,
        unit_id=unit_filter(identity, unit_id),
        after=after.matter_id if after is not None else None,
        limit=page.limit + 1,
    )
    matters, next_cursor = MATTERS_CURSOR.page(
        [MatterListItem.model_validate(row) for row in rows], page.limit, key=lambda m: MatterKey(matter_id=m.matter_id)
    )
    return MattersResponse(matters=matters, next_cursor=next_cursor)
