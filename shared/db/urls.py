"""One `postgresql://` URL per service, translated for `eventsourcing` (psycopg) and for asyncpg."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit


def eventsourcing_env(database_url: str, schema: str, *, pool_size: int = 10, lock_timeout: int = 2) -> dict[str, str]:
    """The `env` of an `eventsourcing` Application that stores its events in `schema`."""
    parts = urlsplit(database_url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise ValueError(f"not a PostgreSQL URL: {parts.scheme}://…")
    query = parse_qs(parts.query)
    host = parts.hostname or query.get("host", ["127.0.0.1"])[0]
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": unquote(parts.path.lstrip("/")) or "postgres",
        "POSTGRES_HOST": host,
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_SCHEMA": schema,
        "POSTGRES_POOL_SIZE": str(pool_size),
        "POSTGRES_MAX_OVERFLOW": str(pool_size),
        "POSTGRES_CONNECT_TIMEOUT": "2",
        "POSTGRES_LOCK_TIMEOUT": str(lock_timeout),
        "POSTGRES_PRE_PING": "y",
        "CREATE_TABLE": "y",
        # Fail fast on a held lock or an outage (see shared.db.recorder).
        "APPLICATION_RECORDER_TOPIC": "shared.db.recorder:FailFastApplicationRecorder",
    }


def redact(database_url: str) -> str:
    parts = urlsplit(database_url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return database_url
