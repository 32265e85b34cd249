"""Cross-process locks (PostgreSQL advisory locks): one active relay, notary or scheduler, and the schema's DDL.

Several processes of one service start at once (API replicas, relay, projector); the schema's DDL
(migrations, and the event-store tables `eventsourcing` creates) must run one process at a time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

import psycopg

T = TypeVar("T")


def advisory_key(name: str) -> int:
    """A stable 64-bit advisory lock key for a name such as "zeren-relay:personnel"."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def schema_lock_key(schema: str) -> int:
    return advisory_key(f"zeren-schema:{schema}")


def under_schema_lock(database_url: str, schema: str, action: Callable[[], T]) -> T:
    """Run `action` (which may create tables) while holding the schema's lock."""
    key = schema_lock_key(schema)
    with psycopg.connect(database_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (key,))
        try:
            return action()
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
