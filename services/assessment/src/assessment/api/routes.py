"""Read routes over assessment's projections (async: asyncpg, no thread pool)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from assessment.api.deps import PoolDep
from assessment.api.schemas import OfficerHistoryResponse, ProjectedHistoryEntry, RosterEntry, RosterResponse
from assessment.domain.timing import bureau_today
from assessment.readmodel import queries
from shared.domain import NotFoundError
from shared.web.authz import READERS, ZerenRoute, allow
from shared.web.pagination import CursorCodec, PageDep
from shared.web.query import IsoDate

router = APIRouter(tags=["assessment"], route_class=ZerenRoute)
READ = [allow(*READERS)]


class OfficerNotProjectedError(NotFoundError):
    code = "officer_not_found"


class RosterKey(BaseModel):
    unit_id: str
    name: str
    officer_id: UUID


class HistoryKey(BaseModel):
    occurred_at: datetime
    recorded_at: datetime
    producer: str
    position: int


ROSTER_CURSOR = CursorCodec("assessment.roster", RosterKey)
HISTORY_CURSOR = CursorCodec("assessment.officer_history", HistoryKey)


@router.get("/roster", summary="Officers holding a valid enforcement certificate on a date", dependencies=READ)
async def roster(
    pool: PoolDep, page: PageDep, as_of: Annotated[IsoDate | None, Query(description="default: today")] = None
) -> RosterResponse:
    day = as_of or bureau_today()
    after = ROSTER_CURSOR.decode(page.cursor)
    rows = await queries.certified_roster(
        pool,
        day,
        after=(after.unit_id, after.name, after.officer_id) if after is not None else None,
        limit=page.limit + 1,
    )
    officers, next_cursor = ROSTER_CURSOR.page(
        [RosterEntry.model_validate(o) for o in rows],
        page.limit,
        key=lambda o: RosterKey(unit_id=o.unit_id, name=o.name, officer_id=o.officer_id),
    )
    return RosterResponse(as_of=day, officers=officers, next_cursor=next_cursor)


@router.get(
    "/officers/{officer_id}/history", summary="Everything recorded about an officer, oldest first", dependencies=READ
)
async def officer_history(officer_id: UUID, pool: PoolDep, page: PageDep) -> OfficerHistoryResponse:
    if not await queries.officer_known(pool, officer_id):
        raise OfficerNotProjectedError(f"no officer with id {officer_id} has been projected", id=str(officer_id))
    after = HISTORY_CURSOR.decode(page.cursor)
    rows = await queries.officer_history(
        pool,
        officer_id,
        after=(after.occurred_at, after.recorded_at, after.producer, after.position) if after is not None else None,
        limit=page.limit + 1,
    )
    events, next_cursor = HISTORY_CURSOR.page(
        [ProjectedHistoryEntry.model_validate(e) for e in rows],
        page.limit,
        key=lambda e: HistoryKey(
            occurred_at=e.occurred_at, recorded_at=e.recorded_at, producer=e.producer, position=e.position
        ),
    )
    return OfficerHistoryResponse(officer_id=officer_id, events=events, next_cursor=next_cursor)
