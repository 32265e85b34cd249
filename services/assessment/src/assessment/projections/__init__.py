"""Assessment's projections, each fed by the public events of one or more producers, and the
accountability policy consumer, which follows cases' stream the same way."""

from collections.abc import Callable

from assessment.application import Assessments
from assessment.projections.decisions import DecisionsProjection
from assessment.projections.facts import FactsProjection
from assessment.projections.roster import RosterProjection
from assessment.projections.triggers import AccountabilityTriggers
from shared.messaging.projection import Projection


def read_models() -> list[Projection]:
    return [RosterProjection(), FactsProjection(), DecisionsProjection()]


def all_projections(open_application: Callable[[], Assessments], *, satellite_unit_id: str) -> list[Projection]:
    """The read models and the policy (which raises matters through an application it opens on first use)."""
    return [*read_models(), AccountabilityTriggers(open_application, satellite_unit_id=satellite_unit_id)]


__all__ = [
    "AccountabilityTriggers",
    "DecisionsProjection",
    "FactsProjection",
    "RosterProjection",
    "all_projections",
    "read_models",
]
