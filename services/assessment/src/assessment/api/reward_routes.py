"""Rewards granted on published rankings (奖励): granted by the leadership, read by everyone (units
list their own)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status
from pydantic import BaseModel

from assessment.api.common import LEADERSHIP, READ, histories, unit_filter
from assessment.api.decision_routes import triggering_rankings
from assessment.api.deps import AssessmentsDep, PoolDep
from assessment.api.ranking_routes import PeriodKey
from assessment.api.requests import GrantRewardRequest
from assessment.api.responses import RewardListItem, RewardResponse, RewardsResponse
from assessment.domain.periods import SubjectType
from assessment.domain.rewards import RewardKind
from assessment.readmodel import decisions as lists
from shared.web.authz import ZerenRoute
from shared.web.commands import CommandDep, CommandResult
from shared.web.identity import CurrentIdentity
from shared.web.pagination import CursorCodec, PageDep

router = APIRouter(tags=["rewards"], route_class=ZerenRoute)


class RewardKey(BaseModel):
    reward_id: UUID


REWARDS_CURSOR = CursorCodec("assessment.rewards", RewardKey)


@router.post(
    "/rankings/{subject_type}/{period}/rewards",
    status_code=status.HTTP_201_CREATED,
    summary="Grant a reward on a published ranking (not to a bottom place or a failing grade; once per kind)",
    dependencies=LEADERSHIP,
)
def grant_reward(
    subject_type: SubjectType,
    period: PeriodKey,
    body: GrantRewardRequest,
    assessments: AssessmentsDep,
    command: CommandDep,
) -> CommandResult:
    result = command.run(
        assessments,
        lambda: assessments.grant_reward(
            subject_type,
            period,
            subject_id=body.subject_id,
            kind=body.kind,
            granted_by=body.granted_by,
            note=body.note,
            granted_at=body.granted_at,
        ),
    )
    command.response.headers["Location"] = f"/rewards/{result.id}"
    return result


@router.get(
    "/rewards/{reward_id}",
    summary="A reward, the ranking line it rests on, and its history with actor and both times",
    dependencies=READ,
)
def get_reward(reward_id: UUID, assessments: AssessmentsDep) -> RewardResponse:
    reward = assessments.get_reward(reward_id)
    subject_type = SubjectType(reward.subject_type)
    (rests_on,) = triggering_rankings(assessments, subject_type, [reward.period_key], reward.subject_id)
    return RewardResponse(
        id=reward.id,
        version=reward.version,
        kind=reward.kind.value,
        period=reward.period_key,
        subject_type=subject_type.value,
        subject_id=reward.subject_id,
        unit_id=reward.unit_id,
        granted_by=reward.granted_by,
        granted_at=reward.granted_at,
        note=reward.note,
        rests_on=rests_on,
        history=histories(assessments.stored_events(reward.id)),
    )


@router.get("/rewards", summary="Rewards granted, filtered; units see their own", dependencies=READ)
async def list_rewards(
    *,
    pool: PoolDep,
    identity: CurrentIdentity,
    page: PageDep,
    period: Annotated[str | None, Query(max_length=16)] = None,
    subject_type: SubjectType | None = None,
    kind: RewardKind | None = None,
    unit_id: Annotated[str | None, Query(max_length=64)] = None,
) -> RewardsResponse:
    after = REWARDS_CURSOR.decode(page.cursor)
    rows = await lists.rewards(
        pool,
        period=period,
        subject_type=subject_type.value if subject_type else None,
        kind=kind.value if kind else None,
        unit_id=unit_filter(identity, unit_id),
        after=after.reward_id if after is not None else None,
        limit=page.limit + 1,
    )
    rewards, next_cursor = REWARDS_CURSOR.page(
        [RewardListItem.model_validate(row) for row in rows],
        page.limit,
        key=lambda r: RewardKey(reward_id=r.reward_id),
    )
    return RewardsResponse(rewards=rewards, next_cursor=next_cursor)
