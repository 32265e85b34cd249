"""The FastAPI application shell every service API shares: problems, health, ids, metrics, limits."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import APIRouter, FastAPI

from shared.web.health import router as health_router
from shared.web.middleware import RequestContextMiddleware
from shared.web.problems import install_problem_handlers

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[Any]]


def create_service_app(
    *,
    service: str,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    lifespan: Lifespan | None = None,
    version: str = "0.1.0",
    max_body_bytes: int = 1_048_576,
) -> FastAPI:
    app = FastAPI(title=title, description=description, version=version, lifespan=lifespan)
    install_problem_handlers(app)
    app.include_router(health_router)
    for router in routers:
        app.include_router(router)
    app.add_middleware(RequestContextMiddleware, service=service, max_body_bytes=max_body_bytes)
    return app
