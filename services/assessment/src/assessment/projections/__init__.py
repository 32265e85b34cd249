"""Assessment's projections, each fed by the public events of one or more producers."""

from assessment.projections.roster import RosterProjection
from shared.messaging.projection import Projection


def all_projections() -> list[Projection]:
    return [RosterProjection()]


__all__ = ["RosterProjection", "all_projections"]
