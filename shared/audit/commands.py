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
from pathlib import Path

import asyncpg

from shared.audit.archive import export_log, import_log
from shared.audit.bench import run_bench
from shared.audit.checkpoint import log_origin
from shared.audit.note import KeyRing, NoteError, SignerKey
from shared.audit.published import PublishedLog, read_published_log, read_published_messages
from shared.audit.source import events_table, stored_events
from shared.audit.verify import render, verify_log
from shared.messaging.connection import connect_nats
from shared.settings import ServiceSettings


class UsageError(Exception):
    """A missing setting or key: exit code 2, not a verification failure."""


def run(args: argparse.Namespace, *, home: Path) -> int:
    # The connection's reconnect chatter is for long-running workers, not for a one-shot command.
    logging.getLogger("shared.messaging.connection").setLevel(logging.ERROR)
    try:
        if args.audit_command == "verify":
            return asyncio.run(verify(args, home))
        if args.audit_command == "export":
            return asyncio.run(export(args))
        if args.audit_command == "keygen":
            return keygen(args.name, Path(args.folder))
        return run_bench(events=args.events, state_bytes=args.state_bytes, real=args.real)
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


async def verify(args: argparse.Namespace, home: Path) -> int:
    service = args.service
    paths = verifier_key_files(args.key, home)
    if not paths:
        raise UsageError("no verifier keys: pass --key FILE (one per key id) or set AUDIT_VERIFIER_KEY_FILES")
    try:
        keys = KeyRing.read(paths)
    except (OSError, NoteError) as exc:
        raise UsageError(f"cannot read the verifier keys: {exc}") from exc
    database_url = _env(service, "DATABASE_URL")
    if not database_url:
        raise UsageError(f"set DATABASE_URL (or {service.upper()}_DATABASE_URL)")
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
