"""Reading a service's stored events straight from its event-store table, in notification order.

The notary and the verifier read the same columns the same way, and neither decodes an event:
the leaf covers the row as stored. Reading after a notification id is gap-safe because the
`eventsourcing` recorder inserts under an exclusive table lock, so ids are committed in order.

The recorder numbers events from 1, and the notary follows the log from there. A row numbered
below 1 (or not at all) can only have been written around the application: the verifier reads the
table with no lower bound and counts it (`table_census`), so such a row is named, never unseen.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg

from shared.audit.leaf import FIRST_NOTIFICATION_ID, StoredEventRow

DEFAULT_BATCH = 5000


def events_table(service: str) -> str:
    """The event-store table `eventsourcing` creates for a service's application (`<name>_events`)."""
    return f"{service}_events"


def _quoted(table: str) -> str:
    return '"' + table.replace('"', '""') + '"'


_COLUMNS = "notification_id, originator_id::text AS originator_id, originator_version, topic, state"


def _query(table: str, *, bounded: bool = True) -> str:
    # The table name comes from configuration, never from a request, and is quoted as an identifier.
    where = "notification_id > $1" if bounded else "notification_id IS NOT NULL"
    limit = "$2" if bounded else "$1"
    return f"SELECT {_COLUMNS} FROM {_quoted(table)} WHERE {where} ORDER BY notification_id LIMIT {limit}"  # noqa: S608


@dataclass(frozen=True)
class TableCensus:
    """What the table holds, counted apart from the walk in notification order."""

    rows: int
    first: int | None  # the lowest notification id
    unnumbered: int  # rows without a notification id (invisible to any walk in notification order)


async def table_census(conn: asyncpg.Connection | asyncpg.Pool, table: str) -> TableCensus:
    row = await conn.fetchrow(
        f"SELECT count(*), min(notification_id), count(*) - count(notification_id) FROM {_quoted(table)}"  # noqa: S608
    )
    assert row is not None
    return TableCensus(rows=int(row[0]), first=row[1], unnumbered=int(row[2]))


async def rows_below_the_log(conn: asyncpg.Connection | asyncpg.Pool, table: str) -> int:
    """Stored rows the notary never reads: numbered below the first notification id, or not at all."""
    quoted = _quoted(table)
    return int(
        await conn.fetchval(
            f"SELECT (SELECT count(*) FROM {quoted} WHERE notification_id < $1)"  # noqa: S608
            f" + (SELECT count(*) FROM {quoted} WHERE notification_id IS NULL)",
            FIRST_NOTIFICATION_ID,
        )
    )


async def latest_notification_id(conn: asyncpg.Connection | asyncpg.Pool, table: str) -> int:
    return int(await conn.fetchval(f"SELECT coalesce(max(notification_id), 0) FROM {_quoted(table)}"))  # noqa: S608


async def read_events_after(
    conn: asyncpg.Connection | asyncpg.Pool, table: str, after: int, limit: int
) -> list[StoredEventRow]:
    rows = await conn.fetch(_query(table), after, limit)
    return [StoredEventRow(row[0], row[1], row[2], row[3], row[4]) for row in rows]


async def read_first_events(conn: asyncpg.Connection | asyncpg.Pool, table: str, limit: int) -> list[StoredEventRow]:
    """The first `limit` stored events in notification order, whatever their ids (no lower bound)."""
    rows = await conn.fetch(_query(table, bounded=False), limit)
    return [StoredEventRow(row[0], row[1], row[2], row[3], row[4]) for row in rows]


async def read_event_at(
    conn: asyncpg.Connection | asyncpg.Pool, table: str, notification_id: int
) -> StoredEventRow | None:
    """The stored event with this notification id, if there is one."""
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM {_quoted(table)} WHERE notification_id = $1",  # noqa: S608
        notification_id,
    )
    return None if row is None else StoredEventRow(row[0], row[1], row[2], row[3], row[4])


async def read_event_of(
    conn: asyncpg.Connection | asyncpg.Pool, table: str, aggregate_id: str, version: int
) -> StoredEventRow | None:
    """The stored event of one aggregate at one version, if there is one."""
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM {_quoted(table)} WHERE originator_id::text = $1 AND originator_version = $2",  # noqa: S608
        aggregate_id.lower(),
        version,
    )
    return None if row is None else StoredEventRow(row[0], row[1], row[2], row[3], row[4])


async def stored_events(
    conn: asyncpg.Connection | asyncpg.Pool, table: str, *, after: int | None = None, batch: int = DEFAULT_BATCH
) -> AsyncIterator[list[StoredEventRow]]:
    """Every stored event after notification `after` (by default every numbered one, from the lowest
    id whatever it is), in batches."""
    rows = await (
        read_first_events(conn, table, batch) if after is None else read_events_after(conn, table, after, batch)
    )
    while rows:
        yield rows
        rows = await read_events_after(conn, table, rows[-1].notification_id, batch)
