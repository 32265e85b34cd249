"""Settings of the cases service (`CASES_*`, falling back to unprefixed names)."""

from typing import ClassVar

from shared.settings import ServiceSettings


class CasesSettings(ServiceSettings):
    service: ClassVar[str] = "cases"
