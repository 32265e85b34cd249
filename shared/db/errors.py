"""The errors that say "the database is unreachable or busy right now", from both drivers.

Services read and write the event store through `eventsourcing` (psycopg, wrapped in the library's
own `OperationalError` and `InterfaceError`) and their read models through asyncpg. A worker that
meets one of these backs off and tries again; an API answers 503. Anything else is a bug or bad
data, and is handled as such.
"""

from __future__ import annotations

import asyncpg
import psycopg
import psycopg_pool
from eventsourcing.persistence import InterfaceError as StoreInterfaceError
from eventsourcing.persistence import OperationalError as StoreOperationalError

DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (
    StoreOperationalError,
    StoreInterfaceError,
    psycopg.OperationalError,
    psycopg_pool.PoolTimeout,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.TooManyConnectionsError,
    asyncpg.OperatorInterventionError,  # the server is shutting down or terminated the session
    # asyncpg's own state machine, confused by a session the server ended mid-operation (seen when a
    # pool resets such a connection on release): the connection is gone, nothing else is wrong.
    asyncpg.InternalClientError,
    asyncpg.QueryCanceledError,
    ConnectionError,
    TimeoutError,
)
