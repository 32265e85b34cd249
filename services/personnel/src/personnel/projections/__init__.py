"""Personnel's own read models, fed by its public events like any other consumer's."""

from personnel.projections.directory import DirectoryProjection
from shared.messaging.projection import Projection


def all_projections() -> list[Projection]:
    return [DirectoryProjection()]


__all__ = ["DirectoryProjection", "all_projections"]
