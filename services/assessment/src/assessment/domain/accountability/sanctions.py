"""Sanctions and shares of responsibility as a matter holds them, and the tier rule of §3.2."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from assessment.domain.accountability.errors import SanctionOutsideTierError
from assessment.domain.accountability.terms import (
    TIER_SANCTIONS,
    AggravationGround,
    AppealResult,
    ExemptionEffect,
    ExemptionGround,
    ResponsibleRole,
    Share,
    Tier,
)


@dataclass
class Sanction:
    sanction_id: UUID
    officer_id: str | None
    unit_id: str | None
    officer_unit_id: str | None
    sanction_type: str
    tier: Tier
    effective_at: datetime
    ends_at: datetime | None
    decided_by: str
    decided_on: date
    revoked: bool = False
    appealed_on: date | None = None
    appeal_result: AppealResult | None = None

    @property
    def appeal_pending(self) -> bool:
        return self.appealed_on is not None and self.appeal_result is None

    def appeal_ends_on(self, appeal_days: int) -> date:
        """The last day on which the person may appeal (§3.2: within `appeal_days` of the decision)."""
        return self.decided_on + timedelta(days=appeal_days)

    def appealable_on(self, day: date, appeal_days: int) -> bool:
        """Whether an appeal lodged on `day` could still be taken."""
        return not self.revoked and self.appealed_on is None and day <= self.appeal_ends_on(appeal_days)


@dataclass
class Responsibility:
    role: ResponsibleRole
    share: Share
    basis: str


@dataclass
class OfficerStanding:
    responsibility: Responsibility | None = None
    exemption: tuple[ExemptionGround, ExemptionEffect] | None = None
    aggravations: list[AggravationGround] = field(default_factory=list)


def check_sanction(sanction_type: str, tier: Tier, *, officer_id: str | None, unit_id: str | None) -> None:
    """§3.2: a sanction belongs to its tier, and the unit tier to units only."""
    allowed = TIER_SANCTIONS[tier]
    if sanction_type not in allowed:
        raise SanctionOutsideTierError(
            f"{sanction_type} is not a sanction of tier {tier.value} (DOMAIN §3.2)",
            sanction_type=sanction_type,
            tier=tier.value,
            allowed=sorted(allowed),
            tier_of_type=next((t.value for t, types in TIER_SANCTIONS.items() if sanction_type in types), None),
        )
    if (tier is Tier.UNIT) != (unit_id is not None and officer_id is None):
        raise SanctionOutsideTierError(
            "unit-level sanctions apply to a unit, every other tier to an officer",
            tier=tier.value,
            officer_id=officer_id,
            unit_id=unit_id,
        )
