"""`/readyz`: 503 with every check's verdict when a required one fails; a failing check's message is
shown only when the check means it to be read (a driver's message can name internal hosts)."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from shared.messaging.consumer import ConsumersNotSubscribedError
from shared.web.health import Dependency
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
