"""Composition root of assessment: the only place that builds settings, stores and connections."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI

from assessment.api import routers
from assessment.application import Assessments
from assessment.integration import to_integration_event
from assessment.jobs import scheduled_jobs
from assessment.projections import all_projections
from assessment.readmodel.facts import PostgresFacts
from assessment.readmodel.facts_feed import JetStreamFactsFeed
from assessment.readmodel.unit_heads import PostgresUnitHeads
from assessment.settings import AssessmentSettings
from shared.db.locks import under_schema_lock
from shared.db.migrate import MigrationSource
from shared.db.urls import eventsourcing_env
from shared.messaging.connection import connect_nats
from shared.messaging.projection import Projection
from shared.scheduler import Job
from shared.service import ServiceDefinition, service_api
from shared.service import main as service_main
from shared.settings import ServiceSettings

MIGRATIONS = [
    MigrationSource("relay", "shared.messaging", "sql/relay"),
    MigrationSource("consumer", "shared.messaging", "sql/consumer"),
    MigrationSource("assessment", "assessment"),
]


def build_application(settings: ServiceSettings) -> Assessments:
    config = settings if isinstance(settings, AssessmentSettings) else AssessmentSettings()
    url = config.database_url.get_secret_value()
    env = eventsourcing_env(url, config.schema_name, pool_size=config.db_pool_size)
    facts = PostgresFacts(url, config.schema_name, max_size=config.facts_pool_size)
    facts_feed = JetStreamFactsFeed(lambda: connect_nats(config, f"{config.service}-facts-feed"))
    unit_heads = PostgresUnitHeads(url, config.schema_name)

    def build() -> Assessments:
        application = Assessments(env=env, facts=facts, facts_feed=facts_feed, unit_heads=unit_heads)
        # Under the schema lock: several processes start at once and the defaults are published once.
        application.ensure_default_rules(config.default_rules_effective_from)
        return application

    return under_schema_lock(url, config.schema_name, build)


def projections() -> list[Projection]:
    config = AssessmentSettings()  # read when the projector starts
    return all_projections(lambda: build_application(config), satellite_unit_id=config.satellite_unit_id)


def jobs(application: Any) -> list[Job]:
    config = AssessmentSettings()  # read when the scheduler starts
    return scheduled_jobs(
        application, grace_days=config.auto_close_grace_days, every_seconds=config.auto_close_every_seconds
    )


SERVICE = ServiceDefinition(
    name="assessment",
    settings=AssessmentSettings,
    api_factory="assessment.bootstrap:create_api",
    migrations=MIGRATIONS,
    make_application=build_application,
    translate=to_integration_event,
    projections=projections,
    jobs=jobs,
)


def create_api(settings: AssessmentSettings | None = None) -> FastAPI:
    return service_api(
        SERVICE,
        title="Zeren assessment",
        description="The evaluation scheme, scores and rankings, admonishment talks and transfers, fault "
        "accountability, KPIs and audit views, each explained by the events behind it.",
        routers=routers(),
        settings=settings,
    )


def main(argv: Sequence[str] | None = None) -> int:
    return service_main(argv, SERVICE)
