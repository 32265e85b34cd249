"""Projection lag through a burst: a steady rate, three times that rate for a minute, the steady rate.

    python3 zeren bench lag [--base 50] [--before 600] [--burst 60] [--after 120] [--window 10] [--sample 1]

The system runs as in `zeren bench http` (every piece its own process, on servers of its own), and
the offered mix is the same (70% reads of an officer, 25% keyed enrolments, 5% auditor queries) as
one open arrival process whose rate changes; the steady rate is half of the capacity `zeren bench
http` finds on this machine. Every `--sample` seconds the run reads, beside the load:
- the age of the enrolments assessment's roster projected since the last sample (from the event's
  commit in personnel to the projection's commit: the projector's histogram
  `zeren_consumer_event_age_seconds`, quantiles interpolated within its buckets);
- the messages each durable consumer of personnel's stream has not applied yet (JetStream's
  `num_pending` + `num_ack_pending`);
- the notifications personnel stored that its relay has not published (the notification-id gap).

Reported per window of `--window` seconds and per phase (steady, burst, after): the arrival rate,
the answers, the events projected, their age p50/p95/p99 and the bucket bound their oldest was
within, and the most pending and unpublished;
then the catch-up, the seconds from the burst's end to the first sample from which every later one
was under 1 s (p99 of the ages projected; a sample that projected nothing counts when nothing was
pending). Objectives: the steady phase's p99 at most 5 s, caught up within 60 s of the burst's
end, no errors (a call shed as 503 or 429 is counted apart from an error).

On a 2-core machine the generator, the services and both servers share the CPUs: a regression
baseline for this machine, not a capacity claim.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import math
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import nats
from nats.js import JetStreamContext

from shared.devstack.launcher import Stack
from tests.benchmarks.freshness import Buckets, quantile, scrape
from tests.benchmarks.http_load import ROSTER, Step, load_client, offer_phases, running_stack, seeded_mix
from tests.benchmarks.spike import answer_kind

STEADY_P99_S = 5.0
CAUGHT_UP_S = 1.0
CATCH_UP_WITHIN_S = 60.0
SHED = ("503", "429")  # refused with nothing done; the rest of the answers other than expected are errors


@dataclass(frozen=True)
class Sample:
    at: float  # seconds: perf_counter's while sampling, after the load began once in a Run
    ages: Buckets  # the roster's event-age histogram, cumulative, at that instant
    pending: dict[str, int]  # durable consumer of personnel's stream -> messages not applied yet
    unpublished: int  # notifications personnel stored and its relay has not published


@dataclass(frozen=True)
class Interval:
    """What was projected between two samples."""

    start: float
    end: float
    before: Buckets
    after: Buckets
    pending: int  # the most any consumer had pending at the interval's end
    unpublished: int

    @property
    def projected(self) -> int:
        return int(projected(self.before, self.after))

    def age(self, q: float) -> float:
        return quantile(self.before, self.after, q)

    def caught_up(self) -> bool:
        if self.projected == 0:
            return self.pending == 0 and self.unpublished == 0
        return self.age(0.99) < CAUGHT_UP_S


def projected(before: Buckets, after: Buckets) -> float:
    """The observations between two scrapes of a histogram: the difference of its +Inf buckets."""
    return after.get(math.inf, 0.0) - before.get(math.inf, 0.0)


def intervals_of(samples: list[Sample]) -> list[Interval]:
    return [
        Interval(a.at, b.at, a.ages, b.ages, max(b.pending.values(), default=0), b.unpublished)
        for a, b in itertools.pairwise(samples)
    ]


def caught_up_after(intervals: list[Interval], burst_end: float) -> float | None:
    """Seconds from the burst's end to the start of the first interval from which every one caught up."""
    since: float | None = None
    for interval in intervals:
        if interval.end <= burst_end:
            continue
        if not interval.caught_up():
            since = None
        elif since is None:
            since = max(0.0, interval.start - burst_end)
    return since


@dataclass
class Part:
    """The calls planned in [start, end) and the intervals that ended in it."""

    start: float
    end: float
    answers: Counter[str] = field(default_factory=Counter)
    before: Buckets = field(default_factory=dict)
    after: Buckets = field(default_factory=dict)
    pending: int = 0
    unpublished: int = 0

    @property
    def errors(self) -> int:
        return sum(n for answer, n in self.answers.items() if answer not in ("expected", *SHED))


def part_of(step: Step, intervals: list[Interval], start: float, end: float) -> Part:
    part = Part(start, end)
    for planned, kind, status, _ in step.answers:
        if start <= planned < end:
            part.answers[answer_kind(kind, status)] += 1
    inside = [i for i in intervals if start < i.end <= end]
    if inside:
        part.before, part.after = inside[0].before, inside[-1].after
        part.pending = max(i.pending for i in inside)
        part.unpublished = max(i.unpublished for i in inside)
    return part


async def _unpublished(conn: asyncpg.Connection) -> int:
    return int(
        await conn.fetchval(
            "SELECT (SELECT coalesce(max(notification_id), 0) FROM personnel.personnel_events)"
            " - (SELECT coalesce(max(notification_id), 0) FROM personnel.relay_position)"
        )
    )


async def _pending(js: JetStreamContext) -> dict[str, int]:
    consumers = await js.consumers_info("PERSONNEL")
    return {info.name: (info.num_pending or 0) + (info.num_ack_pending or 0) for info in consumers}


async def sample_while(
    stack: Stack, samples: list[Sample], *, every: float, ready: asyncio.Event, load_over: asyncio.Event, drain: float
) -> None:
    """Sample until the load is over and nothing is in flight (or `drain` seconds after the load), the
    instants on `time.perf_counter()`'s clock; `ready` once connected."""
    port = stack.process("assessment-project").spec.health_port
    conn = await asyncpg.connect(stack.database_url)
    client = await nats.connect(stack.nats_url)
    ready.set()
    over_at: float | None = None
    try:
        while True:
            at = time.perf_counter()
            ages = await asyncio.to_thread(scrape, port, *ROSTER)
            pending, unpublished = await _pending(client.jetstream()), await _unpublished(conn)
            samples.append(Sample(at, ages, pending, unpublished))
            if load_over.is_set():
                if over_at is None:
                    over_at = at
                if _idle(samples[-1]) or at - over_at >= drain:
                    return
            await asyncio.sleep(max(0.0, at + every - time.perf_counter()))
    finally:
        await client.close()
        await conn.close()


@dataclass
class Run:
    step: Step
    samples: list[Sample]  # their instants in seconds after the load began
    phases: list[tuple[str, int, float]]  # name, rate, seconds


async def measure(stack: Stack, phases: list[tuple[str, int, float]], every: float, drain: float) -> Run:
    """The phases as one arrival process, sampled throughout and then until nothing is in flight."""
    async with load_client(stack) as client:
        mix = await seeded_mix(stack, client)
        await offer_phases(Step("warm-up", phases[0][1]), client, [(phases[0][1], 3.0)], mix)
        step, samples = Step("lag", phases[0][1]), list[Sample]()
        ready, load_over = asyncio.Event(), asyncio.Event()
        sampling = asyncio.create_task(
            sample_while(stack, samples, every=every, ready=ready, load_over=load_over, drain=drain)
        )
        await ready.wait()
        origin = time.perf_counter()
        try:
            await offer_phases(step, client, [(rate, seconds) for _, rate, seconds in phases], mix)
        finally:
            load_over.set()
            await sampling
    shifted = [Sample(s.at - origin, s.ages, s.pending, s.unpublished) for s in samples]
    return Run(step, shifted, phases)


def _idle(sample: Sample) -> bool:
    return sample.unpublished == 0 and not any(sample.pending.values())


def oldest_within(before: Buckets, after: Buckets) -> float:
    """The bound of the lowest bucket that holds every observation between two scrapes: the oldest
    event projected meanwhile was at most this old (a histogram keeps no exact maximum)."""
    total = projected(before, after)
    return min(bound for bound in after if after[bound] - before.get(bound, 0.0) >= total)


def _row(label: str, rate: float, part: Part) -> str:
    shed = sum(part.answers[a] for a in SHED)
    n = int(projected(part.before, part.after))
    ages = " ".join(
        f"{quantile(part.before, part.after, q) * 1000:>7.0f}" if n else f"{'-':>7}" for q in (0.5, 0.95, 0.99)
    )
    oldest = f"<={oldest_within(part.before, part.after) * 1000:.0f}" if n else "-"
    return (
        f"{label:<14} {rate:>6.0f} {part.answers['expected']:>8} {shed:>6} {part.errors:>6} {n:>9} {ages}"
        f" {oldest:>8} {part.pending:>8} {part.unpublished:>11}"
    )


def _header(first: str) -> str:
    return (
        f"{first:<14} {'rate/s':>6} {'expected':>8} {'shed':>6} {'errors':>6} {'projected':>9}"
        f" {'age p50':>7} {'p95':>7} {'p99':>7} {'max ms':>8} {'pending':>8} {'unpublished':>11}"
    )


def report(run: Run, window: float) -> None:
    intervals = intervals_of(run.samples)
    step, bounds, start = run.step, [], 0.0
    for name, rate, seconds in run.phases:
        bounds.append((name, rate, start, start + seconds))
        start += seconds
    end = run.samples[-1].at if run.samples else start
    print("phases: " + ", ".join(f"{name} {rate}/s for {seconds:g} s" for name, rate, seconds in run.phases))
    print(f"offered {step.offered}, not sent {step.dropped}; answers {dict(Counter(_answers(step)))}")
    print("\n" + _header("seconds"))
    at = 0.0
    while at < end:
        to = min(end, at + window)
        rate = next((r for _, r, s, e in bounds if s <= at < e), 0)
        print(_row(f"{at:.0f}-{to:.0f}", rate, part_of(step, intervals, at, to)))
        at = to
    print("\n" + _header("phase"))
    parts = {}
    for index, (name, rate, first, last) in enumerate(bounds):
        # The last phase keeps what was sampled after the load stopped: its events still projecting.
        parts[name] = part_of(step, intervals, first, end if index == len(bounds) - 1 else last)
        print(_row(name, rate, parts[name]))
    steady = parts[run.phases[0][0]]
    steady_p99 = quantile(steady.before, steady.after, 0.99)
    burst_end = bounds[1][3] if len(bounds) > 1 else bounds[0][3]
    after = caught_up_after(intervals, burst_end)
    errors = sum(p.errors for p in parts.values())
    print(
        f"\nsteady p99 {steady_p99:.2f} s (objective <= {STEADY_P99_S:g} s): "
        + ("held" if steady_p99 <= STEADY_P99_S else "MISSED")
    )
    print(
        f"caught up (p99 under {CAUGHT_UP_S:g} s for good) "
        + (f"{after:.0f} s after the burst" if after is not None else "never")
        + f" (objective <= {CATCH_UP_WITHIN_S:g} s): "
        + ("held" if after is not None and after <= CATCH_UP_WITHIN_S else "MISSED")
    )
    print(f"errors {errors} (shed calls apart): " + ("held" if errors == 0 else "MISSED"))
    durables = sorted({name for s in run.samples for name in s.pending})
    most = {d: max(s.pending.get(d, 0) for s in run.samples) for d in durables}
    print("most pending per durable consumer of PERSONNEL: " + ", ".join(f"{d} {n}" for d, n in most.items()))


def _answers(step: Step) -> list[str]:
    return [answer_kind(kind, status) for _, kind, status, _ in step.answers]


def main() -> None:
    parser = argparse.ArgumentParser(prog="zeren bench lag")
    parser.add_argument("--base", type=int, default=50, help="the steady arrival rate per second")
    parser.add_argument("--before", type=float, default=600.0, help="seconds at the steady rate first")
    parser.add_argument("--burst", type=float, default=60.0, help="seconds at three times the rate")
    parser.add_argument("--after", type=float, default=120.0, help="seconds at the steady rate after")
    parser.add_argument("--window", type=float, default=10.0, help="seconds per reported window")
    parser.add_argument("--sample", type=float, default=1.0, help="seconds between samples")
    args = parser.parse_args()
    phases = [
        ("steady", args.base, args.before),
        ("burst", 3 * args.base, args.burst),
        ("after", args.base, args.after),
    ]
    with tempfile.TemporaryDirectory(prefix="zeren-bench-lag-") as folder, running_stack(Path(folder)) as stack:
        run = asyncio.run(measure(stack, phases, args.sample, drain=120.0))
    report(run, args.window)


if __name__ == "__main__":
    main()
