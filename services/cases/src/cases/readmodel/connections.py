"""A small synchronous pool on the cases schema, for the write side's checks against cases' own
read models of other services' events (who may enforce, the body-camera register)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool


class ReadModelConnections:
    def __init__(self, database_url: str, schema: str, *, max_size: int = 4) -> None:
        self._url = database_url
        self._schema = schema
        self._max_size = max_size
        self._pool: ConnectionPool | None = None
        self._lock = threading.Lock()

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        with self._opened().connection() as conn:
            yield conn

    def _opened(self) -> ConnectionPool:
        # Opened on first use: the relay and the projector build the application too, and never ask.
        with self._lock:
            if self._pool is None:
                self._pool = ConnectionPool(
                    self._url,
                    min_size=1,
                    max_size=self._max_size,
                    kwargs={"options": f"-c search_path={self._schema}", "autocommit": True},
                    name="cases-read-models",
                    open=True,
                    timeout=10,
                )
            return self._pool

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
