"""Soak: the mix at a steady arrival rate for a long time, the last half hour beside the first.

    python3 zeren bench soak [--rate 60] [--minutes 120] [--window 10] [--compare 30] [--sample 15]

The system runs as in `zeren bench http` (every piece its own process, on servers of its own), under
the supervisor of `zeren run` (a piece that exits is restarted, and counted), and the offered mix is
the same (70% reads of an officer, 25% keyed enrolments, 5% auditor queries) as one open arrival
process. The baseline is the same run's first part: its first `--compare` minutes are set beside its
last; memory is judged from the end of the first window on, once pools, caches and the allocator
have filled.

Reported (each window also on stderr once it is complete, so that a long run shows how it goes):
- per window of `--window` minutes: the answers (those expected, 5xx, other, no answer) and the p50
  and p99 of each class;
- the last `--compare` minutes beside the first: p99 per class and their ratio (objective: within 20%),
  and the 5xx answers of each by status (objective: no more in the last part than in the first);
- each process's resident memory, sampled every `--sample` seconds: after the first window, at the
  end, and its least-squares slope over that span in MB/h (objective: under 5 MB/h);
- beside the load, per window (and per minute in the window with the worst command p99): the
  checkpoints PostgreSQL completed and the time their closing fsyncs took, the WAL written,
  autovacuum and autoanalyze runs and their time (the longest named), the CPUs kept busy (all of
  them, stolen by the host, waiting on I/O, by the generator, by the services' processes, by the
  servers and the rest), and the CPU milliseconds a fixed loop takes (a slower core takes longer);
  and each process's share of a CPU per window;
- PostgreSQL's tables (size, live and dead rows) and JetStream's streams (messages, bytes) after the
  seeding and at the end, and what each event stored meanwhile cost in each;
- the oracle of `zeren bench spike`: every keyed enrolment one officer, listed once in personnel's
  directory.

On a 2-core machine the generator, the services and both servers share the CPUs: a regression
baseline for this machine, not a capacity claim.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import nats

from shared.devstack.launcher import Stack
from tests.benchmarks import background
from tests.benchmarks.background import Reading, activity_in
from tests.benchmarks.http_load import (
    EXPECTED_STATUS,
    NO_ANSWER,
    Step,
    load_client,
    offer_phases,
    percentile,
    running_stack,
    seeded_mix,
)
from tests.benchmarks.spike import Oracle, check_enrolments

CLASSES = ("read", "command", "auditor")
P99_DRIFT = 1.20  # the last part's p99 at most 20% above the first part's
RSS_SLOPE_MB_PER_HOUR = 5.0
CLIENT_TIMEOUT_S = 30.0  # load_client's: no answer comes later than this


@dataclass
class Period:
    """The answers planned in [start, end) seconds after the load began."""

    start: float
    end: float
    answers: Counter[str] = field(default_factory=Counter)
    server_errors: Counter[int] = field(default_factory=Counter)  # status -> 5xx answers with it
    latencies: dict[str, list[float]] = field(default_factory=dict)  # class -> seconds of its expected answers


def answer_kind(kind: str, status: int) -> str:
    if status == EXPECTED_STATUS[kind]:
        return "expected"
    if status == NO_ANSWER:
        return "no answer"
    return "5xx" if status >= 500 else "other"


def period_of(step: Step, start: float, end: float) -> Period:
    period = Period(start, end)
    for planned, kind, status, seconds in step.answers:
        if start <= planned < end:
            answer = answer_kind(kind, status)
            period.answers[answer] += 1
            if answer == "5xx":
                period.server_errors[status] += 1
            if answer == "expected":
                period.latencies.setdefault(kind, []).append(seconds)
    return period


def drift(first: Period, last: Period) -> dict[str, float]:
    """The last part's p99 over the first part's, per class answered in both."""
    return {
        kind: percentile(last.latencies[kind], 0.99) / percentile(first.latencies[kind], 0.99)
        for kind in CLASSES
        if first.latencies.get(kind) and last.latencies.get(kind)
    }


def server_errors_grew(first: Period, last: Period) -> bool:
    """L4's "no growth in 5xx": the last part answered more of them than the first."""
    return last.answers["5xx"] > first.answers["5xx"]


def _by_status(errors: Counter[int]) -> str:
    return ", ".join(f"{status}: {count}" for status, count in sorted(errors.items())) or "none"


def slope_per_hour(samples: list[tuple[float, float]]) -> float:
    """The least-squares slope of (seconds, value) samples, per hour; 0 with fewer than two instants."""
    if len({t for t, _ in samples}) < 2:
        return 0.0
    times, values = zip(*samples, strict=True)
    return statistics.linear_regression(times, values).slope * 3600


def resident_mb(pid: int) -> float | None:
    """A process's resident set from /proc (Linux), or None once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


@dataclass
class Memory:
    samples: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # piece -> (seconds, MB)
    restarts: dict[str, int] = field(default_factory=dict)


async def watch(
    stack: Stack,
    step: Step,
    memory: Memory,
    readings: list[Reading],
    *,
    every: float,
    window: float,
    done: asyncio.Event,
) -> None:
    """Sample each piece's memory and what ran beside the load, restart a piece that exited, as `zeren
    run` supervises them (on the main thread, which outlives its children), and announce each window
    as it completes, on stderr."""
    start, announced = time.perf_counter(), 0.0
    print(_header() + "\n" + background.header(), file=sys.stderr, flush=True)
    conn = await asyncpg.connect(stack.database_url)
    pids: dict[str, int] = {}
    try:
        while not done.is_set():
            stack.supervise_once()
            now = time.perf_counter() - start
            for item in stack.running:
                memory.restarts[item.spec.name] = item.restarts
                mb = resident_mb(item.process.pid)
                if mb is not None:
                    memory.samples.setdefault(item.spec.name, []).append((now, mb))
            pids = {item.spec.name: item.process.pid for item in stack.running}
            readings.append(await background.take_reading(conn, now, pids))
            # A window is complete once its last request has had the client's whole timeout to answer.
            while now >= announced + window + CLIENT_TIMEOUT_S:
                label = f"{announced / 60:g}-{(announced + window) / 60:g}"
                latency = _latency_line(label, period_of(step, announced, announced + window))
                beside = background.line(label, activity_in(readings, announced, announced + window))
                print(latency + "\n" + beside, file=sys.stderr, flush=True)
                announced += window
            with contextlib.suppress(TimeoutError):  # the next sample is due
                await asyncio.wait_for(done.wait(), every)
        readings.append(await background.take_reading(conn, time.perf_counter() - start, pids))
    finally:
        await conn.close()


@dataclass(frozen=True)
class Storage:
    tables: dict[str, tuple[int, int, int]]  # schema.table -> (bytes with indexes and toast, live rows, dead rows)
    events: int  # stored events, every service's notification log
    streams: dict[str, tuple[int, int]]  # stream -> (messages, bytes)

    @property
    def table_bytes(self) -> int:
        return sum(size for size, _, _ in self.tables.values())

    @property
    def stream_bytes(self) -> int:
        return sum(size for _, size in self.streams.values())


async def storage(stack: Stack) -> Storage:
    conn = await asyncpg.connect(stack.database_url)
    try:
        rows = await conn.fetch(
            "SELECT schemaname || '.' || relname AS name, pg_total_relation_size(relid) AS size,"
            " n_live_tup, n_dead_tup FROM pg_stat_user_tables"
        )
        tables = {r["name"]: (int(r["size"]), int(r["n_live_tup"]), int(r["n_dead_tup"])) for r in rows}
        events = 0
        for name in (n for n in tables if n.endswith("_events")):
            schema, table = name.split(".", 1)
            events += int(await conn.fetchval(f'SELECT count(*) FROM "{schema}"."{table}"'))
    finally:
        await conn.close()
    client = await nats.connect(stack.nats_url)
    try:
        streams = {
            info.config.name or "": (info.state.messages, info.state.bytes)
            for info in await client.jetstream().streams_info()
        }
    finally:
        await client.close()
    return Storage(tables, events, streams)


@dataclass
class Soak:
    step: Step
    memory: Memory
    readings: list[Reading]
    before: Storage
    after: Storage
    oracle: Oracle


async def measure(stack: Stack, rate: int, seconds: float, sample_every: float, window: float) -> Soak:
    async with load_client(stack) as client:
        mix = await seeded_mix(stack, client)
        await offer_phases(Step("warm-up", rate), client, [(rate, 3.0)], mix)  # in the oracle too
        before = await storage(stack)
        memory, readings, done = Memory(), list[Reading](), asyncio.Event()
        step = Step("soak", rate)
        watching = asyncio.create_task(
            watch(stack, step, memory, readings, every=sample_every, window=window, done=done)
        )
        try:
            await offer_phases(step, client, [(rate, seconds)], mix)
        finally:
            done.set()
            await watching
        oracle = await check_enrolments(mix, client)
        after = await storage(stack)
    return Soak(step, memory, readings, before, after, oracle)


def _header() -> str:
    answers = " ".join(f"{a:>8}" for a in ("expected", "5xx", "other", "no answer"))
    return f"{'minutes':<14} {answers}  " + " ".join(f"{k + ' p50/p99':>13}" for k in CLASSES)


def _latency_line(label: str, period: Period) -> str:
    answered = " ".join(f"{period.answers[a]:>8}" for a in ("expected", "5xx", "other", "no answer"))
    quantiles = " ".join(
        f"{percentile(period.latencies[k], 0.5):>6.0f}/{percentile(period.latencies[k], 0.99):<6.0f}"
        if period.latencies.get(k)
        else f"{'-':>6}/{'-':<6}"
        for k in CLASSES
    )
    return f"{label:<14} {answered}  {quantiles}"


def report(soak: Soak, seconds: float, window: float, compare: float) -> None:
    step = soak.step
    print(f"{soak.step.rate} requests/s for {seconds / 60:.0f} min: offered {step.offered}, not sent {step.dropped}")
    print("\n" + _header())
    for start, end in windows(seconds, window):
        print(_latency_line(f"{start / 60:g}-{end / 60:g}", period_of(step, start, end)))
    _report_beside(soak, seconds, window)
    first, last = period_of(step, 0.0, compare), period_of(step, seconds - compare, seconds)
    print(f"\nthe first {compare / 60:g} min beside the last {compare / 60:g} min (p99, ms):")
    for kind, ratio in drift(first, last).items():
        then, now = percentile(first.latencies[kind], 0.99), percentile(last.latencies[kind], 0.99)
        verdict = "held" if ratio <= P99_DRIFT else "DRIFTED"
        print(f"  {kind:<8} {then:>8.1f} {now:>8.1f} {ratio:>6.2f}x  {verdict}")
    whole = period_of(step, 0.0, seconds)
    verdict = "GREW" if server_errors_grew(first, last) else "held"
    print(
        f"5xx by status: {_by_status(whole.server_errors)}; the first part {_by_status(first.server_errors)},"
        f" the last {_by_status(last.server_errors)}  {verdict}"
    )
    _report_memory(soak.memory, window)
    _report_storage(soak.before, soak.after)
    oracle = soak.oracle
    print(
        f"\noracle: {oracle.keys} keyed enrolments; first answers {dict(oracle.first_answers)}; sent again"
        f" {oracle.sent_again}; refused yet recorded {len(oracle.shed_then_replayed)}; officers {len(oracle.officers)},"
        f" listed {len(oracle.listed)}: " + ("exact" if oracle.exact else "MISMATCH")
    )


def windows(seconds: float, window: float) -> list[tuple[float, float]]:
    starts = [i * window for i in range(math.ceil(seconds / window))]
    return [(start, min(seconds, start + window)) for start in starts]


def worst_window(step: Step, spans: list[tuple[float, float]], kind: str) -> tuple[float, float] | None:
    """The span whose p99 of `kind` is the highest, among those that answered any."""
    answered = [(span, period_of(step, *span).latencies.get(kind)) for span in spans]
    scored = [(percentile(latencies, 0.99), span) for span, latencies in answered if latencies]
    return max(scored)[1] if scored else None


def _report_beside(soak: Soak, seconds: float, window: float) -> None:
    print("\nbeside the load (CPUs: cores kept busy on average; servers: PostgreSQL, NATS and the rest):")
    print(background.header())
    spans = [
        (f"{start / 60:g}-{end / 60:g}", activity_in(soak.readings, start, end))
        for start, end in windows(seconds, window)
    ]
    for label, activity in spans:
        print(background.line(label, activity))
    print("\neach piece's share of one CPU (%), per window:")
    print("\n".join(background.pieces_by_span(spans)))
    worst = worst_window(soak.step, windows(seconds, window), "command")
    if worst is None or worst[1] - worst[0] <= 60:
        return
    print(f"\nthe window with the worst command p99, minute by minute (minutes {worst[0] / 60:g}-{worst[1] / 60:g}):")
    print(_header())
    minutes = [(worst[0] + start, worst[0] + end) for start, end in windows(worst[1] - worst[0], 60.0)]
    for start, end in minutes:
        print(_latency_line(f"{start / 60:g}-{end / 60:g}", period_of(soak.step, start, end)))
    print(background.header())
    for start, end in minutes:
        print(background.line(f"{start / 60:g}-{end / 60:g}", activity_in(soak.readings, start, end)))


def _report_memory(memory: Memory, settled_after: float) -> None:
    print(f"\nresident memory, MB (from minute {settled_after / 60:g}; objective: slope under 5 MB/h):")
    print(f"  {'piece':<24} {'from':>8} {'end':>8} {'MB/h':>8} {'restarts':>9}")
    for piece, samples in sorted(memory.samples.items()):
        settled = [s for s in samples if s[0] >= settled_after] or samples
        slope = slope_per_hour(settled)
        verdict = "" if slope < RSS_SLOPE_MB_PER_HOUR else "  GROWING"
        print(
            f"  {piece:<24} {settled[0][1]:>8.1f} {settled[-1][1]:>8.1f} {slope:>8.2f}"
            f" {memory.restarts.get(piece, 0):>9}{verdict}"
        )


def _report_storage(before: Storage, after: Storage) -> None:
    events = after.events - before.events
    print(f"\nstorage: {events} events stored during the soak")
    grown = sorted(after.tables, key=lambda t: after.tables[t][0] - before.tables.get(t, (0, 0, 0))[0], reverse=True)
    print(f"  {'table':<44} {'MB then':>8} {'MB now':>8} {'live':>9} {'dead':>8}")
    for name in grown[:8]:
        then, (size, live, dead) = before.tables.get(name, (0, 0, 0)), after.tables[name]
        print(f"  {name:<44} {then[0] / 2**20:>8.1f} {size / 2**20:>8.1f} {live:>9} {dead:>8}")
    table_growth, stream_growth = after.table_bytes - before.table_bytes, after.stream_bytes - before.stream_bytes
    per_event = f"{table_growth / events:,.0f} and {stream_growth / events:,.0f}" if events else "-"
    print(
        f"  PostgreSQL {before.table_bytes / 2**20:.1f} -> {after.table_bytes / 2**20:.1f} MB; JetStream "
        f"{before.stream_bytes / 2**20:.1f} -> {after.stream_bytes / 2**20:.1f} MB; bytes per event stored: {per_event}"
    )
    for name, (messages, size) in sorted(after.streams.items()):
        held_before = before.streams.get(name, (0, 0))
        megabytes = f"{held_before[1] / 2**20:.1f} -> {size / 2**20:.1f}"
        print(f"  stream {name:<20} messages {held_before[0]:>8} -> {messages:>8}, MB {megabytes}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="zeren bench soak")
    parser.add_argument("--rate", type=int, default=60, help="the steady arrival rate per second")
    parser.add_argument("--minutes", type=float, default=120.0, help="length of the soak")
    parser.add_argument("--window", type=float, default=10.0, help="minutes per reported window")
    parser.add_argument("--compare", type=float, default=30.0, help="minutes at the start and the end set side by side")
    parser.add_argument("--sample", type=float, default=15.0, help="seconds between memory samples")
    args = parser.parse_args()
    seconds, window = args.minutes * 60, args.window * 60
    compare = min(args.compare * 60, seconds / 2)
    with tempfile.TemporaryDirectory(prefix="zeren-bench-soak-") as folder, running_stack(Path(folder)) as stack:
        soak = asyncio.run(measure(stack, args.rate, seconds, args.sample, window))
    report(soak, seconds, window, compare)


if __name__ == "__main__":
    main()
