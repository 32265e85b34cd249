"""Read routes over assessment's projections (async: asyncpg, no thread pool)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from assessment.api.deps import PoolDep
from assessment.api.personal import sees_personal_details, withheld
from assessment.api.schemas import OfficerHistoryResponse, ProjectedHistoryEntry, RosterEntry, RosterResponse
from assessment.domain.timing import bureau_today
from assessment.readmodel import queries
from shared.domain import NotFoundError
from shared.web.authz import READERS, ZerenRoute, allow
from shared.web.identity import CurrentIdentity
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
    producer: str
    position: int


ROSTER_CURSOR = CursorCodec("assessment.roster", RosterKey)
# v2: pages follow the recording order (a cursor of the business-time order skipped late entries).
HISTORY_CURSOR = CursorCodec("assessment.officer_history.v2", HistoryKey)


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
    "/officers/{officer_id}/history",
    summary="Everything recorded about an officer, oldest first",
    description="Every public personnel event about the officer. Pages follow the order in which personnel"
    " recorded the events, so paging never skips or repeats an entry, even one recorded after the fact;"
    " within a page, entries are oldest first (`occurred_at`, then `recorded_at`). An entry recorded late"
    " may thus come on a later page than entries that happened after it: ask for up to 200 entries to get"
    " a history of that length oldest first in one page. Exam results and the reasons for a removal from"
    " the enforcement post are personal: withheld (`withheld`) from callers outside the officer's unit"
    " who hold no bureau-wide role, as personnel does.",
    dependencies=READ,
)
async def officer_history(
    officer_id: UUID, pool: PoolDep, page: PageDep, identity: CurrentIdentity
) -> OfficerHistoryResponse:
    unit_id = await queries.officer_unit(pool, officer_id)
    if unit_id is None:
        raise OfficerNotProjectedError(f"no officer with id {officer_id} has been projected", id=str(officer_id))
    after = HISTORY_CURSOR.decode(page.cursor)
    rows = await queries.officer_history(
        pool,
        officer_id,
        after=(after.producer, after.position) if after is not None else None,
        limit=page.limit + 1,
    )
    recorded, next_cursor = HISTORY_CURSOR.page(
        rows, page.limit, key=lambda e: HistoryKey(producer=e["producer"], position=e["position"])
    )
    events = [ProjectedHistoryEntry.model_validate(e) for e in queries.oldest_first(recorded)]
    if not sees_personal_details(identity, unit_id):
        events = [withheld(e) for e in events]
    return OfficerHistoryResponse(officer_id=officer_id, events=events, next_cursor=next_cursor)
