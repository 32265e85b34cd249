"""Write side of cases: the `Cases` application, composed of one command mixin per area.

Each area (leads, patrols, penalty cases, case-file review, normative documents, satellite patches,
expropriation) keeps its commands in its own module as a mixin of `ServiceApplication`; this module
only composes them, so one notification log orders every event of the service.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cases.commands.base import RuleSetNotFoundError
from cases.commands.case_decision import CaseDecisionCommands
from cases.commands.case_investigation import CaseInvestigationCommands
from cases.commands.case_lifecycle import CaseLifecycleCommands
from cases.commands.deadlines import DeadlineCommands
from cases.commands.expropriation import ExpropriationCommands
from cases.commands.file_reviews import FileReviewCommands
from cases.commands.leads import LeadCommands
from cases.commands.normative_documents import NormativeDocumentCommands
from cases.commands.patrols import PatrolCommands
from cases.commands.rules import RuleCommands
from cases.commands.satellite import SatelliteCommands
from cases.domain.enforcers import EnforcerDirectory, NoEnforcers
from cases.domain.recording import CameraRegister, NoCameras
from cases.domain.rules import WORKING_CALENDAR, calendar_values
from shared.application import ServiceApplication
from shared.domain.calendar import CHINA_2017_2018, WorkingDayCalendar
from shared.domain.rules import NoRulesInForceError


class Cases(
    RuleCommands,
    LeadCommands,
    PatrolCommands,
    CaseInvestigationCommands,
    CaseDecisionCommands,
    CaseLifecycleCommands,
    FileReviewCommands,
    DeadlineCommands,
    NormativeDocumentCommands,
    SatelliteCommands,
    ExpropriationCommands,
    ServiceApplication,
):
    name = "cases"

    def __init__(
        self, env: Any = None, *, enforcers: EnforcerDirectory | None = None, cameras: CameraRegister | None = None
    ) -> None:
        super().__init__(env)
        self.enforcers = enforcers or NoEnforcers()
        self.cameras = cameras or NoCameras()
        self.ensure_default_rules()

    def close(self) -> None:
        for port in (self.enforcers, self.cameras):
            closer = getattr(port, "close", None)
            if callable(closer):
                closer()
        super().close()

    def working_calendar(self, on: date) -> WorkingDayCalendar:
        """The working-day calendar that governs limits counted from `on` (configuration).

        The `working_calendar` rule set holds the holidays and make-up days the State Council
        publishes each year; until a version is published, the 2017–2018 schedule applies.
        """
        try:
            version = self.rules_in_force(WORKING_CALENDAR, on)
        except (NoRulesInForceError, RuleSetNotFoundError):
            return CHINA_2017_2018
        holidays, makeup = calendar_values(version.values)
        return WorkingDayCalendar.of(holidays, makeup)
