"""Read routes over assessment's projections (async: asyncpg, no thread pool)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from assessment.api.deps import PoolDep
from assessment.api.schemas import ProjectedHistoryEntry, RosterEntry, RosterResponse
from assessment.readmodel import queries
from shared.domain import NotFoundError, get_clock
from shared.web.authz import READERS, ZerenRoute, allow

router = APIRouter(tags=["assessment"], route_class=ZerenRoute)
READ = [allow(*READERS)]


class OfficerNotProjectedError(NotFoundError):
    code = "officer_not_found"


@router.get("/roster", summary="Officers holding a valid enforcement certificate on a date", dependencies=READ)
async def roster(
    pool: PoolDep, as_of: Annotated[date | None, Query(description="default: today")] = None
) -> RosterResponse:
    day = as_of or get_clock().now().date()
    officers = await queries.certified_roster(pool, day)
    return RosterResponse(as_of=day, officers=[RosterEntry.model_validate(o) for o in officers])


@router.get(
    "/officers/{officer_id}/history", summary="Everything recorded about an officer, oldest first", dependencies=READ
)
async def officer_history(officer_id: UUID, pool: PoolDep) -> list[ProjectedHistoryEntry]:
    if not await queries.officer_known(pool, officer_id):
        raise OfficerNotProjectedError(f"no officer with id {officer_id} has been projected", id=str(officer_id))
    return [ProjectedHistoryEntry.model_validate(e) for e in await queries.officer_history(pool, officer_id)]
