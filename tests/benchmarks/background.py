"""What ran beside the load during a soak: PostgreSQL's checkpoints, autovacuum and WAL, and the CPU by whom.

A window whose p99 stands out is read against this: a checkpoint or the autovacuum of a large table
within it, the machine busier (its CPU taken by the servers, or stolen by the host) while the
offered rate stayed the same, or its cores slower: a fixed piece of work timed in CPU time, which a
lowered clock or a core shared with other tenants' work lengthens while no steal counter shows it.
Readings are cumulative counters taken every few seconds; what happened in a span is the difference
between the readings that bound it.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PROBE_ITERATIONS = 100_000  # a few milliseconds of pure Python


@dataclass(frozen=True)
class MachineCpu:
    """/proc/stat's first line, in clock ticks since boot."""

    busy: int  # user, nice, system, irq, softirq and steal
    steal: int  # taken by the host for other guests
    iowait: int
    total: int


@dataclass(frozen=True)
class Vacuumed:
    """One table's autovacuum and autoanalyze runs, and the milliseconds they took (0 where not recorded)."""

    vacuums: int
    analyzes: int
    ms: float


@dataclass(frozen=True)
class Reading:
    at: float  # seconds since the load began
    checkpoints: int  # completed
    # Spent in the fsyncs that end them: what can hold up the commits' own WAL fsyncs (their writes
    # are spread over most of the interval between checkpoints on purpose, and say little).
    checkpoint_sync_ms: float
    wal_bytes: int  # the WAL's insert position as a byte count
    tables: dict[str, Vacuumed]
    machine: MachineCpu | None  # None off Linux
    pieces: dict[str, int]  # piece -> CPU ticks of its current process
    generator: int  # CPU ticks of the process offering the load
    probe_ms: float  # CPU milliseconds of the fixed piece of work, timed at this reading


@dataclass(frozen=True)
class Activity:
    """What happened between two readings."""

    seconds: float
    checkpoints: int
    checkpoint_sync_s: float
    wal_mb: float
    vacuumed: dict[str, Vacuumed]  # only tables with a run in the span
    machine: MachineCpu | None  # ticks in the span
    pieces: dict[str, int]  # piece -> ticks in the span
    generator: int
    probe_ms: float  # the median of the probes timed in the span

    def cores(self, ticks: int) -> float:
        """Ticks in the span as CPUs kept busy on average."""
        return ticks / TICKS_PER_SECOND / self.seconds if self.seconds > 0 else 0.0

    @property
    def autovacuum_s(self) -> float:
        return sum(v.ms for v in self.vacuumed.values()) / 1000

    @property
    def others(self) -> int:
        """Busy ticks neither the pieces nor the generator spent: the servers, mostly, and the rest of the machine."""
        if self.machine is None:
            return 0
        return max(0, self.machine.busy - self.machine.steal - sum(self.pieces.values()) - self.generator)


def machine_cpu(text: str) -> MachineCpu:
    fields = [int(v) for v in text.splitlines()[0].split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    # guest and guest_nice (fields 9-10) are already counted within user and nice.
    return MachineCpu(
        busy=user + nice + system + irq + softirq + steal,
        steal=steal,
        iowait=iowait,
        total=user + nice + system + idle + iowait + irq + softirq + steal,
    )


def process_ticks(text: str) -> int:
    """utime + stime of a /proc/<pid>/stat line; the command name before them may hold spaces and parentheses."""
    after_name = text.rsplit(")", 1)[1].split()
    return int(after_name[11]) + int(after_name[12])  # fields 14 and 15, counted from the pid as 1


def read_machine() -> MachineCpu | None:
    try:
        return machine_cpu(Path("/proc/stat").read_text())
    except OSError:
        return None


def read_ticks(pid: int) -> int | None:
    try:
        return process_ticks(Path(f"/proc/{pid}/stat").read_text())
    except OSError:
        return None


def _number(row: dict[str, object], *names: str) -> float:
    """The first of `names` the row has: the statistics views gain and rename columns between versions."""
    for name in names:
        value = row.get(name)
        if value is not None:
            return float(str(value))
    return 0.0


async def read_database(conn: asyncpg.Connection) -> tuple[int, float, int, dict[str, Vacuumed]]:
    """Completed checkpoints and their sync milliseconds, the WAL position, each table's autovacuum runs."""
    # pg_stat_checkpointer (PostgreSQL 17+; `num_done` from 18, which no longer counts skipped ones).
    checkpointer = json.loads(await conn.fetchval("SELECT to_jsonb(c) FROM pg_stat_checkpointer c"))
    checkpoints = int(
        _number(checkpointer, "num_done") or _number(checkpointer, "num_timed") + _number(checkpointer, "num_requested")
    )
    checkpoint_sync_ms = _number(checkpointer, "sync_time")
    wal = int(await conn.fetchval("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')"))
    tables: dict[str, Vacuumed] = {}
    for (row_json,) in await conn.fetch("SELECT to_jsonb(t) FROM pg_stat_user_tables t"):
        row = json.loads(row_json)
        tables[f"{row['schemaname']}.{row['relname']}"] = Vacuumed(
            vacuums=int(_number(row, "autovacuum_count")),
            analyzes=int(_number(row, "autoanalyze_count")),
            ms=_number(row, "total_autovacuum_time") + _number(row, "total_autoanalyze_time"),  # from 18
        )
    return checkpoints, checkpoint_sync_ms, wal, tables


def probe_ms(iterations: int = PROBE_ITERATIONS) -> float:
    """This thread's CPU milliseconds for a fixed loop, the least of three runs. CPU time leaves out
    the waits for a core, so what lengthens it is a slower core, not a busier machine."""
    best = float("inf")
    for _ in range(3):
        began = time.thread_time_ns()
        total = 0
        for i in range(iterations):
            total += i * i
        best = min(best, (time.thread_time_ns() - began) / 1e6)
    return best


async def take_reading(conn: asyncpg.Connection, at: float, pids: dict[str, int]) -> Reading:
    checkpoints, checkpoint_sync_ms, wal, tables = await read_database(conn)
    pieces = {name: ticks for name, pid in pids.items() if (ticks := read_ticks(pid)) is not None}
    generator = read_ticks(os.getpid()) or 0
    # Off the event loop, which keeps answering the load's calls between the thread's turns.
    probe = await asyncio.to_thread(probe_ms)
    return Reading(at, checkpoints, checkpoint_sync_ms, wal, tables, read_machine(), pieces, generator, probe)


def _counted_since(then: int, now: int) -> int:
    """A counter's growth; a counter that went back started again (a restarted piece) and all of it is new."""
    return now - then if now >= then else now


def activity_between(a: Reading, b: Reading, probes: list[float] | None = None) -> Activity:
    """What the counters grew by from `a` to `b`; the probe is the median of `probes` (those of the
    readings within the span), or of the two readings'."""
    vacuumed = {}
    for name, now in b.tables.items():
        then = a.tables.get(name, Vacuumed(0, 0, 0.0))
        runs = Vacuumed(now.vacuums - then.vacuums, now.analyzes - then.analyzes, now.ms - then.ms)
        if runs.vacuums or runs.analyzes:
            vacuumed[name] = runs
    machine = None
    if a.machine is not None and b.machine is not None:
        machine = MachineCpu(
            busy=b.machine.busy - a.machine.busy,
            steal=b.machine.steal - a.machine.steal,
            iowait=b.machine.iowait - a.machine.iowait,
            total=b.machine.total - a.machine.total,
        )
    return Activity(
        seconds=b.at - a.at,
        checkpoints=b.checkpoints - a.checkpoints,
        checkpoint_sync_s=(b.checkpoint_sync_ms - a.checkpoint_sync_ms) / 1000,
        wal_mb=(b.wal_bytes - a.wal_bytes) / 2**20,
        vacuumed=vacuumed,
        machine=machine,
        pieces={name: _counted_since(a.pieces.get(name, 0), ticks) for name, ticks in b.pieces.items()},
        generator=b.generator - a.generator,
        probe_ms=statistics.median(probes or [a.probe_ms, b.probe_ms]),
    )


def activity_in(readings: list[Reading], start: float, end: float) -> Activity | None:
    """Between the first reading at or after `start` and the first at or after `end` (or the last one);
    None when fewer than two readings bound the span."""
    opening = next((r for r in readings if r.at >= start), None)
    closing = next((r for r in readings if r.at >= end), readings[-1] if readings else None)
    if opening is None or closing is None or closing.at <= opening.at:
        return None
    probes = [r.probe_ms for r in readings if opening.at <= r.at <= closing.at]
    return activity_between(opening, closing, probes)


def header() -> str:
    return (
        f"{'minutes':<14} {'ckpt':>4} {'sync s':>7} {'WAL MB':>7} {'autovac':>7} {'av s':>6}  "
        f"{'CPUs busy':>9} {'steal':>5} {'iowait':>6} {'generator':>9} {'services':>8} {'servers':>7}"
        f" {'probe ms':>8}  longest autovacuum"
    )


def line(label: str, activity: Activity | None) -> str:
    if activity is None:
        return f"{label:<14} -"
    runs = sum(v.vacuums + v.analyzes for v in activity.vacuumed.values())
    largest = max(activity.vacuumed.items(), key=lambda item: item[1].ms, default=None)
    named = f"{largest[0]} ({largest[1].ms / 1000:.1f} s)" if largest else ""
    machine = activity.machine
    cpu = f"{'-':>9} {'-':>5} {'-':>6}"
    if machine is not None:
        busy, steal, iowait = (activity.cores(ticks) for ticks in (machine.busy, machine.steal, machine.iowait))
        cpu = f"{busy:>9.2f} {steal:>5.2f} {iowait:>6.2f}"
    return (
        f"{label:<14} {activity.checkpoints:>4} {activity.checkpoint_sync_s:>7.2f} {activity.wal_mb:>7.1f} {runs:>7}"
        f" {activity.autovacuum_s:>6.1f}  {cpu} {activity.cores(activity.generator):>9.2f}"
        f" {activity.cores(sum(activity.pieces.values())):>8.2f} {activity.cores(activity.others):>7.2f}"
        f" {activity.probe_ms:>8.2f}  {named}"
    )


def pieces_by_span(spans: list[tuple[str, Activity | None]]) -> list[str]:
    """Each piece's share of one CPU (%) per span, and the generator's: at a steady offered rate, a
    share that grows is a piece doing more work for each request."""
    names = sorted({name for _, activity in spans if activity for name in activity.pieces})
    lines = [f"  {'piece':<24} " + " ".join(f"{label:>7}" for label, _ in spans)]
    for name in names:
        cells = (
            f"{100 * activity.cores(activity.pieces[name]):>7.1f}"
            if activity and name in activity.pieces
            else f"{'-':>7}"
            for _, activity in spans
        )
        lines.append(f"  {name:<24} " + " ".join(cells))
    generator = (f"{100 * a.cores(a.generator):>7.1f}" if a else f"{'-':>7}" for _, a in spans)
    lines.append(f"  {'(generator)':<24} " + " ".join(generator))
    return lines
