"""What `zeren audit …` does (the parser is `shared.audit.cli`).

`verify` and `export` read `<SERVICE>_DATABASE_URL` / `DATABASE_URL` and `<SERVICE>_NATS_URL` /
`NATS_URL` (with the usual NATS credentials), like the service itself.

Exit codes: 0 verified (proven); 1 tampering found (no proof); 2 a usage error: an argument, a
setting, a key file or an export that cannot be used; 3 unavailable: the database or NATS could not
be reached (each first connection is bounded) or read. Anything but a verdict is one line on
stderr, never a traceback, so that 1 always means what it says.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import re
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from uuid import UUID

import asyncpg
import nats.errors
from nats.aio.client import Client
from pydantic import ValidationError

from shared.audit.archive import ExportError, export_log, import_log
from shared.audit.bench import run_bench
from shared.audit.checkpoint import log_origin
from shared.audit.leaf import StoredEventRow
from shared.audit.note import KeyRing, NoteError, SignerKey
from shared.audit.proof import EventProof, ProofRefusedError, check, prove
from shared.audit.published import PublishedLog, read_published_log, read_published_messages
from shared.audit.source import events_table, read_event_at, read_event_of
from shared.audit.verify import render, verify_table
from shared.messaging.connection import connect_nats
from shared.settings import ServiceSettings

EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3
# How long a first connection to the database or to NATS may take before the command gives up.
CONNECT_SECONDS = 10.0

# What "the database could not be reached or read" raises (a refused or timed-out connection, a
# server error); what NATS raises for the same (its own errors, timeouts, sockets).
DATABASE_ERRORS: tuple[type[Exception], ...] = (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)
NATS_ERRORS: tuple[type[Exception], ...] = (nats.errors.Error, OSError, TimeoutError)


class UsageError(Exception):
    """A missing or invalid argument, setting, key or export: exit code 2, not a verification failure."""


class UnavailableError(Exception):
    """The database or NATS could not be reached or read: exit code 3, not a verification failure."""


def run(args: argparse.Namespace, *, home: Path) -> int:
    # The connection's reconnect chatter is for long-running workers, not for a one-shot command.
    logging.getLogger("shared.messaging.connection").setLevel(logging.ERROR)
    actions: dict[str, Callable[[], int]] = {
        "verify": lambda: asyncio.run(verify(args, home)),
        "export": lambda: asyncio.run(export(args)),
        "prove": lambda: asyncio.run(prove_event(args, home)),
        "check-proof": lambda: check_proof(args, home),
        "keygen": lambda: keygen(args.name, Path(args.folder)),
        "bench": lambda: run_bench(events=args.events, state_bytes=args.state_bytes, real=args.real),
    }
    try:
        return actions[args.audit_command]()
    except UsageError as exc:
        return _refused(str(exc), EXIT_USAGE)
    except UnavailableError as exc:
        return _refused(str(exc), EXIT_UNAVAILABLE)
    # Below: what a step not wrapped above let through; still one line, still not "tampering found".
    except (ExportError, ValueError) as exc:
        return _refused(_reason(exc), EXIT_USAGE)
    except (*DATABASE_ERRORS, *NATS_ERRORS) as exc:
        return _refused(f"unavailable: {_reason(exc)}", EXIT_UNAVAILABLE)


def _refused(message: str, code: int) -> int:
    print(f"zeren audit: {message}", file=sys.stderr)
    return code


def _reason(exc: BaseException) -> str:
    """One line: the error's own words (a timeout has none: its kind then)."""
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def _env(service: str, name: str) -> str | None:
    return os.environ.get(f"{service.upper()}_{name}") or os.environ.get(name)


def _service_settings(service: str) -> ServiceSettings:
    if not _env(service, "DATABASE_URL") or not _env(service, "NATS_URL"):
        raise UsageError(f"set DATABASE_URL and NATS_URL (or {service.upper()}_DATABASE_URL, …)")
    scoped = type(f"{service.title()}AuditSettings", (ServiceSettings,), {"service": service})
    try:
        settings: ServiceSettings = scoped()
    except ValidationError as exc:
        names = sorted({str(error["loc"][0]).upper() for error in exc.errors() if error["loc"]})
        raise UsageError(f"settings invalid in the environment: {', '.join(names)}") from None
    return settings


def verifier_key_files(explicit: list[str], home: Path) -> list[Path]:
    if explicit:
        return [Path(path) for path in explicit]
    configured = os.environ.get("AUDIT_VERIFIER_KEY_FILES", "")
    if configured.strip():
        return [Path(part.strip()) for part in configured.split(",") if part.strip()]
    return sorted((home / "keys").glob("*.vkey"))


@contextlib.asynccontextmanager
async def _nats(service: str, name: str) -> AsyncIterator[Client]:
    """A NATS connection for one command; what NATS raises, connecting or reading, is UnavailableError."""
    settings = _service_settings(service)
    try:
        # Bounded here whatever the helper does with a first connection (nats-py alone retries forever).
        nc = await asyncio.wait_for(connect_nats(settings, name), timeout=CONNECT_SECONDS)
    except NATS_ERRORS as exc:
        raise UnavailableError(f"{service}: NATS is not reachable: {_reason(exc)}") from exc
    try:
        yield nc
    except NATS_ERRORS as exc:
        raise UnavailableError(f"{service}: reading the audit log from NATS failed: {_reason(exc)}") from exc
    finally:
        with contextlib.suppress(*NATS_ERRORS):
            await nc.close()


async def _published_from_nats(service: str) -> PublishedLog:
    async with _nats(service, "zeren-audit") as nc:
        return await read_published_log(nc.jetstream(), service)


@contextlib.asynccontextmanager
async def _event_store(service: str, args: argparse.Namespace) -> AsyncIterator[tuple[asyncpg.Connection, str]]:
    """A connection to the service's database and its event-store table's name; what the database
    raises, connecting or reading, is UnavailableError (a table that is not there, UsageError)."""
    schema, table = args.schema or service, args.table or events_table(service)
    database_url = _database_url(service)
    try:
        conn = await asyncpg.connect(database_url, timeout=CONNECT_SECONDS, server_settings={"search_path": schema})
    except asyncpg.ClientConfigurationError as exc:
        raise UsageError(f"{service}: the database URL cannot be used: {_reason(exc)}") from exc
    except DATABASE_ERRORS as exc:
        raise UnavailableError(f"{service}: the database is not reachable: {_reason(exc)}") from exc
    try:
        yield conn, table
    except asyncpg.UndefinedTableError as exc:
        raise UsageError(f"{service}: no table {table!r} in schema {schema!r} (see --schema and --table)") from exc
    except DATABASE_ERRORS as exc:
        raise UnavailableError(f"{service}: reading the event store failed: {_reason(exc)}") from exc
    finally:
        with contextlib.suppress(*DATABASE_ERRORS):
            await conn.close(timeout=CONNECT_SECONDS)


def trusted_keys(explicit: list[str], home: Path) -> KeyRing:
    paths = verifier_key_files(explicit, home)
    if not paths:
        raise UsageError("no verifier keys: pass --key FILE (one per key id) or set AUDIT_VERIFIER_KEY_FILES")
    try:
        return KeyRing.read(paths)
    except (OSError, NoteError) as exc:
        raise UsageError(f"cannot read the verifier keys: {exc}") from exc


def _database_url(service: str) -> str:
    database_url = _env(service, "DATABASE_URL")
    if not database_url:
        raise UsageError(f"set DATABASE_URL (or {service.upper()}_DATABASE_URL)")
    return database_url


def _imported(service: str, folder: Path) -> PublishedLog:
    try:
        return import_log(service, folder)
    except ExportError as exc:
        raise UsageError(f"{service}: not a usable export: {exc}") from exc


async def verify(args: argparse.Namespace, home: Path) -> int:
    service = args.service
    keys = trusted_keys(args.key, home)
    _database_url(service)
    started = time.perf_counter()
    published = _imported(service, Path(args.folder)) if args.folder else await _published_from_nats(service)
    source = f"export {args.folder}" if args.folder else "NATS"
    print(
        f"read {len(published.leaves)} leaves and {len(published.checkpoints)} checkpoints from {source}"
        f" in {time.perf_counter() - started:.2f} s; trusted keys: {', '.join(keys.key_ids)}"
    )
    async with _event_store(service, args) as (conn, table):
        report = await verify_table(
            conn, table, log=service, origin=log_origin(service), published=published, keys=keys
        )
    print(render(report))
    return 0 if report.ok else 1


# A notification id (any sign: a row forged below the log can be named, to be refused a proof), or
# an aggregate id and a version; ASCII digits only.
_NOTIFICATION_ID = re.compile(r"-?[0-9]{1,18}")
_VERSION = re.compile(r"[0-9]{1,9}")


def parse_event(event: str) -> int | tuple[str, int]:
    """What `prove`'s argument names: a notification id, or (aggregate id, version); UsageError else."""
    text = event.strip()
    if _NOTIFICATION_ID.fullmatch(text):
        return int(text)
    aggregate, _, version = text.rpartition(":")
    try:
        aggregate_id = str(UUID(aggregate))
    except ValueError:
        aggregate_id = ""
    if not aggregate_id or not _VERSION.fullmatch(version):
        raise UsageError(f"name an event by its notification id or as <aggregate id>:<version>, not {event!r}")
    return aggregate_id, int(version)


async def _stored_event(conn: asyncpg.Connection, table: str, event: int | tuple[str, int]) -> StoredEventRow:
    """The row `event` names: a notification id, or (aggregate id, version)."""
    if isinstance(event, int):
        found = await read_event_at(conn, table, event)
    else:
        found = await read_event_of(conn, table, *event)
    if found is None:
        named = event if isinstance(event, int) else f"{event[0]}:{event[1]}"
        raise UsageError(f"no stored event {named}")
    return found


async def prove_event(args: argparse.Namespace, home: Path) -> int:
    service = args.service
    event = parse_event(args.event)  # before any connection: a typo is a usage error, whatever is up
    keys = trusted_keys(args.key, home)
    _service_settings(service)
    async with _event_store(service, args) as (conn, table):
        row = await _stored_event(conn, table, event)
    try:
        proof = prove(service, row, await _published_from_nats(service), keys)
    except ProofRefusedError as exc:
        print(f"{service}: no proof: {exc}", file=sys.stderr)
        return 1
    if args.out:
        try:
            await asyncio.to_thread(Path(args.out).write_text, proof.to_json() + "\n", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write the proof to {args.out}: {exc.strerror or exc}") from exc
        print(f"{service}: {row.describe()} proven in leaf {proof.index}; proof written to {args.out}")
    else:
        print(proof.to_json())
    return 0


def check_proof(args: argparse.Namespace, home: Path) -> int:
    keys = trusted_keys(args.key, home)
    try:
        text = Path(args.proof).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {args.proof}: {exc}") from exc
    try:
        proven = check(EventProof.from_json(text), keys)
    except ProofRefusedError as exc:
        print(f"NOT PROVEN: {exc}")
        return 1
    checkpoint = proven.checkpoint.checkpoint
    row = proven.row
    print(
        f"PROVEN: {row.describe()}, topic {row.topic}, is leaf {proven.index} of {checkpoint.origin}"
        f" of size {checkpoint.size} signed at {checkpoint.issued_at:%Y-%m-%dT%H:%M:%SZ}"
        f" by {', '.join(proven.checkpoint.key_ids)}"
    )
    if row.state is not None:
        try:
            print(f"  state as stored: {row.state.decode('utf-8')}")
        except UnicodeDecodeError:
            print(f"  state as stored: {len(row.state)} bytes, not UTF-8")
    return 0


async def export(args: argparse.Namespace) -> int:
    service = args.service
    async with _nats(service, "zeren-audit-export") as nc:
        leaves, checkpoints = await read_published_messages(nc.jetstream(), service)
    try:
        manifest = export_log(service, leaves, checkpoints, Path(args.folder))
    except OSError as exc:
        raise UsageError(f"cannot write the export to {args.folder}: {exc.strerror or exc}") from exc
    print(f"exported {len(leaves)} leaves and {len(checkpoints)} checkpoints of {service}; manifest {manifest}")
    return 0


def keygen(name: str, folder: Path) -> int:
    try:
        signer = SignerKey.generate(name)
    except NoteError as exc:
        raise UsageError(str(exc)) from exc
    private, public = folder / f"{name}.key", folder / f"{name}.vkey"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if private.exists() or public.exists():
            raise UsageError(f"{private} or {public} exists already")
        private.touch(mode=0o600)
        private.write_text(signer.encode() + "\n", encoding="ascii")
        public.write_text(signer.verifier.encode() + "\n", encoding="ascii")
    except OSError as exc:
        raise UsageError(f"cannot write the keys to {folder}: {exc.strerror or exc}") from exc
    print(
        f"key id {signer.key_id}\n  signer key (keep secret, give to the notary): {private}\n  verifier key: {public}"
    )
    return 0
