"""The guarantee mechanism (保障机制): the bureau's budget records and its assets — vehicles,
computers, body cameras (执法记录仪) — each assignable to a unit or to an officer (DOMAIN §4.3, §8)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import event

from personnel.domain.errors import AssetAlreadyAssignedThereError
from shared.domain import InvalidInputError, RecordedAggregate

ASSET_NAMESPACE = UUID("8d0f2b4c-6e8a-4c0d-a2b4-5c7e9f1a3b46")


class AssetKind(StrEnum):
    VEHICLE = "vehicle"
    COMPUTER = "computer"
    BODY_CAMERA = "body_camera"


class BudgetRecord(RecordedAggregate):
    """Money invested in enforcement (the article: over 1.3 million yuan)."""

    class Recorded(RecordedAggregate.Created):
        year: int
        amount_yuan: Decimal
        purpose: str

    @event(Recorded)
    def __init__(self, year: int, amount_yuan: Decimal, purpose: str) -> None:
        self.year = year
        self.amount_yuan = amount_yuan
        self.purpose = purpose

    @staticmethod
    def check_amount(amount_yuan: Decimal) -> Decimal:
        if amount_yuan <= 0:
            raise InvalidInputError("a budget record is a positive amount", amount_yuan=str(amount_yuan))
        return amount_yuan


class Asset(RecordedAggregate):
    """One vehicle, computer or body camera, identified by its asset number."""

    class Registered(RecordedAggregate.Created):
        asset_no: str
        kind: str
        description: str

    class Assigned(RecordedAggregate.Event):
        asset_no: str
        kind: str
        unit_id: str | None
        officer_id: UUID | None

    @staticmethod
    def create_id(asset_no: str) -> UUID:
        return uuid5(ASSET_NAMESPACE, asset_no)

    @event(Registered)
    def __init__(self, asset_no: str, kind: str, description: str) -> None:
        self.asset_no = asset_no
        self.kind = AssetKind(kind)
        self.description = description
        self.unit_id: str | None = None
        self.officer_id: UUID | None = None

    def assign(self, *, unit_id: str | None, officer_id: UUID | None, at: datetime) -> None:
        if (unit_id is None) == (officer_id is None):
            raise InvalidInputError("assign an asset to exactly one unit or one officer", field="unit_id|officer_id")
        if (unit_id, officer_id) == (self.unit_id, self.officer_id):
            raise AssetAlreadyAssignedThereError(
                "the asset is already assigned there", unit_id=unit_id, officer_id=str(officer_id or "")
            )
        self._assigned(
            asset_no=self.asset_no, kind=self.kind.value, unit_id=unit_id, officer_id=officer_id, occurred_at=at
        )

    @event(Assigned)
    def _assigned(
        self,
        asset_no: str,
        kind: str,
        unit_id: str | None,
        officer_id: UUID | None,
        occurred_at: datetime | None = None,
    ) -> None:
        self.unit_id = unit_id
        self.officer_id = officer_id
