"""Real PostgreSQL and NATS for the tests: started by the session, or named by the environment.

ZEREN_TEST_DATABASE_URL   an existing server (any database; each test creates its own)
ZEREN_TEST_NATS_URL       an existing nats-server with JetStream (streams are reset per test)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from uuid import uuid4

import psycopg

from shared.devstack.nats import EmbeddedNats
from shared.devstack.postgres import EmbeddedPostgres
from shared.devstack.process import free_port


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


@dataclass
class PostgresServer:
    admin_url: str
    embedded: EmbeddedPostgres | None = None

    @classmethod
    def start(cls, home: Path) -> PostgresServer:
        named = os.environ.get("ZEREN_TEST_DATABASE_URL")
        if named:
            return cls(admin_url=named)
        embedded = EmbeddedPostgres(home, free_port())
        return cls(admin_url=with_database(embedded.start(), "postgres"), embedded=embedded)

    def create_database(self) -> str:
        name = f"test_{uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return with_database(self.admin_url, name)

    def drop_database(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.embedded is not None:
            self.embedded.stop()


@dataclass
class NatsServer:
    url: str
    embedded: EmbeddedNats | None = None

    @classmethod
    def start(cls, home: Path) -> NatsServer:
        named = os.environ.get("ZEREN_TEST_NATS_URL")
        if named:
            return cls(url=named)
        embedded = EmbeddedNats(home, free_port())
        return cls(url=embedded.start(), embedded=embedded)

    @property
    def restartable(self) -> bool:
        return self.embedded is not None

    def stop(self) -> None:
        if self.embedded is not None:
            self.embedded.stop()

    def crash(self) -> None:
        """kill -9: no clean shutdown; the store keeps only what reached the operating system."""
        assert self.embedded is not None
        assert self.embedded.process is not None
        self.embedded.process.kill()
        self.embedded.process.wait(timeout=10)
        self.embedded.process = None

    def restart(self) -> None:
        assert self.embedded is not None
        self.embedded.start()
