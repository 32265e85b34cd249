"""Write side of cases: the `Cases` application, composed of one command mixin per area.

Each area (leads, penalty cases, case-file review, normative documents, satellite patches,
expropriation) keeps its commands in its own module as a mixin of `ServiceApplication`; this module
only composes them, so one notification log orders every event of the service.
"""

from __future__ import annotations

from datetime import date

from cases.commands.expropriation import ExpropriationCommands
from cases.commands.normative_documents import NormativeDocumentCommands
from cases.commands.satellite import SatelliteCommands
from shared.application import ServiceApplication
from shared.domain.calendar import CHINA_2017_2018, WorkingDayCalendar


class Cases(
    NormativeDocumentCommands,
    SatelliteCommands,
    ExpropriationCommands,
    ServiceApplication,
):
    name = "cases"

    def working_calendar(self, on: date) -> WorkingDayCalendar:
        """The working-day calendar that governs limits counted from `on` (configuration)."""
        return CHINA_2017_2018
