"""Settings of the assessment service (`ASSESSMENT_*`, falling back to unprefixed names)."""

from typing import ClassVar

from shared.settings import ServiceSettings


class AssessmentSettings(ServiceSettings):
    service: ClassVar[str] = "assessment"
