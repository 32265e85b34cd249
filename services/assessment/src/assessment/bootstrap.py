"""Composition root of assessment."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI

from assessment.api.routes import router
from assessment.projections import all_projections
from assessment.settings import AssessmentSettings
from shared.db.migrate import MigrationSource, migrate_url
from shared.db.pool import create_pool
from shared.service import ServiceDefinition
from shared.service import main as service_main
from shared.web.api_runtime import pool_dependency
from shared.web.app import create_service_app
from shared.web.identity import IdentityVerifier

MIGRATIONS = [
    MigrationSource("consumer", "shared.messaging", "sql/consumer"),
    MigrationSource("assessment", "assessment"),
]


def create_api(settings: AssessmentSettings | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        config = settings or AssessmentSettings()  # read when serving, so `openapi` needs no environment
        url = config.database_url.get_secret_value()
        await migrate_url(url, config.schema_name, MIGRATIONS)
        app.state.pool = await create_pool(url, config.schema_name, max_size=config.db_pool_size)
        app.state.identity_verifier = IdentityVerifier(
            public_key_pem=config.identity_key(), audience=config.service, issuer=config.identity_issuer
        )
        app.state.readiness = {"postgres": pool_dependency(app.state.pool)}
        try:
            yield
        finally:
            await app.state.pool.close()

    return create_service_app(
        service="assessment",
        title="Zeren assessment",
        description="Rankings, KPIs, audit views and accountability decisions, projected from every public event.",
        routers=[router],
        lifespan=lifespan,
    )


SERVICE = ServiceDefinition(
    name="assessment",
    settings=AssessmentSettings,
    api_factory="assessment.bootstrap:create_api",
    migrations=MIGRATIONS,
    projections=all_projections,
)


def main(argv: Sequence[str] | None = None) -> int:
    return service_main(argv, SERVICE)
