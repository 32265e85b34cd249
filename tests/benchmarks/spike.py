"""Spike and recovery: a steady arrival rate, three times that rate for a minute, then the steady rate.

    python3 zeren bench spike [--base 50] [--before 30] [--spike 60] [--after 120] [--window 5]

The system runs as in `zeren bench http` (every piece its own process, on servers of its own), and
the offered mix is the same (70% reads of an officer, 25% keyed enrolments, 5% auditor queries),
as one open arrival process whose rate changes. The minutes before the spike are the baseline.

Reported per window of planned start times: the arrival rate, the answers (those expected, 503, 429,
504, other errors, no answer at all) and the p95 of the expected answers per class; then when the
objective held again after the spike (reads and auditor queries p95 <= 300 ms, commands <= 500 ms, no
errors, in that window and every later one). Then the oracle: every enrolment that did not end in
201 is sent again with its key until it does. One that was shed (503 `service_overloaded` or
`gateway_overloaded`, both saying nothing was done) must be recorded by that second request, not
replayed; every key ends as exactly one officer; and personnel's directory lists exactly the run's
officers, no more and no fewer.

On a 2-core machine the generator, the services and both servers share the CPUs: a regression
baseline for this machine, not a capacity claim.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.benchmarks.http_load import (
    EXPECTED_STATUS,
    LOAD_UNIT,
    MAX_IN_FLIGHT,
    NO_ANSWER,
    SLO_P95_MS,
    Enrolment,
    Mix,
    Step,
    load_client,
    offer_phases,
    percentile,
    running_stack,
    seeded_mix,
)

SHED_TYPES = ("service_overloaded", "gateway_overloaded")
ANSWERS = ("expected", "503", "429", "504", "other", "no answer")


def answer_kind(kind: str, status: int) -> str:
    if status == EXPECTED_STATUS[kind]:
        return "expected"
    if status == NO_ANSWER:
        return "no answer"
    return str(status) if status in (503, 429, 504) else "other"


@dataclass
class Window:
    start: float
    answers: Counter[str] = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=dict)  # class -> expected answers' seconds

    @property
    def total(self) -> int:
        return sum(self.answers.values())

    def held(self) -> bool:
        if self.total == 0 or self.answers["expected"] != self.total:
            return False
        return all(percentile(v, 0.95) <= SLO_P95_MS[k] for k, v in self.latencies.items())


def windows_of(step: Step, width: float) -> list[Window]:
    windows: dict[int, Window] = {}
    for planned, kind, status, seconds in step.answers:
        index = int(planned // width)
        window = windows.setdefault(index, Window(index * width))
        answer = answer_kind(kind, status)
        window.answers[answer] += 1
        if answer == "expected":
            window.latencies.setdefault(kind, []).append(seconds)
    return [windows[i] for i in sorted(windows)]


def recovered_after(windows: list[Window], spike_end: float) -> float | None:
    """Seconds from the spike's end to the start of the first window from which every window held."""
    recovered: float | None = None
    for window in windows:
        if window.start + 1e-9 < spike_end:
            continue
        if not window.held():
            recovered = None
        elif recovered is None:
            recovered = window.start - spike_end
    return recovered


@dataclass
class Oracle:
    keys: int = 0
    first_answers: Counter[str] = field(default_factory=Counter)
    sent_again: int = 0
    shed_then_replayed: list[str] = field(default_factory=list)  # refused, yet recorded: must stay empty
    officers: set[str] = field(default_factory=set)
    listed: set[str] = field(default_factory=set)

    @property
    def exact(self) -> bool:
        """Nothing shed was recorded, every key is one officer, and the directory lists exactly them."""
        return not self.shed_then_replayed and len(self.officers) == self.keys and self.listed == self.officers


async def _until_recorded(mix: Mix, client: httpx.AsyncClient, key: str) -> httpx.Response:
    deadline = time.monotonic() + 120
    while True:
        try:
            response = await mix.enrol(client, key)
            if response.status_code == 201:
                return response
            wait = float(response.headers.get("retry-after", "0.2"))
        except httpx.TransportError:
            wait = 0.2
        if time.monotonic() > deadline:
            raise RuntimeError(f"{key} was not recorded in 120 s")
        await asyncio.sleep(wait)


async def check_enrolments(mix: Mix, client: httpx.AsyncClient) -> Oracle:
    oracle = Oracle(keys=len(mix.enrolments))
    concurrency = asyncio.Semaphore(4)

    async def settle(key: str, first: Enrolment | None) -> None:
        if first is not None and first.officer_id is not None:
            oracle.first_answers["201"] += 1
            oracle.officers.add(first.officer_id)
            return
        shed = first is not None and first.problem in SHED_TYPES
        first_answer = "no answer" if first is None else first.problem or str(first.status)
        oracle.first_answers[first_answer] += 1
        async with concurrency:
            again = await _until_recorded(mix, client, key)
        oracle.sent_again += 1
        if shed and again.headers.get("idempotent-replayed") == "true":
            oracle.shed_then_replayed.append(key)
        oracle.officers.add(again.json()["id"])

    await asyncio.gather(*(settle(key, first) for key, first in list(mix.enrolments.items())))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        oracle.listed = await _listed(mix, client)
        if len(oracle.listed) >= len(oracle.officers):
            break
        await asyncio.sleep(1)
    return oracle


async def _listed(mix: Mix, client: httpx.AsyncClient) -> set[str]:
    """The run's officers in personnel's directory (a projection of its own events)."""
    found: set[str] = set()
    params: dict[str, Any] = {"unit_id": LOAD_UNIT, "limit": 200}
    prefix = mix.name_of(f"bench-{mix.run}-")
    while True:
        response = await client.get("/api/personnel/officers", params=params, headers=mix.director)
        response.raise_for_status()
        page = response.json()
        found |= {o["officer_id"] for o in page["officers"] if o["name"].startswith(prefix)}
        if not page["next_cursor"]:
            return found
        params["cursor"] = page["next_cursor"]


@dataclass
class Plan:
    base: int
    before: float
    spike: float
    after: float
    window: float

    @property
    def phases(self) -> list[tuple[int, float]]:
        return [(self.base, self.before), (3 * self.base, self.spike), (self.base, self.after)]


async def measure(stack: Any, plan: Plan) -> tuple[Step, Oracle]:
    async with load_client(stack) as client:
        mix = await seeded_mix(stack, client)
        await offer_phases(Step("warm-up", plan.base), client, [(plan.base, 3.0)], mix)  # in the oracle too
        step = Step("spike", plan.base)
        await offer_phases(step, client, plan.phases, mix)
        oracle = await check_enrolments(mix, client)
    return step, oracle


def report(step: Step, oracle: Oracle, plan: Plan) -> None:
    windows = windows_of(step, plan.window)
    spike_start, spike_end = plan.before, plan.before + plan.spike
    classes = ("read", "command", "auditor")
    print(f"{'from s':>6} {'rate/s':>7} " + " ".join(f"{a:>9}" for a in ANSWERS) + "  p95 ms " + "/".join(classes))
    for window in windows:
        rate = 3 * plan.base if spike_start <= window.start < spike_end else plan.base
        p95 = "/".join(
            f"{percentile(window.latencies[k], 0.95):.0f}" if k in window.latencies else "-" for k in classes
        )
        mark = "" if window.held() else "  (objective missed)"
        print(
            f"{window.start:>6.0f} {rate:>7} " + " ".join(f"{window.answers[a]:>9}" for a in ANSWERS) + f"  {p95}{mark}"
        )
    spike = [w for w in windows if spike_start <= w.start < spike_end]
    during = sum((w.answers for w in spike), Counter[str]())
    served = during["expected"] / plan.spike if plan.spike else math.nan
    print(f"\nduring the spike: {dict(during)}; expected answers {served:.0f}/s")
    print(f"not sent (the generator's {MAX_IN_FLIGHT} connections all waiting): {step.dropped}")
    recovered = recovered_after(windows, spike_end)
    print(
        "objective held again "
        + (f"{recovered:.0f} s after the spike ended" if recovered is not None else "never, before the run ended")
        + " (reads and auditor p95 <= 300 ms, commands p95 <= 500 ms, every answer the expected one)"
    )
    print(
        f"\noracle: {oracle.keys} keyed enrolments; first answers {dict(oracle.first_answers)}; sent again "
        f"{oracle.sent_again}; refused yet recorded {len(oracle.shed_then_replayed)}; officers {len(oracle.officers)}; "
        f"in personnel's directory {len(oracle.listed)}; missing {len(oracle.officers - oracle.listed)}, "
        f"unexpected {len(oracle.listed - oracle.officers)}"
    )
    print(
        "oracle: "
        + ("every key one officer, each listed once, nothing shed was recorded" if oracle.exact else "MISMATCH")
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="zeren bench spike")
    parser.add_argument("--base", type=int, default=50, help="the steady arrival rate per second")
    parser.add_argument("--before", type=float, default=30.0, help="seconds at the steady rate first")
    parser.add_argument("--spike", type=float, default=60.0, help="seconds at three times the steady rate")
    parser.add_argument("--after", type=float, default=120.0, help="seconds at the steady rate afterwards")
    parser.add_argument("--window", type=float, default=5.0, help="seconds per reported window")
    args = parser.parse_args()
    plan = Plan(args.base, args.before, args.spike, args.after, args.window)
    with tempfile.TemporaryDirectory(prefix="zeren-bench-spike-") as folder, running_stack(Path(folder)) as stack:
        step, oracle = asyncio.run(measure(stack, plan))
    report(step, oracle, plan)


if __name__ == "__main__":
    main()
