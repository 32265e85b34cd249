"""Cases' own read models: of other services' events, and of its own public events (one line per area)."""

from cases.projections.body_cameras import BodyCamerasProjection
from cases.projections.enforcers import EnforcersProjection
from cases.projections.procedure_index import ProcedureIndexProjection
from shared.messaging.projection import Projection


def all_projections() -> list[Projection]:
    return [EnforcersProjection(), BodyCamerasProjection(), ProcedureIndexProjection()]


__all__ = ["BodyCamerasProjection", "EnforcersProjection", "ProcedureIndexProjection", "all_projections"]
