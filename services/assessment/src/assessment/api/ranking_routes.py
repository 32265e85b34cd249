"""Closing periods, published rankings, previews, recomputations and score explanations."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query, status
from pydantic import BaseModel

from assessment.api.common import READ, SECRETARIAT, ensure_sees, histories, unit_filter
from assessment.api.deps import AssessmentsDep, PoolDep
from assessment.api.responses import (
    Actor,
    AdjustmentExplanation,
    AnnualExplanation,
    FactRef,
    HistoryEntry,
    ItemExplanation,
    MetricExplanation,
    PeriodicExplanation,
    PeriodicScoreLine,
    PreviewResponse,
    RankingLineItem,
    RankingLinesResponse,
    RankingResponse,
    RankingRow,
    RecomputationResponse,
    ScoreExplanation,
)
from assessment.domain.periods import SubjectType
from assessment.domain.rankings import AssessmentPeriod
from assessment.readmodel import decisions as lists
from assessment.readmodel.facts import facts_by_id
from shared.web.authz import ZerenRoute
from shared.web.commands import CommandDep, CommandResult
from shared.web.identity import CurrentIdentity
from shared.web.pagination import CursorCodec, PageDep

router = APIRouter(tags=["rankings"], route_class=ZerenRoute)
PeriodKey = Annotated[str, Path(max_length=16, description="2018-03 (month), 2018-Q1 (quarter) or 2018 (year)")]


class RankingLineKey(BaseModel):
    """The list's whole sort key: within a subject type a period and a subject name one line, so the
    key names the last line sent (rank only orders: a published line keeps its rank)."""

    period: str
    rank: int
    subject_id: str


RANKING_LINES_CURSOR = CursorCodec("assessment.ranking_lines", RankingLineKey)


def ranking_response(ranking: AssessmentPeriod, first_event: Any) -> RankingResponse:
    return RankingResponse(
        period_id=ranking.id,
        subject_type=ranking.subject_type.value,
        period=ranking.period.key,
        kind=ranking.period.kind.value,
        start=ranking.period.start,
        end=ranking.period.end,
        scheme_version=ranking.scheme_version,
        scheme_effective_from=ranking.scheme_effective_from,
        facts_through=ranking.facts_through,
        fact_count=ranking.fact_count,
        published_at=first_event.timestamp,
        published_by=Actor(id=first_event.actor_id, role=first_event.actor_role),
        rows=[RankingRow.model_validate(row) for row in ranking.rows],
        talk_ids=ranking.talk_ids,
        transfer_ids=ranking.transfer_ids,
    )


@router.post(
    "/rankings/{subject_type}/{period}/close",
    status_code=status.HTTP_201_CREATED,
    summary="Close a period: publish its ranking and make its decisions (once)",
    dependencies=SECRETARIAT,
)
def close_period(
    subject_type: SubjectType, period: PeriodKey, assessments: AssessmentsDep, command: CommandDep
) -> CommandResult:
    result = command.run(assessments, lambda: assessments.close_period(subject_type, period))
    command.response.headers["Location"] = f"/rankings/{subject_type.value}/{period}"
    return result


@router.get("/rankings/{subject_type}/{period}", summary="A published ranking", dependencies=READ)
def get_ranking(subject_type: SubjectType, period: PeriodKey, assessments: AssessmentsDep) -> RankingResponse:
    ranking = assessments.get_ranking(subject_type, period)
    return ranking_response(ranking, assessments.stored_events(ranking.id)[0])


@router.get(
    "/rankings/{subject_type}/{period}/history",
    summary="The stored events of a published ranking, with actor and both times",
    dependencies=READ,
)
def ranking_history(subject_type: SubjectType, period: PeriodKey, assessments: AssessmentsDep) -> list[HistoryEntry]:
    ranking = assessments.get_ranking(subject_type, period)
    return histories(assessments.stored_events(ranking.id))


@router.get(
    "/rankings/{subject_type}/{period}/preview",
    summary="The ranking as it would be published now, from the facts as they stand (nothing is recorded)",
    dependencies=READ,
)
def preview(subject_type: SubjectType, period: PeriodKey, assessments: AssessmentsDep) -> PreviewResponse:
    computed = assessments.preview(subject_type, period)
    return PreviewResponse(
        subject_type=subject_type.value,
        period=computed.period.key,
        scheme_version=computed.scheme_version,
        facts_through=computed.facts.through,
        rows=[RankingRow.model_validate(row) for row in computed.rows()],
    )


@router.get(
    "/rankings/{subject_type}/{period}/recomputation",
    summary="Recompute a published ranking under its recorded scheme version and facts",
    dependencies=READ,
)
def recompute(subject_type: SubjectType, period: PeriodKey, assessments: AssessmentsDep) -> RecomputationResponse:
    ranking = assessments.get_ranking(subject_type, period)
    result = assessments.recompute(subject_type, period)
    return RecomputationResponse(
        subject_type=subject_type.value,
        period=ranking.period.key,
        scheme_version=ranking.scheme_version,
        facts_through=ranking.facts_through,
        matches=result.matches,
        differing_subjects=result.differing_subjects,
        rows=[RankingRow.model_validate(row) for row in result.recomputed],
    )


@router.get(
    "/rankings/{subject_type}/{period}/subjects/{subject_id}",
    summary="One subject's published score: every item, its points and the events behind them",
    dependencies=READ,
)
async def explain_score(
    *,
    subject_type: SubjectType,
    period: PeriodKey,
    subject_id: Annotated[str, Path(max_length=64)],
    assessments: AssessmentsDep,
    pool: PoolDep,
    identity: CurrentIdentity,
) -> ScoreExplanation:
    ranking = await asyncio.to_thread(assessments.get_ranking, subject_type, period)
    row = ranking.row(subject_id)
    ensure_sees(identity, row["unit_id"])
    explanation = row["explanation"]
    facts = await facts_by_id(pool, _fact_ids(explanation))
    periodic = annual = None
    if explanation["kind"] == "annual":
        annual = AnnualExplanation(
            periodic=[PeriodicScoreLine.model_validate(p) for p in explanation["periodic"]],
            periodic_average=explanation["periodic_average"],
            periodic_weight=explanation["periodic_weight"],
            periodic_contribution=explanation["periodic_contribution"],
            year_end=_periodic(explanation["year_end"], facts) if explanation["year_end"] else None,
            year_end_weight=explanation["year_end_weight"],
            year_end_contribution=explanation["year_end_contribution"],
        )
        total = annual.periodic_contribution + annual.year_end_contribution
    else:
        periodic = _periodic(explanation, facts)
        total = (
            sum((i.contribution for i in periodic.items), Decimal(0))
            - sum((d.points for d in periodic.deductions), Decimal(0))
            + sum((b.points for b in periodic.bonuses), Decimal(0))
            + periodic.floor_adjustment
        )
    return ScoreExplanation(
        subject_type=subject_type.value,
        period=ranking.period.key,
        scheme_version=ranking.scheme_version,
        row=RankingRow.model_validate(row),
        score=Decimal(row["score"]),
        lines_total=total,
        periodic=periodic,
        annual=annual,
    )


@router.get("/rankings", summary="Published ranking lines of a subject or a unit, newest first", dependencies=READ)
async def ranking_lines(
    *,
    pool: PoolDep,
    identity: CurrentIdentity,
    page: PageDep,
    subject_type: SubjectType,
    subject_id: Annotated[str | None, Query(max_length=64)] = None,
    unit_id: Annotated[str | None, Query(max_length=64)] = None,
) -> RankingLinesResponse:
    unit = unit_filter(identity, unit_id)
    after = RANKING_LINES_CURSOR.decode(page.cursor)
    rows = await lists.ranking_lines(
        pool,
        subject_type=subject_type.value,
        subject_id=subject_id,
        unit_id=unit,
        after=(after.period, after.rank, after.subject_id) if after is not None else None,
        limit=page.limit + 1,
    )
    lines, next_cursor = RANKING_LINES_CURSOR.page(
        [RankingLineItem.model_validate(row) for row in rows],
        page.limit,
        key=lambda r: RankingLineKey(period=r.period, rank=r.rank, subject_id=r.subject_id),
    )
    return RankingLinesResponse(lines=lines, next_cursor=next_cursor)


def _fact_ids(explanation: dict[str, Any]) -> list[str]:
    if explanation["kind"] == "annual":
        return _fact_ids(explanation["year_end"]) if explanation["year_end"] else []
    ids = [i for item in explanation["items"] for m in item["metrics"] for i in m["fact_ids"]]
    ids += [i for a in (*explanation["deductions"], *explanation["bonuses"]) for i in a["fact_ids"]]
    return ids + list(explanation["unscored_fact_ids"])


def _refs(ids: list[str], facts: dict[str, dict[str, Any]]) -> list[FactRef]:
    refs = []
    for fact_id in ids:
        found = facts.get(fact_id, {})
        refs.append(
            FactRef(
                fact_id=UUID(fact_id),
                event_id=found.get("source_event_id"),
                producer=found.get("source_producer"),
                position=found.get("source_position"),
                event_type=found.get("source_event_type"),
                value=found.get("value"),
                counts_for=found.get("counts_for"),
                occurred_at=found.get("occurred_at"),
                recorded_at=found.get("recorded_at"),
            )
        )
    return refs


def _periodic(explanation: dict[str, Any], facts: dict[str, dict[str, Any]]) -> PeriodicExplanation:
    return PeriodicExplanation(
        score=explanation["score"],
        items=[
            ItemExplanation(
                code=item["code"],
                weight=item["weight"],
                measured=item["measured"],
                points=item["points"],
                contribution=item["contribution"],
                metrics=[
                    MetricExplanation(
                        fact=m["fact"],
                        kind=m["kind"],
                        share=m["share"],
                        observations=m["observations"],
                        value=m["value"],
                        fraction=m["fraction"],
                        penalty_points=m["penalty_points"],
                        facts=_refs(m["fact_ids"], facts),
                    )
                    for m in item["metrics"]
                ],
            )
            for item in explanation["items"]
        ],
        deductions=[
            AdjustmentExplanation(
                code=d["code"], occurrences=d["occurrences"], points=d["points"], facts=_refs(d["fact_ids"], facts)
            )
            for d in explanation["deductions"]
        ],
        bonuses=[
            AdjustmentExplanation(
                code=b["code"], occurrences=b["occurrences"], points=b["points"], facts=_refs(b["fact_ids"], facts)
            )
            for b in explanation["bonuses"]
        ],
        floor_adjustment=explanation["floor_adjustment"],
        unscored_facts=_refs(explanation["unscored_fact_ids"], facts),
    )
