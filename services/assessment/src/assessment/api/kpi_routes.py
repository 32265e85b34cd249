"""KPIs per unit and bureau-wide, per period, from the facts as they stand."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assessment.api.common import READ, unit_filter
from assessment.api.deps import PoolDep
from assessment.api.responses import KpiResponse, KpisResponse
from assessment.domain.kpis import certified_ratio, compute_kpis
from assessment.domain.periods import Period, SubjectType
from assessment.projections.facts import FactsProjection
from assessment.readmodel import queries
from assessment.readmodel.facts import current_facts
from shared.web.authz import ZerenRoute
from shared.web.identity import CurrentIdentity

router = APIRouter(tags=["kpis"], route_class=ZerenRoute)


@router.get(
    "/kpis",
    summary="KPIs of a period, for a unit or (no unit) the whole bureau; `waiting` names the producer "
    "whose facts are not wired in yet; the certified ratio is as of the period's last day",
    dependencies=READ,
)
async def kpis(
    *,
    pool: PoolDep,
    identity: CurrentIdentity,
    period: Annotated[str, Query(max_length=16, examples=["2018-03"])],
    unit_id: Annotated[str | None, Query(max_length=64)] = None,
) -> KpisResponse:
    span = Period.parse(period)
    unit = unit_filter(identity, unit_id)
    facts = await current_facts(pool, list(SubjectType), span.start, span.end)
    wired = FactsProjection.producers
    holders = await queries.post_holders(pool, span.end)
    values = [certified_ratio(holders, wired_producers=wired, unit_id=unit)]
    values += compute_kpis(facts, wired_producers=wired, unit_id=unit)
    return KpisResponse(
        period=span.key,
        unit_id=unit,
        kpis=[
            KpiResponse(
                code=v.code,
                title=v.title,
                aggregation=v.aggregation.value,
                status=v.status,
                value=v.value,
                observations=v.observations,
                producer=v.producer,
            )
            for v in values
        ],
    )
