"""Personnel's own read models, fed by its public events like any other consumer's, and its consumer
of assessment's decisions (sanctions and transfers, applied through personnel's commands)."""

from collections.abc import Callable

from personnel.application import Personnel
from personnel.projections.assessment_decisions import AssessmentDecisions
from personnel.projections.directory import DirectoryProjection
from shared.messaging.projection import Projection


def all_projections(open_application: Callable[[], Personnel]) -> list[Projection]:
    """`open_application` builds personnel's application when the decisions consumer first needs it."""
    return [DirectoryProjection(), AssessmentDecisions(open_application)]


__all__ = ["AssessmentDecisions", "DirectoryProjection", "all_projections"]
