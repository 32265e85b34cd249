"""Composition root of personnel: the only place that builds settings, stores and connections."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI

from personnel.api import certificates, officers, organisation, powers, public, training
from personnel.application import Personnel
from personnel.integration import to_integration_event
from personnel.jobs import scheduled_jobs
from personnel.projections import all_projections
from personnel.settings import PersonnelSettings
from shared.db.locks import under_schema_lock
from shared.db.migrate import MigrationSource
from shared.db.urls import eventsourcing_env
from shared.messaging.projection import Projection
from shared.scheduler import Job
from shared.service import ServiceDefinition, service_api
from shared.service import main as service_main
from shared.settings import ServiceSettings

MIGRATIONS = [
    MigrationSource("relay", "shared.messaging", "sql/relay"),
    MigrationSource("consumer", "shared.messaging", "sql/consumer"),
    MigrationSource("personnel", "personnel"),
]
ROUTERS = [officers.router, training.router, certificates.router, organisation.router, powers.router, public.router]


def build_application(settings: ServiceSettings) -> Personnel:
    url = settings.database_url.get_secret_value()
    env = eventsourcing_env(url, settings.schema_name, pool_size=settings.db_pool_size)
    return under_schema_lock(url, settings.schema_name, lambda: Personnel(env=env))


def projections() -> list[Projection]:
    """The directory, and the consumer of assessment's sanctions and transfers (with its own application)."""
    return all_projections(lambda: build_application(PersonnelSettings()))


def jobs(application: Personnel) -> list[Job]:
    """Certificate expiry and sanctions scheduled to take effect later, each through an ordinary command."""
    return scheduled_jobs(application, every_seconds=PersonnelSettings().expiry_check_seconds)


SERVICE = ServiceDefinition(
    name="personnel",
    settings=PersonnelSettings,
    api_factory="personnel.bootstrap:create_api",
    migrations=MIGRATIONS,
    make_application=build_application,
    translate=to_integration_event,
    projections=projections,
    jobs=jobs,
)


def create_api(settings: PersonnelSettings | None = None) -> FastAPI:
    return service_api(
        SERVICE,
        title="Zeren personnel",
        description="Units, officers and posts, duties and the power list, target letters, training and exams, "
        "enforcement certificates, assets.",
        routers=ROUTERS,
        settings=settings,
    )


def main(argv: Sequence[str] | None = None) -> int:
    return service_main(argv, SERVICE)
