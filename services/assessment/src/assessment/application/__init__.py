"""Write side of assessment: the `Assessments` application, composed of one command mixin per area
so that one notification log orders every event of the service."""

from assessment.application.accountability import AccountabilityCommands
from assessment.application.complaints import ComplaintCommands
from assessment.application.decisions import DecisionCommands
from assessment.application.entries import EntryCommands
from assessment.application.periods import Computed, PeriodCommands, Recomputation
from assessment.application.ports import FactSnapshot, FactSource, InMemoryFacts, UnitHeads
from assessment.application.rewards import RewardCommands
from assessment.application.scheme import (
    PeriodKindChangeMidQuarterError,
    SchemeChangeRetroactiveError,
    SchemeCommands,
)


class Assessments(
    SchemeCommands,
    EntryCommands,
    RewardCommands,
    PeriodCommands,
    DecisionCommands,
    ComplaintCommands,
    AccountabilityCommands,
):
    """Assessment's event store: the scheme, the secretariat's entries, closed periods, their
    decisions and rewards, complaints, and accountability matters."""

    name = "assessment"  # the library names each subclass after itself unless told: tables, channel, env prefix


__all__ = [
    "Assessments",
    "Computed",
    "FactSnapshot",
    "FactSource",
    "InMemoryFacts",
    "PeriodKindChangeMidQuarterError",
    "Recomputation",
    "SchemeChangeRetroactiveError",
    "UnitHeads",
]
