"""What `zeren audit …` does (the parser is `shared.audit.cli`).

`verify` and `export` read `<SERVICE>_DATABASE_URL` / `DATABASE_URL` and `<SERVICE>_NATS_URL` /
`NATS_URL` (with the usual NATS credentials), like the service itself.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import asyncpg

from shared.audit.archive import export_log, import_log
from shared.audit.bench import run_bench
from shared.audit.checkpoint import log_origin
from shared.audit.leaf import StoredEventRow
from shared.audit.note import KeyRing, NoteError, SignerKey
from shared.audit.proof import EventProof, ProofRefusedError, check, prove
from shared.audit.published import PublishedLog, read_published_log, read_published_messages
from shared.audit.source import events_table, read_event_of, read_events_after, stored_events
from shared.audit.verify import render, verify_log
from shared.messaging.connection import connect_nats
from shared.settings import ServiceSettings


class UsageError(Exception):
    """A missing setting or key: exit code 2, not a verification failure."""


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
        print(f"zeren audit: {exc}", file=sys.stderr)
        return 2


def _env(service: str, name: str) -> str | None:
    return os.environ.get(f"{service.upper()}_{name}") or os.environ.get(name)


def _service_settings(service: str) -> ServiceSettings:
    if not _env(service, "DATABASE_URL") or not _env(service, "NATS_URL"):
        raise UsageError(f"set DATABASE_URL and NATS_URL (or {service.upper()}_DATABASE_URL, …)")
    scoped = type(f"{service.title()}AuditSettings", (ServiceSettings,), {"service": service})
    settings: ServiceSettings = scoped()
    return settings


def verifier_key_files(explicit: list[str], home: Path) -> list[Path]:
    if explicit:
        return [Path(path) for path in explicit]
    configured = os.environ.get("AUDIT_VERIFIER_KEY_FILES", "")
    if configured.strip():
        return [Path(part.strip()) for part in configured.split(",") if part.strip()]
    return sorted((home / "keys").glob("*.vkey"))


async def _published_from_nats(service: str) -> PublishedLog:
    nc = await connect_nats(_service_settings(service), "zeren-audit")
    try:
        return await read_published_log(nc.jetstream(), service)
    finally:
        await nc.close()


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


async def verify(args: argparse.Namespace, home: Path) -> int:
    service = args.service
    keys = trusted_keys(args.key, home)
    database_url = _database_url(service)
    started = time.perf_counter()
    published = import_log(service, Path(args.folder)) if args.folder else await _published_from_nats(service)
    source = f"export {args.folder}" if args.folder else "NATS"
    print(
        f"read {len(published.leaves)} leaves and {len(published.checkpoints)} checkpoints from {source}"
        f" in {time.perf_counter() - started:.2f} s; trusted keys: {', '.join(keys.key_ids)}"
    )
    conn = await asyncpg.connect(database_url, server_settings={"search_path": args.schema or service})
    try:
        report = await verify_log(
            service, log_origin(service), stored_events(conn, args.table or events_table(service)), published, keys
        )
    finally:
        await conn.close()
    print(render(report))
    return 0 if report.ok else 1


async def _stored_event(conn: asyncpg.Connection, table: str, event: str) -> StoredEventRow:
    """The row `event` names: a notification id, or `<aggregate id>:<version>`."""
    if event.isdigit():
        rows = await read_events_after(conn, table, int(event) - 1, 1)
        found = rows[0] if rows and rows[0].notification_id == int(event) else None
    else:
        aggregate, _, version = event.rpartition(":")
        if not aggregate or not version.isdigit():
            raise UsageError(f"name an event by its notification id or as <aggregate id>:<version>, not {event!r}")
        found = await read_event_of(conn, table, aggregate, int(version))
    if found is None:
        raise UsageError(f"no stored event {event}")
    return found


async def prove_event(args: argparse.Namespace, home: Path) -> int:
    service = args.service
    keys = trusted_keys(args.key, home)
    conn = await asyncpg.connect(_database_url(service), server_settings={"search_path": args.schema or service})
    try:
        row = await _stored_event(conn, args.table or events_table(service), args.event)
    finally:
        await conn.close()
    try:
        proof = prove(service, row, await _published_from_nats(service), keys)
    except ProofRefusedError as exc:
        print(f"{service}: no proof: {exc}", file=sys.stderr)
        return 1
    if args.out:
        await asyncio.to_thread(Path(args.out).write_text, proof.to_json() + "\n", encoding="utf-8")
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
    nc = await connect_nats(_service_settings(service), "zeren-audit-export")
    try:
        leaves, checkpoints = await read_published_messages(nc.jetstream(), service)
    finally:
        await nc.close()
    manifest = export_log(service, leaves, checkpoints, Path(args.folder))
    print(f"exported {len(leaves)} leaves and {len(checkpoints)} checkpoints of {service}; manifest {manifest}")
    return 0


def keygen(name: str, folder: Path) -> int:
    try:
        signer = SignerKey.generate(name)
    except NoteError as exc:
        raise UsageError(str(exc)) from exc
    folder.mkdir(parents=True, exist_ok=True)
    private, public = folder / f"{name}.key", folder / f"{name}.vkey"
    if private.exists() or public.exists():
        raise UsageError(f"{private} or {public} exists already")
    private.touch(mode=0o600)
    private.write_text(signer.encode() + "\n", encoding="ascii")
    public.write_text(signer.verifier.encode() + "\n", encoding="ascii")
    print(
        f"key id {signer.key_id}\n  signer key (keep secret, give to the notary): {private}\n  verifier key: {public}"
    )
    return 0
