"""Reading a service's stored events straight from its event-store table, in notification order.

The notary and the verifier read the same columns the same way, and neither decodes an event:
the leaf covers the row as stored. Reading after a notification id is gap-safe because the
`eventsourcing` recorder inserts under an exclusive table lock, so ids are committed in order.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg

from shared.audit.leaf import StoredEventRow

DEFAULT_BATCH = 5000


def events_table(service: str) -> str:
    """The event-store table `eventsourcing` creates for a service's application (`<name>_events`)."""
    return f"{service}_events"


def _quoted(table: str) -> str:
    return '"' + table.replace('"', '""') + '"'


def _query(table: str) -> str:
    # The table name comes from configuration, never from a request, and is quoted as an identifier.
    return (
        "SELECT notification_id, originator_id::text AS originator_id, originator_version, topic, state"  # noqa: S608
        f" FROM {_quoted(table)} WHERE notification_id > $1 ORDER BY notification_id LIMIT $2"
    )


async def latest_notification_id(conn: asyncpg.Connection | asyncpg.Pool, table: str) -> int:
    return int(await conn.fetchval(f"SELECT coalesce(max(notification_id), 0) FROM {_quoted(table)}"))  # noqa: S608


async def read_events_after(
    conn: asyncpg.Connection | asyncpg.Pool, table: str, after: int, limit: int
) -> list[StoredEventRow]:
    rows = await conn.fetch(_query(table), after, limit)
    return [StoredEventRow(row[0], row[1], row[2], row[3], row[4]) for row in rows]


async def read_event_of(
    conn: asyncpg.Connection | asyncpg.Pool, table: str, aggregate_id: str, version: int
) -> StoredEventRow | None:
    """The stored event of one aggregate at one version, if there is one."""
    row = await conn.fetchrow(
        "SELECT notification_id, originator_id::text AS originator_id, originator_version, topic, state"  # noqa: S608
        f" FROM {_quoted(table)} WHERE originator_id::text = $1 AND originator_version = $2",
        aggregate_id.lower(),
        version,
    )
    return None if row is None else StoredEventRow(row[0], row[1], row[2], row[3], row[4])


async def stored_events(
    conn: asyncpg.Connection | asyncpg.Pool, table: str, *, after: int = 0, batch: int = DEFAULT_BATCH
) -> AsyncIterator[list[StoredEventRow]]:
    """Every stored event after notification `after`, in batches."""
    while True:
        rows = await read_events_after(conn, table, after, batch)
        if not rows:
            return
        yield rows
        after = rows[-1].notification_id
