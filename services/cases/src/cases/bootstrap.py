"""Composition root of cases."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI

import cases.api.case_outcomes
import cases.api.case_steps
import cases.api.cases
import cases.api.expropriation
import cases.api.file_reviews
import cases.api.land_rules
import cases.api.leads
import cases.api.normative_documents
import cases.api.patrols
import cases.api.procedure
import cases.api.routes
import cases.api.satellite
from cases.application import Cases
from cases.integration import to_integration_event
from cases.projections import all_projections
from cases.readmodel.cameras import ProjectedCameraRegister
from cases.readmodel.connections import ReadModelConnections
from cases.readmodel.standing import ProjectedEnforcerDirectory
from cases.settings import CasesSettings
from shared.db.locks import under_schema_lock
from shared.db.migrate import MigrationSource
from shared.db.urls import eventsourcing_env
from shared.scheduler import Job
from shared.service import ServiceDefinition, service_api
from shared.service import main as service_main
from shared.settings import ServiceSettings

MIGRATIONS = [
    MigrationSource("relay", "shared.messaging", "sql/relay"),
    MigrationSource("consumer", "shared.messaging", "sql/consumer"),
    MigrationSource("cases", "cases"),
]


# One line per area: the routers of leads, patrols, penalty cases, reviews and the procedure's data.
ROUTERS = [
    cases.api.routes.router,
    cases.api.leads.router,
    cases.api.patrols.router,
    cases.api.cases.router,
    cases.api.case_steps.router,
    cases.api.case_outcomes.router,
    cases.api.file_reviews.router,
    cases.api.procedure.router,
    cases.api.normative_documents.router,
    cases.api.satellite.router,
    cases.api.expropriation.router,
    cases.api.land_rules.router,
]


def build_application(settings: ServiceSettings) -> Cases:
    url = settings.database_url.get_secret_value()
    env = eventsourcing_env(url, settings.schema_name, pool_size=settings.db_pool_size)
    read_models = ReadModelConnections(url, settings.schema_name)
    directory = ProjectedEnforcerDirectory(read_models)
    cameras = ProjectedCameraRegister(read_models)
    application = under_schema_lock(
        url, settings.schema_name, lambda: Cases(env=env, enforcers=directory, cameras=cameras)
    )
    if isinstance(settings, CasesSettings):
        application.deadline_watch_seconds = settings.deadline_watch_seconds
    return application


def scheduled_jobs(application: Cases) -> list[Job]:
    """Deadline watches: each records a breach through an ordinary command, once."""
    return [
        Job("deadline-watch", application.deadline_watch_seconds, application.watch_deadlines),
        Job("normative-document-filing-deadline", 300, application.watch_normative_filing_deadlines),
        Job("satellite-monthly-clearance", 300, application.watch_satellite_clearance),
    ]


SERVICE = ServiceDefinition(
    name="cases",
    settings=CasesSettings,
    api_factory="cases.bootstrap:create_api",
    migrations=MIGRATIONS,
    make_application=build_application,
    translate=to_integration_event,
    projections=all_projections,
    jobs=scheduled_jobs,
)


def create_api(settings: CasesSettings | None = None) -> FastAPI:
    return service_api(
        SERVICE,
        title="Zeren cases",
        description="Leads and dynamic patrols, penalty cases and their statutory procedure, reviews, "
        "normative documents, satellite patches, expropriation gates.",
        routers=ROUTERS,
        settings=settings,
    )


def main(argv: Sequence[str] | None = None) -> int:
    return service_main(argv, SERVICE)
