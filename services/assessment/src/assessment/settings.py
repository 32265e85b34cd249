"""Settings of the assessment service (`ASSESSMENT_*`, falling back to unprefixed names)."""

from datetime import date
from typing import ClassVar

from shared.settings import ServiceSettings


class AssessmentSettings(ServiceSettings):
    service: ClassVar[str] = "assessment"

    # The shipped scheme and accountability rules take effect from this day (published once, as
    # version 1, on the first start).
    default_rules_effective_from: date = date(2017, 1, 1)
    # The scheduler closes a period this many days after it ends (late facts still count), and only
    # the period right after the last one closed: a series is started by hand.
    auto_close_grace_days: int = 3
    auto_close_every_seconds: float = 300.0
    facts_pool_size: int = 4
    # Satellite events name a region, not a unit: the unit that answers for the satellite campaign
    # (DOMAIN §9.1: the enforcement brigade) is the one an accountability matter they trigger names.
    satellite_unit_id: str = "ENF"
