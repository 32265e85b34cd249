"""Settings of the personnel service (`PERSONNEL_*`, falling back to unprefixed names)."""

from typing import ClassVar

from shared.settings import ServiceSettings


class PersonnelSettings(ServiceSettings):
    service: ClassVar[str] = "personnel"
