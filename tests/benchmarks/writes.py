"""The write path's ceiling: commands stored by 1, 2, 4 … 32 concurrent writers, each level beside a
baseline measured in the same run.

    python3 zeren bench writes [--levels 1,2,4,8,16,32] [--seconds 5]

Each writer is a thread that enrols officers through personnel's application, one after the other
(closed loop): one event each, stored by `eventsourcing`, whose insert takes an exclusive lock on
the events table so that notification ids commit in order and a reader never skips one. The
baseline: as many threads, each inserting a row of the same size into a table of its own with one
connection each (no table lock, no id order). A sampler counts the backends waiting on a lock every
20 ms. Where commands/s stops growing with the writers while lock waiters grow, the event table's
lock is the ceiling.

On a 2-core machine the writers, PostgreSQL and the sampler share the CPUs: the figures are a
regression baseline for this machine, not a capacity claim.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psycopg

from personnel.application import Personnel
from personnel.bootstrap import MIGRATIONS as PERSONNEL_MIGRATIONS
from personnel.domain import StaffKind, UnitKind
from personnel.domain.errors import UnitAlreadyRegisteredError
from shared.db.migrate import migrate_url
from shared.db.urls import eventsourcing_env
from tests.support.infra import PostgresServer

LOCK_WAITERS = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"


@dataclass
class Level:
    writer: str
    writers: int
    commands: int
    seconds: float
    latencies: list[float]
    lock_waiters: float  # mean backends waiting on a lock while the level ran

    def row(self) -> str:
        ordered = sorted(self.latencies)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        return (
            f"{self.writers:>7} {self.writer:<14} {self.commands / self.seconds:>10.0f}"
            f" {statistics.median(ordered) * 1000:>8.1f} {p99:>8.1f} {self.lock_waiters:>12.2f}"
        )


class LockSampler:
    def __init__(self, database_url: str, every: float = 0.02) -> None:
        self._url = database_url
        self._every = every
        self._stop = threading.Event()
        self.samples: list[int] = []
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> LockSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        with psycopg.connect(self._url, autocommit=True) as conn:
            while not self._stop.wait(self._every):
                row = conn.execute(LOCK_WAITERS).fetchone()
                self.samples.append(int(row[0]) if row else 0)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.samples) if self.samples else 0.0


def run_level(
    database_url: str, writer: str, writers: int, seconds: float, make: Callable[[int], Callable[[], None]]
) -> Level:
    """`writers` threads, each calling its own command function until the time is up."""
    deadline = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(writers)]

    def work(index: int) -> None:
        command = make(index)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            command()
            latencies[index].append(time.perf_counter() - started)

    started = time.perf_counter()
    with LockSampler(database_url) as sampler, ThreadPoolExecutor(max_workers=writers) as pool:
        for future in [pool.submit(work, i) for i in range(writers)]:
            future.result()
    elapsed = time.perf_counter() - started
    everything = [latency for per_writer in latencies for latency in per_writer]
    return Level(writer, writers, len(everything), elapsed, everything, sampler.mean)


def enrolments(personnel: Personnel, level: int) -> Callable[[int], Callable[[], None]]:
    def make(index: int) -> Callable[[], None]:
        count = 0

        def enrol() -> None:
            nonlocal count
            count += 1
            personnel.enroll_officer(
                name=f"officer {level}-{index}-{count}", unit_id="STN01", staff_kind=StaffKind.PERMANENT
            )

        return enrol

    return make


class PlainInserts:
    """The baseline's writers: one connection and one table each, rows as large as the events."""

    def __init__(self, database_url: str, size: int) -> None:
        self._url = database_url
        self._body = b"x" * size
        self._connections: list[psycopg.Connection] = []

    def __call__(self, index: int) -> Callable[[], None]:
        conn = psycopg.connect(self._url, autocommit=True)
        self._connections.append(conn)
        table = f"bench_rows_{index}"
        conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (id bigserial PRIMARY KEY, body bytea)")

        def insert() -> None:
            conn.execute(f"INSERT INTO {table} (body) VALUES (%s)", (self._body,))

        return insert

    def close(self) -> None:
        for conn in self._connections:
            conn.close()


def measure(database_url: str, levels: list[int], seconds: float) -> list[Level]:
    asyncio.run(migrate_url(database_url, "personnel", PERSONNEL_MIGRATIONS))
    personnel = Personnel(env=eventsourcing_env(database_url, "personnel", pool_size=max(levels)))
    try:
        with contextlib.suppress(UnitAlreadyRegisteredError):  # officers are enrolled into a registered unit
            personnel.register_unit(code="STN01", name="第1国土资源所", kind=UnitKind.STATION)
        personnel.enroll_officer(name="warm-up", unit_id="STN01", staff_kind=StaffKind.PERMANENT)
        with psycopg.connect(database_url) as conn:
            row = conn.execute("SELECT avg(length(state))::int FROM personnel.personnel_events").fetchone()
        size = int(row[0]) if row and row[0] else 300
        results: list[Level] = []
        for level in levels:
            results.append(run_level(database_url, "event store", level, seconds, enrolments(personnel, level)))
            baseline = PlainInserts(database_url, size)
            try:
                results.append(run_level(database_url, "plain insert", level, seconds, baseline))
            finally:
                baseline.close()
        return results
    finally:
        personnel.close()


def main() -> None:
    parser = argparse.ArgumentParser(prog="zeren bench writes")
    parser.add_argument("--levels", default="1,2,4,8,16,32", help="concurrent writers, comma-separated")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each level")
    args = parser.parse_args()
    levels = [int(part) for part in args.levels.split(",")]
    with tempfile.TemporaryDirectory(prefix="zeren-bench-") as folder:
        postgres = PostgresServer.start(Path(folder) / "postgres")
        try:
            results = measure(postgres.create_database(), levels, args.seconds)
        finally:
            postgres.stop()
    print(f"{'writers':>7} {'writer':<14} {'commands/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'lock waiters':>12}")
    for level in results:
        print(level.row())


if __name__ == "__main__":
    main()
