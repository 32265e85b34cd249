"""Routes of cases."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import asyncpg
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from cases.readmodel.enforcers import enforcers_at
from shared.domain import get_clock
from shared.web.authz import READERS, ZerenRoute, allow

router = APIRouter(tags=["cases"], route_class=ZerenRoute)


def _pool(request: Request) -> asyncpg.Pool:
    pool: asyncpg.Pool = request.app.state.pool
    return pool


PoolDep = Annotated[asyncpg.Pool, Depends(_pool)]


class Enforcer(BaseModel):
    officer_id: UUID
    certificate_no: str
    issued_on: date
    expires_on: date


class EnforcersResponse(BaseModel):
    at: datetime
    scope_field: str
    enforcers: list[Enforcer]


@router.get(
    "/enforcers",
    summary="Officers whose certificate allowed them to enforce at an instant",
    dependencies=[allow(*READERS)],
)
async def list_enforcers(
    pool: PoolDep,
    at: Annotated[datetime | None, Query(description="default: now")] = None,
    scope_field: Annotated[str, Query(max_length=64)] = "land_resources",
) -> EnforcersResponse:
    instant = at or get_clock().now()
    rows = await enforcers_at(pool, instant, scope_field)
    return EnforcersResponse(at=instant, scope_field=scope_field, enforcers=[Enforcer.model_validate(r) for r in rows])
