"""Commands on the guarantee mechanism: budget records, and assets with their assignment."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from personnel.application.base import PersonnelBase
from personnel.domain.assets import Asset, AssetKind, BudgetRecord
from personnel.domain.common import business_time, clean_text
from personnel.domain.errors import AssetNotFoundError, AssetNumberTakenError


class AssetCommands(PersonnelBase):
    def record_budget(self, *, year: int, amount_yuan: Decimal, purpose: str) -> BudgetRecord:
        record = BudgetRecord(
            year=year, amount_yuan=BudgetRecord.check_amount(amount_yuan), purpose=clean_text(purpose, "purpose")
        )
        self.save(record)
        return record

    def register_asset(self, *, asset_no: str, kind: AssetKind, description: str) -> Asset:
        asset = Asset(asset_no=asset_no, kind=kind.value, description=description)
        try:
            self.save(asset)
        except IntegrityError:
            raise AssetNumberTakenError(f"asset {asset_no} is already registered", asset_no=asset_no) from None
        return asset

    def get_asset(self, asset_no: str, expected_version: int | None = None) -> Asset:
        try:
            return self.load(Asset.create_id(asset_no), Asset, AssetNotFoundError, expected_version)
        except AssetNotFoundError:
            raise AssetNotFoundError(f"no asset numbered {asset_no}", asset_no=asset_no) from None

    def assign_asset(
        self,
        asset_no: str,
        *,
        unit_id: str | None,
        officer_id: UUID | None,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Asset:
        asset = self.get_asset(asset_no, expected_version)
        if officer_id is not None:
            self.get_officer(officer_id).check_in_service()  # equipment is not issued to one who left
        if unit_id is not None:
            self.require_unit(unit_id)
        asset.assign(unit_id=unit_id, officer_id=officer_id, at=business_time(at, "at"))
        self.save(asset)
        return asset
