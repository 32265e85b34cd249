"""Public endpoints (no login, `/public/...`): check a certificate shown in the field, the roster of
officers who may enforce, and the power list (DOMAIN §8, sunshine enforcement)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from personnel.api.deps import PersonnelDep, PoolDep
from personnel.api.schemas.common import Code, Limit
from personnel.api.schemas.powers import PowerItemResponse
from personnel.api.schemas.public import CertificateCheckResponse, PublicPowerPage, RosterEntry, RosterPage
from personnel.domain.common import bureau_day
from personnel.readmodel import directory
from shared.domain import get_clock
from shared.web.authz import ZerenRoute, public

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
    items = [RosterEntry.model_validate(row) for row in await directory.public_roster(pool, today, limit, cursor)]
    return RosterPage(
        as_of=today, officers=items, next_cursor=items[-1].certificate_no if len(items) == limit else None
    )


@router.get("/powers", summary="The published power list", dependencies=[public()])
async def powers(pool: PoolDep, limit: Limit = 100, cursor: Annotated[Code | None, Query()] = None) -> PublicPowerPage:
    items = [PowerItemResponse.model_validate(row) for row in await directory.power_list(pool, limit, cursor)]
    return PublicPowerPage(powers=items, next_cursor=items[-1].code if len(items) == limit else None)
