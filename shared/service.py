"""Running one piece of a service, as `python -m <service> <role>` (and `zeren serve|relay|project`).

Roles: `serve` (the HTTP API under uvicorn), `relay` (event store -> JetStream), `project`
(JetStream -> projections), `schedule` (periodic jobs such as deadline watches), `notarize` (event
store -> signed Merkle tree in the AUDIT stream; every service with an event store), `migrate`
(create or update the service's schema, then exit), `openapi` (print the API's OpenAPI document),
`rebuild NAME…` (empty projections for the projector to replay, then exit).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import logging
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg
import uvicorn
from fastapi import APIRouter, FastAPI
from pydantic import ValidationError

from shared.audit.notary import Notary
from shared.audit.settings import NotarySettings
from shared.db.migrate import MigrationSource, migrate_url
from shared.db.pool import create_pool
from shared.messaging.connection import connect_nats_until
from shared.messaging.consumer import ProjectionRunner, subscriptions_check
from shared.messaging.projection import Projection
from shared.messaging.rebuilding import rebuild_projections
from shared.messaging.relay import Relay, Translate
from shared.observability.logging import configure_logging
from shared.scheduler import Job, Scheduler
from shared.settings import ServiceSettings
from shared.web.api_runtime import pool_dependency, postgres_dependency
from shared.web.app import create_service_app
from shared.web.health import Dependency
from shared.web.identity import IdentityVerifier
from shared.web.keepalive import SERVICE_KEEP_ALIVE_SECONDS
from shared.worker import Started, install_stop_signals, run_worker

log = logging.getLogger(__name__)

AUDIT_MIGRATIONS = MigrationSource("audit", "shared.audit")


@dataclass(frozen=True)
class ServiceDefinition:
    """What a service is made of; `main` offers a role for each piece it has."""

    name: str
    settings: Callable[[], ServiceSettings]
    api_factory: str  # "<package>.bootstrap:create_api"
    migrations: list[MigrationSource]
    make_application: Callable[[ServiceSettings], Any] | None = None
    translate: Translate | None = None
    projections: Callable[[], list[Projection]] | None = None
    jobs: Callable[[Any], list[Job]] | None = None  # given the application

    def roles(self) -> list[str]:
        roles = ["serve", "migrate", "openapi"]
        if self.make_application and self.translate:
            roles.append("relay")
        if self.projections:
            roles += ["project", "rebuild"]
        if self.make_application and self.jobs:
            roles.append("schedule")
        if self.make_application:
            roles.append("notarize")
        return roles

    def all_migrations(self) -> list[MigrationSource]:
        """The service's migrations, plus the notary's table when it has an event store."""
        return [*self.migrations, AUDIT_MIGRATIONS] if self.make_application else list(self.migrations)


def service_api(
    service: ServiceDefinition,
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    settings: ServiceSettings | None = None,
) -> FastAPI:
    """A service's HTTP API: its schema migrated, its event store, a pool for its read models, the
    verifier of the gateway's identities, and its readiness checks, all built when serving starts (so
    `openapi` needs no environment) and closed when it stops."""
    assert service.make_application is not None
    make_application = service.make_application

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        config = settings or service.settings()
        url = config.database_url.get_secret_value()
        await migrate_url(url, config.schema_name, service.migrations)
        application = await asyncio.to_thread(make_application, config)
        app.state.application = application
        app.state.pool = await create_pool(url, config.schema_name, max_size=config.db_pool_size)
        app.state.identity_verifier = IdentityVerifier(
            public_key_pem=config.identity_key(),
            audience=config.service,
            issuer=config.identity_issuer,
            leeway_seconds=config.identity_leeway_seconds,
        )
        app.state.readiness = {
            "postgres": postgres_dependency(application),
            "read_models": pool_dependency(app.state.pool),
        }
        try:
            yield
        finally:
            await app.state.pool.close()
            application.close()

    return create_service_app(
        service=service.name, title=title, description=description, routers=routers, lifespan=lifespan
    )


def main(argv: Sequence[str] | None, service: ServiceDefinition) -> int:
    parser = argparse.ArgumentParser(prog=f"python -m {service.name}")
    parser.add_argument("role", choices=service.roles())
    parser.add_argument("projections", nargs="*", help="rebuild: the projections to empty and replay")
    args = parser.parse_args(argv)
    if args.projections and args.role != "rebuild":
        parser.error(f"{args.role} takes no further arguments")
    if args.role == "openapi":
        # The OpenAPI document needs no database: the gateway's route policy is built from it.
        module, _, factory = service.api_factory.partition(":")
        app = getattr(importlib.import_module(module), factory)()
        print(json.dumps(app.openapi(), ensure_ascii=False, indent=1, sort_keys=True))
        return 0
    try:
        config = service.settings()
    except ValidationError as exc:
        names = sorted({str(error["loc"][0]).upper() for error in exc.errors() if error["loc"]})
        parser.error(f"settings missing or invalid in the environment: {', '.join(names)}")
    configure_logging(f"{service.name}-{args.role}", config.log_level)
    if args.role == "migrate":
        applied = asyncio.run(
            migrate_url(config.database_url.get_secret_value(), config.schema_name, service.all_migrations())
        )
        log.info("migrations applied", extra={"applied": applied})
        return 0
    if args.role == "serve":
        uvicorn.run(
            service.api_factory,
            factory=True,
            host=config.http_host,
            port=config.http_port,
            log_config=None,
            proxy_headers=False,
            timeout_graceful_shutdown=10,
            timeout_keep_alive=SERVICE_KEEP_ALIVE_SECONDS,
        )
        return 0
    if args.role == "rebuild":
        assert service.projections is not None
        return asyncio.run(rebuild_projections(config, service.projections(), args.projections))
    if args.role == "relay":
        asyncio.run(_relay(config, service))
    elif args.role == "project":
        asyncio.run(_project(config, service))
    elif args.role == "notarize":
        asyncio.run(_notarize(config, service))
    else:
        asyncio.run(_schedule(config, service))
    return 0


# The asyncpg pool of each worker role (its event store's pool is DB_POOL_SIZE, up to twice that at peak):
# deploy/README.md counts them in PostgreSQL's connection budget.
WORKER_POOL_SIZES = {"relay": 2, "project": 4, "schedule": 2, "notarize": 2}


async def _relay(config: ServiceSettings, service: ServiceDefinition) -> None:
    assert service.make_application is not None
    assert service.translate is not None
    make_application, translate = service.make_application, service.translate
    name = f"{config.service}-relay"
    stop = asyncio.Event()
    install_stop_signals(stop)

    async def start(resources: AsyncExitStack) -> Started | None:
        await migrate_url(config.database_url.get_secret_value(), config.schema_name, service.migrations)
        application = await _open_application(make_application, config, resources)
        pool = await _open_pool(config, "relay", resources)
        nc = await _open_nats(config, name, stop, resources)
        if nc is None:
            return None
        relay = Relay(
            producer=config.service,
            recorder=application.recorder,
            mapper=application.mapper,
            translate=translate,
            nc=nc,
            pool=pool,
            channel=f"{application.name.lower()}_events",
            stream_replicas=config.stream_replicas,
        )
        return Started(tasks=[relay.run], readiness=_store_and_nats(pool, nc))

    await run_worker(name=name, host=config.http_host, port=config.worker_http_port, start=start, stop=stop)


async def _project(config: ServiceSettings, service: ServiceDefinition) -> None:
    assert service.projections is not None
    make_projections = service.projections
    name = f"{config.service}-projector"
    stop = asyncio.Event()
    install_stop_signals(stop)

    async def start(resources: AsyncExitStack) -> Started | None:
        projections = make_projections()
        resources.push_async_callback(_close_projections, projections)
        await migrate_url(config.database_url.get_secret_value(), config.schema_name, service.migrations)
        pool = await _open_pool(config, "project", resources)
        nc = await _open_nats(config, name, stop, resources)
        if nc is None:
            return None
        js = nc.jetstream()
        runners = [
            ProjectionRunner(
                projection,
                producer,
                js=js,
                pool=pool,
                batch_size=config.consumer_batch_size,
                ack_wait=config.consumer_ack_wait_seconds,
            )
            for projection in projections
            for producer in projection.producers
        ]
        readiness = {
            **_store_and_nats(pool, nc),
            "subscriptions": Dependency(subscriptions_check(runners, config.consumer_subscribe_grace_seconds)),
        }
        return Started(tasks=[runner.run for runner in runners], readiness=readiness)

    await run_worker(name=name, host=config.http_host, port=config.worker_http_port, start=start, stop=stop)


async def _close_projections(projections: list[Projection]) -> None:
    for projection in projections:
        # A policy consumer (one that calls its service's commands) holds an application to close.
        close = getattr(projection, "close", None)
        if callable(close):
            await asyncio.to_thread(close)


async def _schedule(config: ServiceSettings, service: ServiceDefinition) -> None:
    assert service.make_application is not None
    assert service.jobs is not None
    make_application, jobs = service.make_application, service.jobs
    stop = asyncio.Event()
    install_stop_signals(stop)

    async def start(resources: AsyncExitStack) -> Started:
        await migrate_url(config.database_url.get_secret_value(), config.schema_name, service.migrations)
        application = await _open_application(make_application, config, resources)
        pool = await _open_pool(config, "schedule", resources)
        scheduler = Scheduler(service.name, jobs(application), pool)
        return Started(tasks=[scheduler.run], readiness={"postgres": Dependency(_postgres_check(pool))})

    await run_worker(
        name=f"{config.service}-scheduler",
        host=config.http_host,
        port=config.worker_http_port,
        start=start,
        stop=stop,
    )


async def _notarize(config: ServiceSettings, service: ServiceDefinition) -> None:
    assert service.make_application is not None
    make_application = service.make_application
    notary_settings = NotarySettings.for_service(config.service)
    signers = notary_settings.signers()  # fail at start, not at the first checkpoint
    name = f"{config.service}-notary"
    stop = asyncio.Event()
    install_stop_signals(stop)

    async def start(resources: AsyncExitStack) -> Started | None:
        await migrate_url(config.database_url.get_secret_value(), config.schema_name, service.all_migrations())
        # The application creates the event-store table if needed and names it and its NOTIFY channel.
        application = await _open_application(make_application, config, resources)
        pool = await _open_pool(config, "notarize", resources)
        nc = await _open_nats(config, name, stop, resources)
        if nc is None:
            return None
        notary = Notary(
            service=config.service,
            nc=nc,
            pool=pool,
            table=application.recorder.events_table_name,
            channel=application.recorder.channel_name,
            signers=signers,
            checkpoint_every=notary_settings.checkpoint_every,
            checkpoint_seconds=notary_settings.checkpoint_seconds,
            batch_size=notary_settings.batch_size,
            stream_replicas=config.stream_replicas,
        )
        return Started(tasks=[notary.run], readiness=_store_and_nats(pool, nc))

    await run_worker(name=name, host=config.http_host, port=config.worker_http_port, start=start, stop=stop)


# The pieces every worker's start opens, each closed with the worker (in reverse order).


async def _open_application(
    make_application: Callable[[ServiceSettings], Any], config: ServiceSettings, resources: AsyncExitStack
) -> Any:
    application = await asyncio.to_thread(make_application, config)
    resources.callback(application.close)
    return application


async def _open_pool(config: ServiceSettings, worker: str, resources: AsyncExitStack) -> asyncpg.Pool:
    url = config.database_url.get_secret_value()
    pool = await create_pool(url, config.schema_name, min_size=1, max_size=WORKER_POOL_SIZES[worker])
    resources.push_async_callback(pool.close)
    return pool


async def _open_nats(config: ServiceSettings, name: str, stop: asyncio.Event, resources: AsyncExitStack) -> Any | None:
    """The NATS connection, or None when the worker was stopped before NATS answered."""
    nc = await connect_nats_until(config, name, stop)
    if nc is not None:
        resources.push_async_callback(_close, nc)
    return nc


def _store_and_nats(pool: asyncpg.Pool, nc: Any) -> dict[str, Dependency]:
    return {"postgres": Dependency(_postgres_check(pool)), "nats": Dependency(_nats_check(nc))}


async def _close(nc: Any) -> None:
    # A pending pull request can keep drain() waiting for its whole timeout; the work is already
    # settled when the tasks return, so closing is enough.
    try:
        await asyncio.wait_for(nc.close(), timeout=5)
    except TimeoutError:
        log.warning("nats connection did not close in time")


def _postgres_check(pool: asyncpg.Pool) -> Callable[[], Any]:
    async def check() -> None:
        async with pool.acquire(timeout=2) as conn:
            await conn.fetchval("SELECT 1")

    return check


def _nats_check(nc: Any) -> Callable[[], Any]:
    async def check() -> None:
        if not nc.is_connected:
            raise ConnectionError("nats is not connected")

    return check


def run(main_function: Callable[[Sequence[str] | None], int]) -> None:
    sys.exit(main_function(None))
