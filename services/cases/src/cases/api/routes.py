"""Routes of cases."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import asyncpg
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from cases.readmodel.cameras import body_cameras
from cases.readmodel.enforcers import enforcers_at
from shared.domain import get_clock
from shared.web.authz import READERS, ZerenRoute, allow
from shared.web.pagination import NEXT_CURSOR_DESCRIPTION, CursorCodec, PageDep
from shared.web.query import IsoInstant

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
    next_cursor: str | None = Field(default=None, description=NEXT_CURSOR_DESCRIPTION)


class EnforcerKey(BaseModel):
    officer_id: UUID
    certificate_no: str


ENFORCERS_CURSOR = CursorCodec("cases.enforcers", EnforcerKey)


@router.get(
    "/enforcers",
    summary="Officers whose certificate allowed them to enforce at an instant",
    dependencies=[allow(*READERS)],
)
async def list_enforcers(
    pool: PoolDep,
    page: PageDep,
    at: Annotated[IsoInstant | None, Query(description="default: now")] = None,
    scope_field: Annotated[str, Query(max_length=64, pattern=r"^[a-z0-9_]+$")] = "land_resources",
) -> EnforcersResponse:
    instant = at or get_clock().now()
    after = ENFORCERS_CURSOR.decode(page.cursor)
    rows = await enforcers_at(
        pool,
        instant,
        scope_field,
        after=(after.officer_id, after.certificate_no) if after is not None else None,
        limit=page.limit + 1,
    )
    enforcers, next_cursor = ENFORCERS_CURSOR.page(
        [Enforcer.model_validate(r) for r in rows],
        page.limit,
        key=lambda e: EnforcerKey(officer_id=e.officer_id, certificate_no=e.certificate_no),
    )
    return EnforcersResponse(at=instant, scope_field=scope_field, enforcers=enforcers, next_cursor=next_cursor)


class BodyCamera(BaseModel):
    asset_no: str = Field(description="the asset tag a clip names as its `device_id`")
    asset_id: UUID
    description: str
    unit_id: str | None = Field(description="the unit it is assigned to, if any")
    officer_id: UUID | None = Field(description="the officer it is assigned to, if any")
    assigned_at: datetime | None


class BodyCamerasResponse(BaseModel):
    body_cameras: list[BodyCamera]
    next_cursor: str | None = Field(default=None, description=NEXT_CURSOR_DESCRIPTION)


class BodyCameraKey(BaseModel):
    asset_no: str


BODY_CAMERAS_CURSOR = CursorCodec("cases.body_cameras", BodyCameraKey)


@router.get(
    "/body-cameras",
    summary="The body cameras of personnel's asset register, whose clips an act on site may carry",
    dependencies=[allow(*READERS)],
)
async def list_body_cameras(pool: PoolDep, page: PageDep) -> BodyCamerasResponse:
    after = BODY_CAMERAS_CURSOR.decode(page.cursor)
    rows = await body_cameras(pool, after=after.asset_no if after is not None else None, limit=page.limit + 1)
    cameras, next_cursor = BODY_CAMERAS_CURSOR.page(
        [BodyCamera.model_validate(r) for r in rows], page.limit, key=lambda c: BodyCameraKey(asset_no=c.asset_no)
    )
    return BodyCamerasResponse(body_cameras=cameras, next_cursor=next_cursor)
