"""Settings of the cases service (`CASES_*`, falling back to unprefixed names)."""

from typing import ClassVar

from shared.settings import ServiceSettings


class CasesSettings(ServiceSettings):
    service: ClassVar[str] = "cases"

    # How often the scheduler looks for missed deadlines (a breach is recorded once, whenever found).
    deadline_watch_seconds: float = 60.0
