"""Running one piece of a service, as `python -m <service> <role>` (and `zeren serve|relay|project`).

Roles: `serve` (the HTTP API under uvicorn), `relay` (event store -> JetStream), `project`
(JetStream -> projections), `migrate` (create or update the service's schema, then exit).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

import asyncpg
import uvicorn

from shared.db.migrate import MigrationSource, migrate_url
from shared.db.pool import create_pool
from shared.messaging.connection import connect_nats_until
from shared.messaging.consumer import ProjectionRunner
from shared.messaging.projection import Projection
from shared.messaging.relay import Relay, Translate
from shared.observability.logging import configure_logging
from shared.settings import ServiceSettings
from shared.web.health import Dependency
from shared.worker import install_stop_signals, run_worker

log = logging.getLogger(__name__)


def main(
    argv: Sequence[str] | None,
    *,
    service: str,
    settings: Callable[[], ServiceSettings],
    api_factory: str,
    migrations: list[MigrationSource],
    make_application: Callable[[ServiceSettings], Any] | None = None,
    translate: Translate | None = None,
    projections: Callable[[], list[Projection]] | None = None,
) -> int:
    roles = ["serve", "migrate"] + (["relay"] if translate else []) + (["project"] if projections else [])
    parser = argparse.ArgumentParser(prog=f"python -m {service}")
    parser.add_argument("role", choices=roles)
    args = parser.parse_args(argv)
    config = settings()
    configure_logging(f"{service}-{args.role}", config.log_level)
    if args.role == "migrate":
        applied = asyncio.run(migrate_url(config.database_url.get_secret_value(), config.schema_name, migrations))
        log.info("migrations applied", extra={"applied": applied})
        return 0
    if args.role == "serve":
        uvicorn.run(
            api_factory,
            factory=True,
            host=config.http_host,
            port=config.http_port,
            log_config=None,
            proxy_headers=False,
            timeout_graceful_shutdown=10,
        )
        return 0
    if args.role == "relay":
        assert make_application is not None
        assert translate is not None
        asyncio.run(_relay(config, migrations, make_application, translate))
        return 0
    assert projections is not None
    asyncio.run(_project(config, migrations, projections()))
    return 0


async def _relay(
    config: ServiceSettings,
    migrations: list[MigrationSource],
    make_application: Callable[[ServiceSettings], Any],
    translate: Translate,
) -> None:
    stop = asyncio.Event()
    install_stop_signals(stop)
    url = config.database_url.get_secret_value()
    await migrate_url(url, config.schema_name, migrations)
    application = make_application(config)
    pool = await create_pool(url, config.schema_name, min_size=1, max_size=2)
    nc = await connect_nats_until(config, f"{config.service}-relay", stop)
    if nc is None:
        return
    relay = Relay(
        producer=config.service,
        recorder=application.recorder,
        mapper=application.mapper,
        translate=translate,
        js=nc.jetstream(),
        pool=pool,
        channel=f"{application.name.lower()}_events",
        stream_replicas=config.stream_replicas,
    )
    readiness = {
        "postgres": Dependency(_postgres_check(pool)),
        "nats": Dependency(_nats_check(nc)),
    }
    try:
        await run_worker(
            name=f"{config.service}-relay",
            host=config.http_host,
            port=config.worker_http_port,
            tasks=[relay.run],
            readiness=readiness,
            stop=stop,
        )
    finally:
        await _close(nc)
        await pool.close()
        application.close()


async def _project(config: ServiceSettings, migrations: list[MigrationSource], projections: list[Projection]) -> None:
    stop = asyncio.Event()
    install_stop_signals(stop)
    url = config.database_url.get_secret_value()
    await migrate_url(url, config.schema_name, migrations)
    pool = await create_pool(url, config.schema_name, min_size=1, max_size=4)
    nc = await connect_nats_until(config, f"{config.service}-projector", stop)
    if nc is None:
        return
    js = nc.jetstream()
    runners = [
        ProjectionRunner(projection, producer, js=js, pool=pool)
        for projection in projections
        for producer in projection.producers
    ]
    readiness = {
        "postgres": Dependency(_postgres_check(pool)),
        "nats": Dependency(_nats_check(nc)),
    }
    try:
        await run_worker(
            name=f"{config.service}-projector",
            host=config.http_host,
            port=config.worker_http_port,
            tasks=[runner.run for runner in runners],
            readiness=readiness,
            stop=stop,
        )
    finally:
        await _close(nc)
        await pool.close()


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
