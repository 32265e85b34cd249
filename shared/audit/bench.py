"""`zeren audit bench`: how fast the verifier checks a log, beside plain SHA-256 over the same bytes.

In memory (default): synthetic stored events (random state of a typical size) are notarized
(leaves, frontier, a checkpoint signed every 1000 leaves), then verified by the same code
`zeren audit verify` runs, minus the database and NATS reads. The baselines hash the very same
leaf bytes: one SHA-256 per event, and one running SHA-256 over all of them.

`--real`: the same events in an event-store table of an embedded PostgreSQL, published by the real
notary to an embedded NATS, then verified from both; the baseline reads the same rows from
PostgreSQL and hashes each one, so the difference is what verification itself costs.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import nats

from shared.audit.checkpoint import Checkpoint, log_origin
from shared.audit.frontier import Frontier
from shared.audit.leaf import StoredEventRow, encode_leaf, leaf_hash
from shared.audit.notary import Notary
from shared.audit.note import KeyRing, SignerKey
from shared.audit.published import PublishedLog, read_published_log
from shared.audit.source import stored_events
from shared.audit.stream import PublishedLeaf
from shared.audit.verify import verify_log
from shared.db.migrate import MigrationSource, migrate_url
from shared.db.pool import create_pool
from shared.devstack.nats import EmbeddedNats
from shared.devstack.postgres import EmbeddedPostgres
from shared.devstack.process import free_port

CHECKPOINT_EVERY = 1000
TOPIC = "personnel.domain:Officer.Enrolled"
BENCH_TABLE = "bench_events"
Result = tuple[str, int, float]


def synthetic_rows(count: int, state_bytes: int) -> list[StoredEventRow]:
    return [
        StoredEventRow(i + 1, str(uuid.UUID(bytes=os.urandom(16))), 1 + i % 7, TOPIC, os.urandom(state_bytes))
        for i in range(count)
    ]


def notarize(rows: list[StoredEventRow], signer: SignerKey, service: str = "bench") -> PublishedLog:
    frontier = Frontier()
    published = PublishedLog()
    issued = datetime(2026, 1, 1, tzinfo=UTC)
    for row in rows:
        hashed = leaf_hash(row)
        published.leaves.append(
            PublishedLeaf(frontier.size, row.notification_id, row.originator_id, row.originator_version, hashed)
        )
        frontier.append(hashed)
        if frontier.size % CHECKPOINT_EVERY == 0 or frontier.size == len(rows):
            checkpoint = Checkpoint(log_origin(service), frontier.size, frontier.root(), issued)
            published.checkpoints.append(checkpoint.sign([signer]))
    return published


async def _batches(rows: list[StoredEventRow], size: int = 5000) -> AsyncIterator[list[StoredEventRow]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def measure(events: int, state_bytes: int) -> list[Result]:
    rows = synthetic_rows(events, state_bytes)
    signer = SignerKey.generate("zeren-bench")
    published = notarize(rows, signer)
    encoded = [encode_leaf(row) for row in rows]
    results: list[Result] = []

    started = time.perf_counter()
    for data in encoded:
        hashlib.sha256(data).digest()
    results.append(("baseline: SHA-256 per event (same bytes)", events, time.perf_counter() - started))

    started = time.perf_counter()
    running = hashlib.sha256()
    for data in encoded:
        running.update(data)
    running.digest()
    results.append(("baseline: one running SHA-256 (same bytes)", events, time.perf_counter() - started))

    started = time.perf_counter()
    report = asyncio.run(
        verify_log("bench", log_origin("bench"), _batches(rows), published, KeyRing([signer.verifier]))
    )
    elapsed = time.perf_counter() - started
    if not report.ok:
        raise AssertionError(f"the benchmark log does not verify: {report.findings[:3]}")
    label = f"verify: leaves, trees, {report.checkpoints} signed checkpoints"
    results.append((label, events, elapsed))
    return results


async def _store(pool: asyncpg.Pool, rows: list[StoredEventRow]) -> None:
    await pool.execute(
        f"CREATE TABLE {BENCH_TABLE} (originator_id uuid NOT NULL, originator_version bigint NOT NULL,"
        " topic text, state bytea, notification_id bigserial, PRIMARY KEY (originator_id, originator_version))"
    )
    await pool.execute(f"CREATE UNIQUE INDEX ON {BENCH_TABLE} (notification_id)")
    records = [(uuid.UUID(r.originator_id), r.originator_version, r.topic, r.state, r.notification_id) for r in rows]
    await pool.copy_records_to_table(
        BENCH_TABLE,
        records=records,
        columns=["originator_id", "originator_version", "topic", "state", "notification_id"],
    )


async def _measure_real(database_url: str, nats_url: str, events: int, state_bytes: int) -> list[Result]:
    rows = synthetic_rows(events, state_bytes)
    await migrate_url(database_url, "bench", [MigrationSource("audit", "shared.audit")])
    pool = await create_pool(database_url, "bench", min_size=1, max_size=2)
    nc = await nats.connect(nats_url)
    results: list[Result] = []
    try:
        await _store(pool, rows)
        signer = SignerKey.generate("zeren-bench")
        notary = Notary(
            service="bench",
            nc=nc,
            pool=pool,
            table=BENCH_TABLE,
            channel=BENCH_TABLE,
            signers=[signer],
            batch_size=2000,
            checkpoint_every=CHECKPOINT_EVERY,
        )
        await notary.prepare()
        started = time.perf_counter()
        async with pool.acquire() as conn:
            await notary.resume(conn)
            while await notary.pump(conn):
                pass
        results.append(
            ("notary: PostgreSQL -> leaves + checkpoints in JetStream", events, time.perf_counter() - started)
        )

        started = time.perf_counter()
        async with pool.acquire() as conn:
            async for batch in stored_events(conn, BENCH_TABLE):
                for row in batch:
                    hashlib.sha256(encode_leaf(row)).digest()
        results.append(("baseline: read from PostgreSQL + SHA-256 per event", events, time.perf_counter() - started))

        started = time.perf_counter()
        published = await read_published_log(nc.jetstream(), "bench")
        read = time.perf_counter() - started
        results.append(("verify, step 1: read leaves + checkpoints from NATS", events, read))
        async with pool.acquire() as conn:
            report = await verify_log(
                "bench", log_origin("bench"), stored_events(conn, BENCH_TABLE), published, KeyRing([signer.verifier])
            )
        if not report.ok:
            raise AssertionError(f"the benchmark log does not verify: {report.findings[:3]}")
        results.append(("verify, step 2: PostgreSQL vs leaves and signed roots", events, report.seconds))
        results.append(("verify: whole history (steps 1 + 2)", events, read + report.seconds))
    finally:
        await nc.close()
        await pool.close()
    return results


def measure_real(events: int, state_bytes: int) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="zeren-audit-bench-") as folder:
        postgres = EmbeddedPostgres(Path(folder) / "postgres", free_port())
        nats_server = EmbeddedNats(Path(folder) / "nats", free_port())
        try:
            database_url = postgres.start()
            nats_url = nats_server.start()
            return asyncio.run(_measure_real(database_url, nats_url, events, state_bytes))
        finally:
            nats_server.stop()
            postgres.stop()


def run_bench(*, events: int, state_bytes: int, real: bool = False) -> int:
    results = measure_real(events, state_bytes) if real else measure(events, state_bytes)
    where = "embedded PostgreSQL + NATS" if real else "in memory"
    print(
        f"{events} synthetic events of {state_bytes} state bytes, {where}; checkpoint every {CHECKPOINT_EVERY} leaves"
    )
    print(f"{'stage':<52} {'events':>8} {'seconds':>9} {'events/s':>11}")
    for name, count, seconds in results:
        print(f"{name:<52} {count:>8} {seconds:>9.3f} {count / seconds:>11,.0f}")
    return 0
