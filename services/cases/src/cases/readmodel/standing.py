"""The enforcer directory the write side asks: `readmodel.enforcers.standing_at` over a small pool.

The cases schema holds the `cases-enforcers` projection of personnel's certificate events; this
adapter gives the application a synchronous `EnforcerDirectory` over it, so an investigation step
is checked against who could enforce at that step's time.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import datetime
from uuid import UUID

from psycopg_pool import ConnectionPool

from cases.domain.enforcers import LAND_RESOURCES, Standing
from cases.readmodel.enforcers import standing_at


class ProjectedEnforcerDirectory:
    def __init__(self, database_url: str, schema: str, *, max_size: int = 4) -> None:
        self._url = database_url
        self._schema = schema
        self._max_size = max_size
        self._pool: ConnectionPool | None = None
        self._lock = threading.Lock()

    def _connections(self) -> ConnectionPool:
        # Opened on first use: the relay and the projector build the application too, and never ask.
        with self._lock:
            if self._pool is None:
                self._pool = ConnectionPool(
                    self._url,
                    min_size=1,
                    max_size=self._max_size,
                    kwargs={"options": f"-c search_path={self._schema}", "autocommit": True},
                    name="cases-enforcers",
                    open=True,
                    timeout=10,
                )
            return self._pool

    def standing_at(self, officer_ids: Sequence[UUID], at: datetime) -> Mapping[UUID, Standing]:
        with self._connections().connection() as conn:
            found = standing_at(conn, officer_ids, at, LAND_RESOURCES)
        return {officer: Standing(officer, s.can_enforce, s.certificate_no, s.reason) for officer, s in found.items()}

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
