"""The event store's PostgreSQL recorder, with a retry policy that fails fast.

`eventsourcing` retries every read and insert ten times on any operational error. That heals a
dropped connection, but it turns a held table lock or a database outage into a request that hangs
for tens of seconds. Here a lock timeout or a cancelled statement is never retried (the caller gets
a 503 at once and nothing was written), and other connection errors are retried briefly; a pool that
lost its connections replaces them promptly once the database is back. Installed
with the library's own extension point, `APPLICATION_RECORDER_TOPIC`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

import psycopg.errors
import psycopg_pool
from eventsourcing.persistence import InterfaceError, OperationalError
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore

T = TypeVar("T")

ATTEMPTS = 3
WAIT_SECONDS = 0.1
# The database answered and said no: the connection is fine, and retrying only makes the caller wait.
_ANSWERED = (psycopg.errors.LockNotAvailable, psycopg.errors.QueryCanceled)
# How long the pool keeps retrying to replace a lost connection before it gives the slot up. The
# library's default (5 minutes, with doubling delays) can leave a pool waiting tens of seconds after
# the database is back; a slot given up is re-grown at once by the next request that needs it.
RECONNECT_SECONDS = 5.0


def _undecorated(method: Any) -> Callable[..., Any]:
    """The library's method without its own retry decorator (which keeps `__wrapped__`)."""
    unwrapped: Callable[..., Any] = getattr(method, "__wrapped__", method)
    return unwrapped


class FailFastApplicationRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        datastore.pool.reconnect_timeout = RECONNECT_SECONDS

    _insert = _undecorated(PostgresApplicationRecorder.insert_events)
    _select_events = _undecorated(PostgresApplicationRecorder.select_events)
    _select_notifications = _undecorated(PostgresApplicationRecorder.select_notifications)
    _max_notification_id = _undecorated(PostgresApplicationRecorder.max_notification_id)

    def _bounded(self, call: Callable[[], T]) -> T:
        attempt = 1
        while True:
            try:
                return call()
            except (InterfaceError, OperationalError) as exc:
                if isinstance(exc.__cause__, _ANSWERED):
                    raise
                # A lost connection rarely goes alone (a restart, a failover, terminated sessions):
                # test every idle one now and replace the dead, instead of letting each later request
                # find one, back off and time out. A pool that already waited its full timeout is
                # not asked again.
                self.datastore.pool.check()
                if isinstance(exc.__cause__, psycopg_pool.PoolTimeout) or attempt >= ATTEMPTS:
                    raise
                attempt += 1
                time.sleep(WAIT_SECONDS)

    def insert_events(self, stored_events: Any, **kwargs: Any) -> Any:
        return self._bounded(lambda: type(self)._insert(self, stored_events, **kwargs))

    def select_events(self, *args: Any, **kwargs: Any) -> Any:
        return self._bounded(lambda: type(self)._select_events(self, *args, **kwargs))

    def select_notifications(self, *args: Any, **kwargs: Any) -> Any:
        return self._bounded(lambda: type(self)._select_notifications(self, *args, **kwargs))

    def max_notification_id(self) -> Any:
        return self._bounded(lambda: type(self)._max_notification_id(self))
