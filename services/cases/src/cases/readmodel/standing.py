"""The enforcer directory the write side asks: `readmodel.enforcers.standing_at` over the read-model
connections.

The cases schema holds the `cases-enforcers` projection of personnel's certificate events; this
adapter gives the application a synchronous `EnforcerDirectory` over it, so an investigation step
is checked against who could enforce at that step's time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from uuid import UUID

from cases.domain.enforcers import LAND_RESOURCES, Standing
from cases.readmodel.connections import ReadModelConnections
from cases.readmodel.enforcers import standing_at


class ProjectedEnforcerDirectory:
    def __init__(self, connections: ReadModelConnections) -> None:
        self._connections = connections

    def standing_at(self, officer_ids: Sequence[UUID], at: datetime) -> Mapping[UUID, Standing]:
        with self._connections.connection() as conn:
            found = standing_at(conn, officer_ids, at, LAND_RESOURCES)
        return {officer: Standing(officer, s.can_enforce, s.certificate_no, s.reason) for officer, s in found.items()}

    def close(self) -> None:
        self._connections.close()  # shared with the other adapters; closing twice is harmless
