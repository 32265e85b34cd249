"""Assessment's projections, each fed by the public events of one or more producers."""

from assessment.projections.decisions import DecisionsProjection
from assessment.projections.facts import FactsProjection
from assessment.projections.roster import RosterProjection
from shared.messaging.projection import Projection


def all_projections() -> list[Projection]:
    return [RosterProjection(), FactsProjection(), DecisionsProjection()]


__all__ = ["DecisionsProjection", "FactsProjection", "RosterProjection", "all_projections"]
