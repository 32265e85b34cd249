"""Composition root of personnel: the only place that builds settings, stores and connections."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI

from personnel.api.routes import router
from personnel.application import Personnel
from personnel.integration import to_integration_event
from personnel.settings import PersonnelSettings
from shared.db.locks import under_schema_lock
from shared.db.migrate import MigrationSource, migrate_url
from shared.db.urls import eventsourcing_env
from shared.service import ServiceDefinition
from shared.service import main as service_main
from shared.settings import ServiceSettings
from shared.web.api_runtime import postgres_dependency
from shared.web.app import create_service_app
from shared.web.identity import IdentityVerifier

MIGRATIONS = [MigrationSource("relay", "shared.messaging", "sql/relay")]


def build_application(settings: ServiceSettings) -> Personnel:
    url = settings.database_url.get_secret_value()
    env = eventsourcing_env(url, settings.schema_name, pool_size=settings.db_pool_size)
    return under_schema_lock(url, settings.schema_name, lambda: Personnel(env=env))


def create_api(settings: PersonnelSettings | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        config = settings or PersonnelSettings()  # read when serving, so `openapi` needs no environment
        await migrate_url(config.database_url.get_secret_value(), config.schema_name, MIGRATIONS)
        application = await asyncio.to_thread(build_application, config)
        app.state.application = application
        app.state.identity_verifier = IdentityVerifier(
            public_key_pem=config.identity_key(), audience=config.service, issuer=config.identity_issuer
        )
        app.state.readiness = {"postgres": postgres_dependency(application)}
        try:
            yield
        finally:
            application.close()

    return create_service_app(
        service="personnel",
        title="Zeren personnel",
        description="Units, officers, training and exams, enforcement certificates, assets.",
        routers=[router],
        lifespan=lifespan,
    )


SERVICE = ServiceDefinition(
    name="personnel",
    settings=PersonnelSettings,
    api_factory="personnel.bootstrap:create_api",
    migrations=MIGRATIONS,
    make_application=build_application,
    translate=to_integration_event,
)


def main(argv: Sequence[str] | None = None) -> int:
    return service_main(argv, SERVICE)
