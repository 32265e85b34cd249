"""A batch of monitoring patches as the county receives it, and its clearance deadline (月清).

Since 2021 the county must, within the current month, verify and report last month's patches
(月清、季核、年度评估). A monthly batch (period `YYYY-MM`) is therefore due at the end of the month
that follows its period (the number of months is configuration); an annual or supplementary batch
(period `YYYY`) carries the due day its campaign sets. After the due day the batch is settled once:
cleared if every patch it announced was registered and reported by then, breached otherwise.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from cases.domain.land_rules import AppliedRules
from cases.domain.land_time import bureau_date
from cases.domain.satellite_terms import BatchOverfilledError, BatchSource
from shared.domain import InvalidInputError, RecordedAggregate

PERIOD = re.compile(r"^(?P<year>20[0-9]{2})(-(?P<month>0[1-9]|1[0-2]))?$")


def parse_period(period: str) -> tuple[int, int | None]:
    match = PERIOD.match(period)
    if match is None:
        raise InvalidInputError("a period is a year (YYYY) or a month (YYYY-MM)", field="period", value=period)
    return int(match["year"]), int(match["month"]) if match["month"] else None


def monthly_due_on(year: int, month: int, months_after: int) -> date:
    """The last day of the month `months_after` months after the period's month."""
    index = year * 12 + (month - 1) + months_after
    due_year, due_month = divmod(index, 12)
    return date(due_year, due_month + 1, calendar.monthrange(due_year, due_month + 1)[1])


class SatelliteBatch(RecordedAggregate):
    class Received(RecordedAggregate.Created):
        region_code: str
        period: str
        source: str
        campaign: str
        patch_count: int
        verification_due_on: date
        rule_version: int

    class PatchesRegistered(RecordedAggregate.Event):
        patch_ids: list[UUID]

    class Cleared(RecordedAggregate.Event):
        region_code: str
        period: str
        due_on: date
        patch_count: int

    class ClearanceBreached(RecordedAggregate.Event):
        region_code: str
        period: str
        due_on: date
        unreported_patch_ids: list[UUID]
        missing_registrations: int

    @event(Received)
    def __init__(
        self,
        *,
        region_code: str,
        period: str,
        source: str,
        campaign: str,
        patch_count: int,
        verification_due_on: date,
        rule_version: int,
        occurred_at: datetime,
    ) -> None:
        self.region_code = region_code
        self.period = period
        self.source = source
        self.campaign = campaign
        self.patch_count = patch_count
        self.verification_due_on = verification_due_on
        self.rule_version = rule_version
        self.received_at = occurred_at
        self.patch_ids: list[UUID] = []
        self.settlement: str | None = None  # cleared | breached
        self.unreported_patch_ids: list[UUID] = []

    @classmethod
    def receive(
        cls,
        *,
        region_code: str,
        period: str,
        source: BatchSource,
        campaign: str,
        patch_count: int,
        received_at: datetime,
        verification_due_on: date | None,
        rules: AppliedRules,
    ) -> SatelliteBatch:
        year, month = parse_period(period)
        if patch_count < 0:
            raise InvalidInputError("patch_count cannot be negative", field="patch_count")
        if bureau_date(received_at) < date(year, month or 1, 1):
            raise InvalidInputError("a batch cannot arrive before its period begins", field="received_at")
        if month is not None:
            computed = monthly_due_on(year, month, int(rules["clearance_months_after_period"]))
            if verification_due_on is not None and verification_due_on != computed:
                raise InvalidInputError(
                    "a monthly batch is due by the clearance rule; leave verification_due_on out",
                    field="verification_due_on",
                    due_by_rule=computed.isoformat(),
                )
            verification_due_on = computed
        elif verification_due_on is None:
            raise InvalidInputError("an annual batch needs the due day its campaign sets", field="verification_due_on")
        elif verification_due_on < bureau_date(received_at):
            # A monthly batch pushed late keeps the due day of the rule; an annual due day set before
            # the batch even arrived is an entry error.
            raise InvalidInputError("the batch cannot be due before it arrives", field="verification_due_on")
        return cls(
            region_code=region_code,
            period=period,
            source=source.value,
            campaign=campaign,
            patch_count=patch_count,
            verification_due_on=verification_due_on,
            rule_version=rules.version,
            occurred_at=received_at,
        )

    @property
    def year(self) -> int:
        return int(self.period[:4])

    def add_patches(self, patch_ids: list[UUID]) -> None:
        if len(self.patch_ids) + len(patch_ids) > self.patch_count:
            raise BatchOverfilledError(
                "the batch announced fewer patches than are being registered",
                patch_count=self.patch_count,
                registered=len(self.patch_ids),
                adding=len(patch_ids),
            )
        self._patches_registered(patch_ids=list(patch_ids))

    def settle(self, today: date, first_reported_on: dict[UUID, date | None]) -> bool:
        """Settle the clearance once the due day is over; True if a verdict was recorded now."""
        if self.settlement is not None or today <= self.verification_due_on:
            return False
        due = self.verification_due_on
        unreported = [
            patch_id
            for patch_id in self.patch_ids
            if (reported := first_reported_on.get(patch_id)) is None or reported > due
        ]
        missing = max(0, self.patch_count - len(self.patch_ids))
        if unreported or missing:
            self._breached(
                region_code=self.region_code,
                period=self.period,
                due_on=due,
                unreported_patch_ids=unreported,
                missing_registrations=missing,
            )
        else:
            self._cleared(region_code=self.region_code, period=self.period, due_on=due, patch_count=self.patch_count)
        return True

    @event(PatchesRegistered)
    def _patches_registered(self, *, patch_ids: list[UUID]) -> None:
        self.patch_ids.extend(patch_ids)

    @event(Cleared)
    def _cleared(self, *, region_code: str, period: str, due_on: date, patch_count: int) -> None:
        self.settlement = "cleared"

    @event(ClearanceBreached)
    def _breached(
        self,
        *,
        region_code: str,
        period: str,
        due_on: date,
        unreported_patch_ids: list[UUID],
        missing_registrations: int,
    ) -> None:
        self.settlement = "breached"
        self.unreported_patch_ids = list(unreported_patch_ids)
