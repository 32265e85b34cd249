"""The notary and the verifier against the backbone's personnel event store (real PostgreSQL and NATS)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from shared.audit.checkpoint import log_origin
from shared.audit.notary import Notary
from shared.audit.note import KeyRing, SignerKey
from shared.audit.published import PublishedLog, read_published_log
from shared.audit.verify import Report, verify_table
from shared.db.migrate import migrate_url
from shared.service import AUDIT_MIGRATIONS
from tests.support.backbone import Backbone
from tests.support.wait import eventually_sync

TABLE = "personnel_events"


class StepClock:
    """A clock the test moves, so time-based checkpoints come exactly when asked for."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float = 60.0) -> None:
        self.now += timedelta(seconds=seconds)


async def prepare_audit(backbone: Backbone) -> None:
    await migrate_url(backbone.database_url, "personnel", [AUDIT_MIGRATIONS])


def make_notary(backbone: Backbone, signers: list[SignerKey], **kwargs: Any) -> Notary:
    recorder = backbone.personnel.recorder
    return Notary(
        service="personnel",
        nc=backbone.nc,
        pool=backbone.personnel_pool,
        table=recorder.events_table_name,  # type: ignore[attr-defined]
        channel=recorder.channel_name,  # type: ignore[attr-defined]
        signers=signers,
        idle_seconds=0.2,
        **kwargs,
    )


async def notarize_everything(backbone: Backbone, notary: Notary, clock: StepClock) -> None:
    """Resume, publish every stored event, then close with a checkpoint at the full size."""
    await notary.prepare()
    async with backbone.personnel_pool.acquire() as conn:
        await notary.resume(conn)
        while await notary.pump(conn):
            pass
        clock.advance()
        await notary.pump(conn)  # the time-based checkpoint at the final size


async def notarized_history(backbone: Backbone, signer: SignerKey, *, certified: int) -> None:
    """A personnel history of `certified` officers, every event published and checkpointed by `signer`."""
    await prepare_audit(backbone)
    await backbone.enroll_and_certify(certified)
    clock = StepClock()
    await notarize_everything(backbone, make_notary(backbone, [signer], now=clock), clock)


async def stored_count(backbone: Backbone) -> int:
    return int(await backbone.personnel_pool.fetchval(f"SELECT count(*) FROM {TABLE}"))


async def published_log(backbone: Backbone) -> PublishedLog:
    return await read_published_log(backbone.nc.jetstream(), "personnel")


async def verify_personnel(backbone: Backbone, keys: KeyRing, published: PublishedLog | None = None) -> Report:
    published = published if published is not None else await published_log(backbone)
    async with backbone.personnel_pool.acquire() as conn:
        return await verify_table(
            conn, TABLE, log="personnel", origin=log_origin("personnel"), published=published, keys=keys
        )


def verified_by_cli(service: str, key: Path, env: dict[str, str], *, settled: bool = False) -> str:
    """The report of `zeren audit verify <service>` once it says OK (with nothing pending when
    `settled`): the notary checkpoints on its own schedule, so an audit just after writes may wait."""

    def verify() -> str | None:
        command = [sys.executable, "-m", "shared.cli", "audit", "verify", service, "--key", str(key)]
        completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        ok = completed.returncode == 0 and f"{service}: OK" in completed.stdout
        return completed.stdout if ok and (not settled or "pending 0" in completed.stdout) else None

    return eventually_sync(verify, timeout=60)
