"""Composition root of cases."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI

from cases.api.routes import router
from cases.projections import all_projections
from cases.settings import CasesSettings
from shared.db.migrate import MigrationSource, migrate_url
from shared.db.pool import create_pool
from shared.service import main as service_main
from shared.web.api_runtime import pool_dependency
from shared.web.app import create_service_app
from shared.web.identity import IdentityVerifier

MIGRATIONS = [
    MigrationSource("consumer", "shared.messaging", "sql/consumer"),
    MigrationSource("cases", "cases"),
]


def create_api(settings: CasesSettings | None = None) -> FastAPI:
    config = settings or CasesSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
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
        service=config.service,
        title="Zeren cases",
        description="Leads, penalty cases and their statutory procedure, reviews, normative documents, "
        "satellite patches, expropriation gates.",
        routers=[router],
        lifespan=lifespan,
    )


def main(argv: Sequence[str] | None = None) -> int:
    return service_main(
        argv,
        service="cases",
        settings=CasesSettings,
        api_factory="cases.bootstrap:create_api",
        migrations=MIGRATIONS,
        projections=all_projections,
    )
