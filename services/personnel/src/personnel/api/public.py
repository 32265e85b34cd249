"""Public endpoints (no login, `/public/...`): check a certificate shown in the field, the roster of
officers who may enforce, and the power list (DOMAIN §8, sunshine enforcement)."""

from __future__ import annotations

import asyncio
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from personnel.api.deps import PersonnelDep, PoolDep
from personnel.api.schemas.common import Code, Limit
from personnel.api.schemas.powers import PowerItemResponse
from personnel.api.schemas.public import (
    CertificateCheckResponse,
    PublicPowerPage,
    PublishedRosterLine,
    RosterEntry,
    RosterPage,
    RosterPublicationPage,
    RosterPublicationResponse,
    RosterPublicationSummary,
)
from personnel.application import Personnel
from personnel.domain.common import bureau_day
from personnel.domain.errors import RosterPublicationNotFoundError
from personnel.readmodel import directory
from shared.domain import get_clock
from shared.web.authz import ZerenRoute, public
from shared.web.pagination import keyset_page
from shared.web.query import IsoAwareInstant

router = APIRouter(prefix="/public", tags=["public"], route_class=ZerenRoute)


@router.get(
    "/certificates/{certificate_no}",
    summary="Check a certificate by its number: valid now or not, holder, unit, expiry",
    dependencies=[public()],
)
def check_certificate(certificate_no: Code, personnel: PersonnelDep) -> CertificateCheckResponse:
    return CertificateCheckResponse.model_validate(personnel.check_certificate(certificate_no))


@router.get("/roster", summary="The officers who may enforce today, with their certificates", dependencies=[public()])
async def roster(pool: PoolDep, limit: Limit = 100, cursor: Annotated[Code | None, Query()] = None) -> RosterPage:
    today = bureau_day(get_clock().now())
    rows = [RosterEntry.model_validate(row) for row in await directory.public_roster(pool, today, limit + 1, cursor)]
    items, next_cursor = keyset_page(rows, limit, lambda entry: entry.certificate_no)
    return RosterPage(as_of=today, officers=items, next_cursor=next_cursor)


@router.get("/powers", summary="The published power list", dependencies=[public()])
async def powers(pool: PoolDep, limit: Limit = 100, cursor: Annotated[Code | None, Query()] = None) -> PublicPowerPage:
    rows = [PowerItemResponse.model_validate(row) for row in await directory.power_list(pool, limit + 1, cursor)]
    items, next_cursor = keyset_page(rows, limit, lambda power: power.code)
    return PublicPowerPage(powers=items, next_cursor=next_cursor)


@router.get(
    "/roster/publications",
    summary="The rosters the bureau published, newest first (page with `before` = the last `published_at`)",
    dependencies=[public()],
)
async def roster_publications(
    pool: PoolDep, limit: Limit = 20, before: Annotated[IsoAwareInstant | None, Query()] = None
) -> RosterPublicationPage:
    items = [
        RosterPublicationSummary.model_validate(row) for row in await directory.roster_publications(pool, before, limit)
    ]
    return RosterPublicationPage(
        publications=items, next_before=items[-1].published_at if len(items) == limit else None
    )


@router.get("/roster/publications/latest", summary="The roster as last published", dependencies=[public()])
async def latest_roster_publication(pool: PoolDep, personnel: PersonnelDep) -> RosterPublicationResponse:
    latest = await directory.roster_publications(pool, None, 1)
    if not latest:
        raise RosterPublicationNotFoundError("no roster has been published yet")
    return await asyncio.to_thread(_publication, personnel, latest[0]["roster_id"])


@router.get("/roster/publications/{roster_id}", summary="A roster as it was published", dependencies=[public()])
async def roster_publication(roster_id: UUID, personnel: PersonnelDep) -> RosterPublicationResponse:
    return await asyncio.to_thread(_publication, personnel, roster_id)


def _publication(personnel: Personnel, roster_id: UUID) -> RosterPublicationResponse:
    publication = personnel.get_roster_publication(roster_id)
    return RosterPublicationResponse(
        roster_id=publication.id,
        as_of=publication.as_of,
        channel=publication.channel.value,
        published_at=publication.published_at,
        officers=[
            PublishedRosterLine(
                certificate_no=line.certificate_no, name=line.name, unit_id=line.unit_id, expires_on=line.expires_on
            )
            for line in publication.lines
        ],
    )
