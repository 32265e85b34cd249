"""The event store's PostgreSQL recorder, with a retry policy that fails fast.

`eventsourcing` retries every read and insert ten times on any operational error. That heals a
dropped connection, but it turns a held table lock or a database outage into a request that hangs
for tens of seconds. Here a lock timeout or a cancelled statement is never retried (the caller gets
a 503 at once and nothing was written), and other connection errors are retried briefly. Installed
with the library's own extension point, `APPLICATION_RECORDER_TOPIC`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

import psycopg.errors
from eventsourcing.persistence import InterfaceError, OperationalError
from eventsourcing.postgres import PostgresApplicationRecorder

T = TypeVar("T")

ATTEMPTS = 3
WAIT_SECONDS = 0.1
# The database answered, and said no: retrying only makes the caller wait longer.
_NOT_RETRIED = (psycopg.errors.LockNotAvailable, psycopg.errors.QueryCanceled)


def _undecorated(method: Any) -> Callable[..., Any]:
    """The library's method without its own retry decorator (which keeps `__wrapped__`)."""
    unwrapped: Callable[..., Any] = getattr(method, "__wrapped__", method)
    return unwrapped


def _bounded(call: Callable[[], T]) -> T:
    attempt = 1
    while True:
        try:
            return call()
        except (InterfaceError, OperationalError) as exc:
            if isinstance(exc.__cause__, _NOT_RETRIED) or attempt >= ATTEMPTS:
                raise
            attempt += 1
            time.sleep(WAIT_SECONDS)


class FailFastApplicationRecorder(PostgresApplicationRecorder):
    _insert = _undecorated(PostgresApplicationRecorder.insert_events)
    _select_events = _undecorated(PostgresApplicationRecorder.select_events)
    _select_notifications = _undecorated(PostgresApplicationRecorder.select_notifications)
    _max_notification_id = _undecorated(PostgresApplicationRecorder.max_notification_id)

    def insert_events(self, stored_events: Any, **kwargs: Any) -> Any:
        return _bounded(lambda: type(self)._insert(self, stored_events, **kwargs))

    def select_events(self, *args: Any, **kwargs: Any) -> Any:
        return _bounded(lambda: type(self)._select_events(self, *args, **kwargs))

    def select_notifications(self, *args: Any, **kwargs: Any) -> Any:
        return _bounded(lambda: type(self)._select_notifications(self, *args, **kwargs))

    def max_notification_id(self) -> Any:
        return _bounded(lambda: type(self)._max_notification_id(self))
