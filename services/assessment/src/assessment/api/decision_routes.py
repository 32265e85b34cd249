"""Decisions of closed periods: admonishment talks and transfer proposals, and what was done."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from assessment.api.common import LEADERSHIP, READ, histories, unit_filter
from assessment.api.deps import AssessmentsDep, PoolDep
from assessment.api.requests import DecideTransferRequest, HoldTalkRequest
from assessment.api.responses import (
    Actor,
    DecisionListItem,
    DecisionResponse,
    DecisionsResponse,
    RankingRow,
    TriggeringRanking,
)
from assessment.application import Assessments
from assessment.domain.decisions import AdmonishmentTalk
from assessment.domain.periods import Period, SubjectType
from assessment.domain.rankings import AssessmentPeriod
from assessment.readmodel import decisions as lists
from shared.messaging.envelope import event_id_for
from shared.web.authz import ZerenRoute
from shared.web.commands import CommandDep, CommandResult
from shared.web.identity import CurrentIdentity
from shared.web.pagination import CursorCodec, PageDep

router = APIRouter(tags=["decisions"], route_class=ZerenRoute)


class DecisionKey(BaseModel):
    decision_id: UUID


DECISIONS_CURSOR = CursorCodec("assessment.decisions", DecisionKey)


@router.post(
    "/decisions/{decision_id}/talk",
    summary="Record that the admonishment talk (诫勉谈话) was held",
    dependencies=LEADERSHIP,
)
def hold_talk(
    decision_id: UUID, body: HoldTalkRequest, assessments: AssessmentsDep, command: CommandDep
) -> CommandResult:
    return command.run(
        assessments,
        lambda: assessments.hold_talk(
            decision_id,
            held_by=body.held_by,
            minutes_ref=body.minutes_ref,
            note=body.note,
            held_at=body.held_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/decisions/{decision_id}/transfer-decision",
    summary="Record the leadership's decision on a transfer proposal (调离工作岗位)",
    dependencies=LEADERSHIP,
)
def decide_transfer(
    decision_id: UUID, body: DecideTransferRequest, assessments: AssessmentsDep, command: CommandDep
) -> CommandResult:
    return command.run(
        assessments,
        lambda: assessments.decide_transfer(
            decision_id,
            outcome=body.outcome,
            officer_id=str(body.officer_id) if body.officer_id else None,
            from_post=body.from_post,
            to_post=body.to_post,
            note=body.note,
            decided_at=body.decided_at,
            to_enforcement_post=body.to_enforcement_post,
            expected_version=command.expected_version,
        ),
    )


@router.get(
    "/decisions/{decision_id}",
    summary="A decision, the ranking(s) that triggered it, and every later step with actor and both times",
    dependencies=READ,
)
def get_decision(decision_id: UUID, assessments: AssessmentsDep) -> DecisionResponse:
    decision = assessments.get_decision(decision_id)
    subject_type = SubjectType(decision.subject_type)
    common = {
        "id": decision.id,
        "version": decision.version,
        "period": decision.period_key,
        "subject_type": subject_type.value,
        "subject_id": decision.subject_id,
        "unit_id": decision.unit_id,
        "scheme_version": decision.scheme_version,
        "history": histories(assessments.stored_events(decision.id)),
    }
    if isinstance(decision, AdmonishmentTalk):
        return DecisionResponse(
            **common,
            kind="admonishment_talk",
            status=decision.status(assessments.today()),
            officer_id=None,
            due_on=decision.due_on,
            reasons=[],
            run_periods=[],
            triggered_by=triggering_rankings(assessments, subject_type, [decision.period_key], decision.subject_id),
        )
    return DecisionResponse(
        **common,
        kind="post_transfer",
        status=decision.status,
        officer_id=decision.officer_id,
        due_on=None,
        reasons=decision.reasons,
        run_periods=decision.run_periods,
        triggered_by=triggering_rankings(assessments, subject_type, decision.run_periods, decision.subject_id),
    )


@router.get("/decisions", summary="Decisions, filtered; units see their own", dependencies=READ)
async def list_decisions(
    *,
    pool: PoolDep,
    identity: CurrentIdentity,
    page: PageDep,
    period: Annotated[str | None, Query(max_length=16)] = None,
    kind: Annotated[str | None, Query(pattern="^(admonishment_talk|post_transfer)$")] = None,
    status: Annotated[str | None, Query(max_length=32)] = None,
    unit_id: Annotated[str | None, Query(max_length=64)] = None,
) -> DecisionsResponse:
    after = DECISIONS_CURSOR.decode(page.cursor)
    rows = await lists.decisions(
        pool,
        period=period,
        kind=kind,
        status=status,
        unit_id=unit_filter(identity, unit_id),
        after=after.decision_id if after is not None else None,
        limit=page.limit + 1,
    )
    decisions, next_cursor = DECISIONS_CURSOR.page(
        [DecisionListItem.model_validate(row) for row in rows],
        page.limit,
        key=lambda d: DecisionKey(decision_id=d.decision_id),
    )
    return DecisionsResponse(decisions=decisions, next_cursor=next_cursor)


def triggering_rankings(
    assessments: Assessments, subject_type: SubjectType, periods: list[str], subject_id: str
) -> list[TriggeringRanking]:
    """The published rankings that made the decision: its period's, and for a transfer every period
    of the run."""
    triggers = []
    for key in periods:
        ranking: AssessmentPeriod = assessments.get_ranking(subject_type, Period.parse(key).key)
        first = assessments.stored_events(ranking.id)[0]
        triggers.append(
            TriggeringRanking(
                event_id=event_id_for(assessments.name, ranking.id, first.originator_version),
                period_id=ranking.id,
                subject_type=subject_type.value,
                period=key,
                scheme_version=ranking.scheme_version,
                event_type=type(first).__qualname__,
                aggregate_version=first.originator_version,
                recorded_at=first.timestamp,
                actor=Actor(id=first.actor_id, role=first.actor_role),
                row=RankingRow.model_validate(ranking.row(subject_id)),
            )
        )
    return triggers
