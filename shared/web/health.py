"""`/healthz` (the process is alive), `/readyz` (its database and NATS answer) and `/metrics`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from shared.web.problems import problem

ReadinessCheck = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class Dependency:
    check: ReadinessCheck
    # An API that only writes to PostgreSQL stays ready while NATS is down: its events wait in the
    # event store for the relay. Optional dependencies are reported but do not fail readiness.
    required: bool = True


@dataclass(frozen=True)
class Verdict:
    checks: dict[str, str]
    ready: bool


def _outcome(task: asyncio.Task[None]) -> str:
    if not task.done():
        return "unreachable (TimeoutError)"  # still running at the deadline
    if task.cancelled():
        return "unreachable (CancelledError)"
    exc = task.exception()
    if exc is None:
        return "ok"
    # The exception's name; its message only when the check says it is meant to be read (a driver's
    # message can name internal hosts).
    detail = f": {exc}" if getattr(exc, "shown_in_readiness", False) else ""
    return f"unreachable ({type(exc).__name__}{detail})"


async def _run(check: ReadinessCheck) -> None:
    await check()  # in the task, so that a check failing before it awaits anything is its own outcome


def _forget(task: asyncio.Task[None]) -> None:
    if not task.cancelled():
        task.exception()  # retrieved, so that a check failing as it is cancelled logs nothing


class Readiness:
    """Every check at once, under one deadline for all: a probe's answer never waits for the sum of
    the checks. Probes arriving while a round runs share it, and its verdict answers further probes
    for `reuse_seconds`: a burst of probes costs the dependencies one round, not one each."""

    def __init__(
        self,
        dependencies: Mapping[str, Dependency],
        *,
        deadline: float = 2.0,
        reuse_seconds: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.dependencies = dict(dependencies)
        self.deadline = deadline
        self.reuse_seconds = reuse_seconds
        self._clock = clock
        self._round: asyncio.Task[Verdict] | None = None
        self._last: tuple[float, Verdict] | None = None

    async def verdict(self) -> Verdict:
        if self._last is not None and self._clock() - self._last[0] < self.reuse_seconds:
            return self._last[1]
        if self._round is None:
            self._round = asyncio.create_task(self._check_all(), name="readiness")
        # Shielded: a probe that goes away (its client timed out) leaves the round to the others.
        return await asyncio.shield(self._round)

    async def _check_all(self) -> Verdict:
        try:
            tasks = {name: asyncio.create_task(_run(d.check)) for name, d in self.dependencies.items()}
            if tasks:
                await asyncio.wait(tasks.values(), timeout=self.deadline)
            checks = {name: _outcome(task) for name, task in tasks.items()}
            for task in tasks.values():
                task.cancel()  # those still running are past the deadline
                task.add_done_callback(_forget)
            ready = all(checks[name] == "ok" for name, d in self.dependencies.items() if d.required)
            verdict = Verdict(checks, ready)
            self._last = (self._clock(), verdict)
            return verdict
        finally:
            self._round = None


router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="The process is alive")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="The process can reach what it depends on", response_model=None)
async def readyz(request: Request) -> dict[str, object] | Response:
    readiness: Readiness | Mapping[str, Dependency] = getattr(request.app.state, "readiness", {})
    if not isinstance(readiness, Readiness):
        readiness = Readiness(readiness)  # a plain mapping: its checks at once, nothing shared
    verdict = await readiness.verdict()
    if not verdict.ready:
        return problem(503, "not_ready", "A required dependency is not reachable.", checks=verdict.checks)
    return {"status": "ready", "checks": verdict.checks}


@router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
