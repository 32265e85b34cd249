"""`zeren audit bench`: how fast the verifier checks a log, beside plain SHA-256 over the same bytes.

Synthetic stored events (random state of a typical size) are notarized in memory (leaves, frontier,
a checkpoint signed every 1000 leaves), then verified by the same code `zeren audit verify` runs,
minus the database and NATS reads. The baselines hash the very same leaf bytes: one SHA-256 per
event, and one running SHA-256 over all of them (a plain hash chain's floor).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from shared.audit.checkpoint import Checkpoint, log_origin
from shared.audit.frontier import Frontier
from shared.audit.leaf import StoredEventRow, encode_leaf, leaf_hash
from shared.audit.note import KeyRing, SignerKey
from shared.audit.published import PublishedLog
from shared.audit.stream import PublishedLeaf
from shared.audit.verify import verify_log

CHECKPOINT_EVERY = 1000
TOPIC = "personnel.domain:Officer.Enrolled"


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


def measure(events: int, state_bytes: int) -> list[tuple[str, int, float]]:
    rows = synthetic_rows(events, state_bytes)
    signer = SignerKey.generate("zeren-bench")
    published = notarize(rows, signer)
    encoded = [encode_leaf(row) for row in rows]
    results: list[tuple[str, int, float]] = []

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


def run_bench(*, events: int, state_bytes: int) -> int:
    results = measure(events, state_bytes)
    print(f"{events} synthetic events of {state_bytes} state bytes; checkpoint every {CHECKPOINT_EVERY} leaves")
    print(f"{'stage':<52} {'events':>8} {'seconds':>9} {'events/s':>11}")
    for name, count, seconds in results:
        print(f"{name:<52} {count:>8} {seconds:>9.3f} {count / seconds:>11,.0f}")
    return 0
