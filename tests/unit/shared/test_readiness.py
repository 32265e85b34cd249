"""`/readyz`: 503 with every check's verdict when a required one fails; a failing check's message is
shown only when the check means it to be read (a driver's message can name internal hosts). The
checks run at once under one deadline; probes arriving together share a round."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx
from fastapi import FastAPI

from shared.messaging.consumer import ConsumersNotSubscribedError
from shared.web.health import Dependency, Readiness, Verdict
from shared.web.health import router as health_router


async def fails_with(exc: Exception) -> None:
    raise exc


def app_with(readiness: dict[str, Dependency]) -> FastAPI:
    app = FastAPI()
    app.include_router(health_router)
    app.state.readiness = readiness
    return app


async def readyz(app: FastAPI) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://worker") as client:
        return await client.get("/readyz")


async def test_a_projection_that_cannot_subscribe_is_named_and_a_drivers_message_is_not() -> None:
    async def ok() -> None:
        return None

    app = app_with(
        {
            "postgres": Dependency(lambda: fails_with(ConnectionError("could not connect to 10.1.2.3:5432"))),
            "nats": Dependency(ok),
            "subscriptions": Dependency(
                lambda: fails_with(ConsumersNotSubscribedError("cases-procedure-index--cases"))
            ),
        }
    )
    response = await readyz(app)
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["checks"] == {
        "postgres": "unreachable (ConnectionError)",
        "nats": "ok",
        "subscriptions": "unreachable (ConsumersNotSubscribedError: cases-procedure-index--cases)",
    }


async def test_an_optional_dependency_is_reported_without_failing_readiness() -> None:
    app = app_with({"nats": Dependency(lambda: fails_with(OSError("down")), required=False)})
    response = await readyz(app)
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"nats": "unreachable (OSError)"}}


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Gated:
    """A check that counts its runs and answers once the gate opens."""

    def __init__(self) -> None:
        self.runs = 0
        self.gate = asyncio.Event()

    async def __call__(self) -> None:
        self.runs += 1
        await self.gate.wait()


async def test_the_checks_run_at_once_not_one_after_another() -> None:
    started = {"postgres": asyncio.Event(), "nats": asyncio.Event()}

    def meets(own: str, other: str) -> Callable[[], Awaitable[None]]:
        async def check() -> None:
            started[own].set()
            await started[other].wait()  # one after another, the first would wait for ever

        return check

    readiness = Readiness(
        {"postgres": Dependency(meets("postgres", "nats")), "nats": Dependency(meets("nats", "postgres"))},
        deadline=30,
    )
    verdict = await readiness.verdict()
    assert verdict == Verdict({"postgres": "ok", "nats": "ok"}, ready=True)


async def test_one_deadline_bounds_the_whole_round_and_stops_the_checks_past_it() -> None:
    never = asyncio.Event()
    running: list[asyncio.Task[None]] = []

    async def hangs() -> None:
        task = asyncio.current_task()
        assert task is not None
        running.append(task)
        await never.wait()

    async def ok() -> None:
        return None

    readiness = Readiness(
        {"postgres": Dependency(hangs), "nats": Dependency(hangs), "disk": Dependency(ok)}, deadline=0.05
    )
    verdict = await readiness.verdict()
    assert verdict.checks == {
        "postgres": "unreachable (TimeoutError)",
        "nats": "unreachable (TimeoutError)",
        "disk": "ok",
    }
    assert not verdict.ready
    await asyncio.gather(*running, return_exceptions=True)
    assert all(task.cancelled() for task in running)


async def test_probes_arriving_during_a_round_share_it_and_one_leaving_does_not_stop_it() -> None:
    check = Gated()
    readiness = Readiness({"service": Dependency(check, required=False)}, deadline=30)
    probes = [asyncio.create_task(readiness.verdict()) for _ in range(5)]
    await asyncio.sleep(0)  # every probe has asked
    probes[0].cancel()  # its client gave up
    check.gate.set()
    verdicts = await asyncio.gather(*probes[1:])
    assert check.runs == 1
    assert all(verdict.checks == {"service": "ok"} for verdict in verdicts)


async def test_a_verdict_answers_the_probes_of_the_next_second_then_a_new_round_runs() -> None:
    check, clock = Gated(), Clock()
    check.gate.set()
    readiness = Readiness({"service": Dependency(check)}, deadline=30, reuse_seconds=1.0, clock=clock)
    first = await readiness.verdict()
    clock.now += 0.9
    assert await readiness.verdict() is first
    assert check.runs == 1
    clock.now += 0.1
    await readiness.verdict()
    assert check.runs == 2


async def test_a_check_failing_before_it_awaits_anything_fails_alone() -> None:
    def broken() -> Awaitable[None]:
        raise OSError("no socket")

    async def ok() -> None:
        return None

    verdict = await Readiness({"nats": Dependency(broken), "postgres": Dependency(ok)}).verdict()
    assert verdict == Verdict({"nats": "unreachable (OSError)", "postgres": "ok"}, ready=False)
