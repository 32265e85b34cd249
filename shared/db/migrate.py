"""Schema migrations: numbered SQL files applied once each, in order, under an advisory lock.

A service lists its migration folders (its own, plus the shared relay or consumer tables it uses);
each file is applied in its own transaction and recorded in `schema_migrations`.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import asyncpg

from shared.db.locks import schema_lock_key


@dataclass(frozen=True)
class MigrationSource:
    namespace: str  # keeps "relay/001" and "assessment/001" apart
    package: str  # package holding the .sql files
    folder: str = "sql"


@dataclass(frozen=True)
class Migration:
    key: str
    sql: str


def collect(sources: list[MigrationSource]) -> list[Migration]:
    migrations: list[Migration] = []
    for source in sources:
        folder = resources.files(source.package).joinpath(*source.folder.split("/"))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".sql"):
                migrations.append(Migration(key=f"{source.namespace}/{entry.name}", sql=entry.read_text()))
    return migrations


async def migrate(conn: asyncpg.Connection, schema: str, sources: list[MigrationSource]) -> list[str]:
    """Create `schema` if needed and apply the pending migrations; return the keys applied."""
    lock = schema_lock_key(schema)
    applied: list[str] = []
    await conn.execute("SELECT pg_advisory_lock($1)", lock)
    try:
        await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        await conn.execute(f'SET search_path TO "{schema}"')
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations"
            " (key text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {row["key"] for row in await conn.fetch("SELECT key FROM schema_migrations")}
        for migration in collect(sources):
            if migration.key in done:
                continue
            async with conn.transaction():
                await conn.execute(migration.sql)
                await conn.execute("INSERT INTO schema_migrations (key) VALUES ($1)", migration.key)
            applied.append(migration.key)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", lock)
    return applied


async def migrate_url(database_url: str, schema: str, sources: list[MigrationSource]) -> list[str]:
    conn = await asyncpg.connect(database_url)
    try:
        return await migrate(conn, schema, sources)
    finally:
        await conn.close()
