"""`/healthz` (the process is alive), `/readyz` (its database and NATS answer) and `/metrics`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
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


router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="The process is alive")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="The process can reach what it depends on", response_model=None)
async def readyz(request: Request) -> dict[str, object] | Response:
    dependencies: dict[str, Dependency] = getattr(request.app.state, "readiness", {})
    report: dict[str, str] = {}
    failing: dict[str, str] = {}
    for name, dependency in dependencies.items():
        try:
            await asyncio.wait_for(dependency.check(), timeout=2.0)
            report[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
            # The exception's name; its message only when the check says it is meant to be read
            # (a driver's message can name internal hosts).
            detail = f": {exc}" if getattr(exc, "shown_in_readiness", False) else ""
            report[name] = f"unreachable ({type(exc).__name__}{detail})"
            if dependency.required:
                failing[name] = report[name]
    if failing:
        return problem(503, "not_ready", "A required dependency is not reachable.", checks=report)
    return {"status": "ready", "checks": report}


@router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
