"""Settings of the personnel service (`PERSONNEL_*`, falling back to unprefixed names)."""

from typing import ClassVar

from pydantic import Field

from shared.settings import ServiceSettings


class PersonnelSettings(ServiceSettings):
    service: ClassVar[str] = "personnel"
    expiry_check_seconds: float = Field(
        default=15.0,
        gt=0,
        description="how often the scheduler looks for certificates whose expiry day has come and for sanctions"
        " due to take effect",
    )
