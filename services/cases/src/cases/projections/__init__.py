"""Cases' own read models of other services' events."""

from cases.projections.enforcers import EnforcersProjection
from shared.messaging.projection import Projection


def all_projections() -> list[Projection]:
    return [EnforcersProjection()]


__all__ = ["EnforcersProjection", "all_projections"]
