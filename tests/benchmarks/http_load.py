"""Requests through the gateway under an open arrival rate, beside a baseline in the same run.

    python3 zeren bench http [--rates 25,50,100,200] [--seconds 10] [--audit] [--history N]

Every piece runs as its own process on this machine (embedded PostgreSQL and NATS, each service's
API, relays, projectors, schedulers, notaries, the gateway), as `zeren run` starts them. Each step
offers a fixed arrival rate for a number of seconds, whatever the answers' latency (an open model:
latency is measured from each request's planned start, so a slow server cannot hide its queue).
The mix: 70% reads of an officer, 25% commands (enrolments, each with its Idempotency-Key), 5%
auditor queries (the certified roster). The baseline offers the same rates to the gateway's own
`/healthz`: the cost of HTTP and of this load generator, without authentication, routing or services.
With `--audit`, each mix is offered again while an auditor verifies personnel's whole history back to
back (`zeren audit verify`; `--history N` stores N enrolments first, so that there is history to
verify), and the command p95 of both runs is compared.

On a 2-core machine the generator, the services and both servers share the CPUs: the figures are a
regression baseline for this machine, not a capacity claim.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from httpx_aiohttp import AiohttpTransport

from personnel.application import Personnel
from personnel.domain import StaffKind, UnitKind
from personnel.domain.errors import UnitAlreadyRegisteredError
from shared.db.urls import eventsourcing_env
from shared.devstack.keys import ensure_dev_keys, mint_client_token
from shared.devstack.launcher import PREFERRED_API_PORTS, Stack
from shared.devstack.process import free_port
from tests.benchmarks.freshness import quantile, settled
from tests.support.infra import NatsServer, PostgresServer
from tests.support.settle import wait_settled

MAX_IN_FLIGHT = 512


NO_ANSWER = 0  # the connection failed or the 30 s client timeout passed: no status to count


@dataclass
class Step:
    name: str
    rate: int
    offered: int = 0
    dropped: int = 0
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # Every answer: (planned start, seconds after the step's start; class; status; latency in seconds).
    answers: list[tuple[float, str, int, float]] = field(default_factory=list)
    elapsed: float = 0.0
    freshness_ms: tuple[float, float, float] | None = None  # roster projection p50, p95, p99
    verifications: list[tuple[int, float]] = field(default_factory=list)  # (events, seconds) per audit run

    def record(self, kind: str, planned: float, seconds: float, status: int) -> None:
        self.latencies[kind].append(seconds)
        self.answers.append((planned, kind, status, seconds))
        if status != EXPECTED_STATUS[kind]:
            self.errors[kind] += 1


EXPECTED_STATUS = {"read": 200, "command": 201, "auditor": 200, "healthz": 200}
# The next request: its class, and the call made with the client (answered, or failing with a
# transport error, counted as NO_ANSWER).
Request = Callable[[httpx.AsyncClient], tuple[str, Awaitable[httpx.Response]]]


async def offer(step: Step, client: httpx.AsyncClient, seconds: float, request: Request) -> None:
    """Start `step.rate` requests a second for `seconds`, each at its planned time."""
    await offer_phases(step, client, [(step.rate, seconds)], request)


async def offer_phases(
    step: Step, client: httpx.AsyncClient, phases: Sequence[tuple[int, float]], request: Request
) -> None:
    """Offer each (rate per second, seconds) phase in turn, one continuous open arrival process."""
    in_flight: set[asyncio.Task[None]] = set()
    start = time.perf_counter()

    async def one(planned: float) -> None:
        kind, sent = request(client)
        try:
            status = (await sent).status_code
        except httpx.TransportError:
            status = NO_ANSWER
        step.record(kind, planned - start, time.perf_counter() - planned, status)

    phase_start = start
    for rate, seconds in phases:
        for n in range(int(rate * seconds)):
            planned = phase_start + n / rate
            delay = planned - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            step.offered += 1
            if len(in_flight) >= MAX_IN_FLIGHT:
                step.dropped += 1
                continue
            task = asyncio.create_task(one(planned))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        phase_start += seconds
    await asyncio.gather(*in_flight)
    step.elapsed = time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


# The projection the commands feed: personnel's enrolments into assessment's roster.
ROSTER = ("assessment-roster", "personnel")
VERIFIED = re.compile(r"events (\d+) .*?verified in ([\d.]+) s", re.DOTALL)


async def audit_while(stack: Stack, step: Step, done: asyncio.Event) -> None:
    """An auditor verifying personnel's whole history again and again, as `zeren audit verify` does
    (every stored event re-encoded and checked against the published leaves and checkpoints)."""
    env = {**os.environ, "DATABASE_URL": stack.database_url, "NATS_URL": stack.nats_url}
    command = [sys.executable, "-m", "shared.cli", "audit", "verify", "personnel"]
    command += ["--key", str(stack.keys.notary_verifier)]
    while not done.is_set():
        process = await asyncio.create_subprocess_exec(
            *command, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        output, _ = await process.communicate()
        found = VERIFIED.search(output.decode())
        if process.returncode != 0 or found is None:
            raise RuntimeError(f"the audit failed during the load: {output.decode()[-2000:]}")
        step.verifications.append((int(found.group(1)), float(found.group(2))))


def preload(database_url: str, officers: int) -> None:
    """A history for the auditor to verify: `officers` enrolments stored directly, four writers."""
    personnel = Personnel(env=eventsourcing_env(database_url, "personnel", pool_size=4))
    try:
        with contextlib.suppress(UnitAlreadyRegisteredError):  # officers are enrolled into a registered unit
            personnel.register_unit(code="STN01", name="第1国土资源所", kind=UnitKind.STATION)

        def enrol(writer: int) -> None:
            for i in range(writer, officers, 4):
                personnel.enroll_officer(name=f"历史{i}", unit_id="STN01", staff_kind=StaffKind.PERMANENT)

        with ThreadPoolExecutor(max_workers=4) as pool:
            for future in [pool.submit(enrol, writer) for writer in range(4)]:
                future.result()
    finally:
        personnel.close()


@dataclass(frozen=True)
class Enrolment:
    """What the first answer to a keyed enrolment said, and no more: a long run keeps one per key."""

    status: int
    officer_id: str | None  # the officer recorded, on 201
    problem: str  # the problem type without its `urn:zeren:problem:` prefix; empty if none

    @classmethod
    def of(cls, response: httpx.Response) -> Enrolment:
        try:
            body: Any = response.json()
        except ValueError:
            body = None
        body = body if isinstance(body, dict) else {}
        officer_id = str(body["id"]) if response.status_code == 201 else None
        return cls(response.status_code, officer_id, str(body.get("type", "")).removeprefix("urn:zeren:problem:"))


class Mix:
    """70% reads of an officer, 25% enrolments (each with its own Idempotency-Key), 5% auditor
    queries (the certified roster); the enrolments' outcomes kept by key."""

    def __init__(self, officers: list[str], *, director: str, auditor: str, run: str) -> None:
        self.officers = officers
        self.director = {"Authorization": f"Bearer {director}"}
        self.auditor = {"Authorization": f"Bearer {auditor}"}
        self.run = run
        self.rng = random.Random(2018)
        self.enrolments: dict[str, Enrolment | None] = {}  # key -> its first answer (None: no answer)
        self.keys = itertools.count()  # each enrolment its own key, across the steps of a run

    def __call__(self, http: httpx.AsyncClient) -> tuple[str, Awaitable[httpx.Response]]:
        draw = self.rng.random()
        if draw < 0.70:
            return "read", http.get(f"/api/personnel/officers/{self.rng.choice(self.officers)}", headers=self.director)
        if draw < 0.95:
            return "command", self._enrol(http, f"bench-{self.run}-{next(self.keys)}")
        return "auditor", http.get("/api/assessment/roster", params={"as_of": "2018-01-01"}, headers=self.auditor)

    def name_of(self, key: str) -> str:
        return f"负载{key.removeprefix('bench-')}"

    async def enrol(self, http: httpx.AsyncClient, key: str) -> httpx.Response:
        return await http.post(
            "/api/personnel/officers",
            json={"name": self.name_of(key), "unit_id": LOAD_UNIT, "staff_kind": "permanent"},
            headers={**self.director, "Idempotency-Key": key},
        )

    async def _enrol(self, http: httpx.AsyncClient, key: str) -> httpx.Response:
        self.enrolments[key] = None
        response = await self.enrol(http, key)
        self.enrolments[key] = Enrolment.of(response)
        return response


LOAD_UNIT = "ENF"


def health(http: httpx.AsyncClient) -> tuple[str, Awaitable[httpx.Response]]:
    return "healthz", http.get("/healthz")


def load_client(stack: Stack) -> httpx.AsyncClient:
    """The generator's client: aiohttp's connections under httpx's API, as the gateway has them
    (httpx's own pool costs several times the CPU, more than the requests themselves once hundreds
    are in flight: `zeren bench client`)."""
    limits = httpx.Limits(max_connections=MAX_IN_FLIGHT, max_keepalive_connections=MAX_IN_FLIGHT)
    return httpx.AsyncClient(base_url=stack.url("gateway"), timeout=30, transport=AiohttpTransport(limits=limits))


async def seeded_mix(stack: Stack, client: httpx.AsyncClient) -> Mix:
    """The mix, over 50 officers enrolled first (in ten units, registered first with `LOAD_UNIT`)."""
    director = mint_client_token(stack.keys, subject="bench-director", role="director")
    auditor = mint_client_token(stack.keys, subject="bench-auditor", role="auditor")
    for code, kind in [(LOAD_UNIT, "section"), *((f"STN{n:02d}", "station") for n in range(1, 11))]:
        registered = await client.post(
            "/api/personnel/units",
            json={"code": code, "name": f"基准 {code}", "kind": kind},
            headers={"Authorization": f"Bearer {director}"},
        )
        if registered.status_code != 409:  # 409: registered by an earlier run
            registered.raise_for_status()
    officers = []
    for i in range(50):
        response = await client.post(
            "/api/personnel/officers",
            json={"name": f"基准{i}", "unit_id": f"STN{i % 10 + 1:02d}", "staff_kind": "permanent"},
            headers={"Authorization": f"Bearer {director}", "Idempotency-Key": f"bench-seed-{i}"},
        )
        response.raise_for_status()
        officers.append(response.json()["id"])
    return Mix(officers, director=director, auditor=auditor, run=str(int(time.time())))


async def measure(stack: Stack, rates: list[int], seconds: float, *, audit: bool = False) -> list[Step]:
    projector_port = stack.process("assessment-project").spec.health_port
    async with load_client(stack) as client:
        mixed = await seeded_mix(stack, client)
        # Connections, pools and caches warmed by a short mix that is not reported; then each step
        # starts from a pipeline with nothing in flight (not while it digests the history or the
        # previous step).
        await offer(Step("warm-up", rates[0]), client, min(seconds, 3.0), mixed)
        steps = []
        for rate in rates:
            await asyncio.to_thread(wait_settled, stack)
            baseline = Step("baseline /healthz", rate)
            await offer(baseline, client, seconds, health)
            steps.append(baseline)
            loaded = Step("mix via gateway", rate)
            before = await asyncio.to_thread(settled, projector_port, *ROSTER)
            await offer(loaded, client, seconds, mixed)
            after = await asyncio.to_thread(settled, projector_port, *ROSTER)
            p50, p95, p99 = (quantile(before, after, q) * 1000 for q in (0.5, 0.95, 0.99))
            loaded.freshness_ms = (p50, p95, p99)
            steps.append(loaded)
            if audit:
                await asyncio.to_thread(wait_settled, stack)
                audited = Step("mix + audit", rate)
                done = asyncio.Event()
                auditing = asyncio.create_task(audit_while(stack, audited, done))
                await offer(audited, client, seconds, mixed)
                done.set()
                await auditing
                steps.append(audited)
    return steps


# The service-level objective of the capacity test: reads and auditor queries p95 <= 300 ms, commands <= 500 ms.
SLO_P95_MS = {"read": 300.0, "auditor": 300.0, "command": 500.0}


def held(step: Step) -> bool:
    answered = sum(len(v) for v in step.latencies.values())
    errors = sum(step.errors.values())
    return (
        step.dropped == 0
        and answered > 0
        and errors <= 0.001 * answered
        and all(percentile(v, 0.95) <= SLO_P95_MS.get(k, 300.0) for k, v in step.latencies.items())
    )


def report(steps: list[Step]) -> None:
    columns = ("p50 ms", "p95 ms", "p99 ms", "errors", "dropped")
    print(f"{'step':<20} {'rate/s':>7} {'achieved':>9} {'class':<9} {'n':>6} " + " ".join(f"{c:>8}" for c in columns))
    for step in steps:
        achieved = (step.offered - step.dropped) / step.elapsed if step.elapsed else 0.0
        for kind, values in sorted(step.latencies.items()):
            print(
                f"{step.name:<20} {step.rate:>7} {achieved:>9.1f} {kind:<9} {len(values):>6} "
                f"{percentile(values, 0.50):>8.1f} {percentile(values, 0.95):>8.1f} {percentile(values, 0.99):>8.1f} "
                f"{step.errors[kind]:>7} {step.dropped:>8}"
            )
    mixes = [s for s in steps if s.name == "mix via gateway"]
    audited = [s for s in steps if s.verifications]
    if audited:
        plain = {s.rate: s for s in mixes}
        print("\nan auditor verifying personnel's whole history during the mix (`zeren audit verify`, back to back):")
        print(f"{'rate/s':>7} {'runs':>5} {'events':>7} {'events/s':>9} {'command p95 ms':>15} {'vs mix alone':>13}")
        for step in audited:
            events = step.verifications[-1][0]
            rate = sum(e for e, _ in step.verifications) / sum(t for _, t in step.verifications)
            with_audit = percentile(step.latencies["command"], 0.95)
            alone = percentile(plain[step.rate].latencies["command"], 0.95)
            print(
                f"{step.rate:>7} {len(step.verifications):>5} {events:>7} {rate:>9,.0f} {with_audit:>15.1f}"
                f" {with_audit / alone:>12.2f}x"
            )
    print("\nroster projection freshness (an enrolment's commit in personnel to its projection's commit), ms:")
    print(f"{'rate/s':>7} {'p50':>8} {'p95':>8} {'p99':>8}")
    for step in mixes:
        if step.freshness_ms is not None:
            p50, p95, p99 = step.freshness_ms
            print(f"{step.rate:>7} {p50:>8.0f} {p95:>8.0f} {p99:>8.0f}")
    best = max((s.rate for s in mixes if held(s)), default=None)
    print(
        "\nhighest arrival rate held at the objective (reads p95 <= 300 ms, commands p95 <= 500 ms, "
        f"errors <= 0.1%, none dropped): {best if best is not None else 'none'} requests/s"
    )


@contextmanager
def running_stack(folder: Path) -> Iterator[Stack]:
    """Every piece as `zeren run` starts it, on servers of its own, with warnings only in the logs."""
    postgres = PostgresServer.start(folder / "postgres")
    nats_server = NatsServer.start(folder / "nats")
    stack = Stack(
        home=folder / "stack",
        database_url=postgres.create_database(),
        nats_url=nats_server.url,
        keys=ensure_dev_keys(folder / "keys"),
        log_level="WARNING",
        # One subject drives the whole load: lift its per-caller limit for the measurement.
        extra_env={"GATEWAY_CALLER_RATE_PER_SECOND": "100000", "GATEWAY_CALLER_BURST": "100000"},
        api_ports={name: free_port() for name in PREFERRED_API_PORTS},
    )
    try:
        stack.start(timeout=120)
        yield stack
    finally:
        stack.stop()
        nats_server.stop()
        postgres.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="zeren bench http")
    parser.add_argument("--rates", default="25,50,100,150,200", help="arrival rates per second, comma-separated")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each step")
    parser.add_argument("--audit", action="store_true", help="repeat each mix while an auditor verifies history")
    parser.add_argument("--history", type=int, default=0, help="enrolments stored first, for the auditor to verify")
    args = parser.parse_args()
    rates = [int(r) for r in args.rates.split(",")]
    with tempfile.TemporaryDirectory(prefix="zeren-bench-http-") as folder, running_stack(Path(folder)) as stack:
        if args.history:
            preload(stack.database_url, args.history)
        steps = asyncio.run(measure(stack, rates, args.seconds, audit=args.audit))
    report(steps)


if __name__ == "__main__":
    main()
