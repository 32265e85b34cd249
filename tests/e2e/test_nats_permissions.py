"""The NATS users of the cluster (`deploy/k8s/nats-values.yaml`) enforced by a real nats-server:
every process runs as the user its Kubernetes Deployment names and the whole demo goes through, each
user is refused what it may not do (another producer's subjects, deleting or purging streams and
messages, subscribing to everything), anonymous and wrong-password connections are refused, an
auditor verifies every service's log reading only the AUDIT stream and the database, a notary or an
auditor reads an audit subject longer than JetStream's flow-control window, an operator rebuilds a
projection while the system runs (the service's own user may not), and a notary that may not change
the AUDIT stream's settings says which ones an operator must apply."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from uuid import uuid4

import httpx
import nats
import nats.errors
import psycopg
import pytest
from nats.aio.client import Client
from nats.js.errors import NotFoundError

from assessment.bootstrap import SERVICE as ASSESSMENT
from cases.bootstrap import SERVICE as CASES
from cases.projections import ProcedureIndexProjection
from personnel.bootstrap import SERVICE as PERSONNEL
from shared.audit.published import read_subject
from shared.audit.stream import AUDIT_STREAM, audit_stream_config, checkpoint_subject, ensure_audit_stream
from shared.devstack.launcher import Stack
from shared.devstack.process import free_port
from shared.messaging.consumer import durable_name
from shared.messaging.streams import stream_for
from tests.e2e.conftest import running_stack
from tests.support.audit import verified_by_cli
from tests.support.demo import seed
from tests.support.nats_accounts import NatsUsers, NatsWithUsers, deployment_users
from tests.support.wait import eventually

SERVICES = (PERSONNEL, CASES, ASSESSMENT)
PRODUCERS = tuple(service.name for service in SERVICES)
STREAMS = (*(stream_for(p).name for p in PRODUCERS), AUDIT_STREAM)


@pytest.fixture(scope="module")
def users() -> NatsUsers:
    return NatsUsers.from_values()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, users: NatsUsers) -> Iterator[NatsWithUsers]:
    running = NatsWithUsers(tmp_path_factory.mktemp("nats-users"), free_port(), users)
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, module_database_url: str, server: NatsWithUsers, users: NatsUsers
) -> Iterator[Stack]:
    as_deployed = {process: users.env(user) for process, user in deployment_users().items()}
    with running_stack(
        tmp_path_factory.mktemp("stack"), module_database_url, server.url, process_env=as_deployed
    ) as running:
        yield running


@pytest.fixture(scope="module")
def demo(stack: Stack) -> dict[str, Any]:
    """The small demo, seeded once through the gateway: something in every stream."""
    return seed(stack)


class Connection:
    """A client connection that keeps the errors the server reports asynchronously."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.nc = Client()

    async def on_error(self, exc: Exception) -> None:
        self.errors.append(str(exc).lower())

    def refused(self, subject: str) -> bool:
        return any("permissions violation" in e and f'"{subject.lower()}"' in e for e in self.errors)

    async def not_refused(self, subjects: list[str]) -> list[str]:
        """Of `subjects`, those the server has not refused after a round trip and a short wait."""
        await self.nc.flush()

        async def all_refused() -> bool:
            return all(self.refused(subject) for subject in subjects)

        # The client hands the server's refusals to its error callback after the flush returns.
        with contextlib.suppress(AssertionError):
            await eventually(all_refused, timeout=5)
        return [subject for subject in subjects if not self.refused(subject)]


@contextlib.asynccontextmanager
async def connected(server: NatsWithUsers, user: str, password: str) -> AsyncIterator[Connection]:
    connection = Connection()
    await connection.nc.connect(
        server.url, user=user, password=password, error_cb=connection.on_error, allow_reconnect=False
    )
    try:
        yield connection
    finally:
        await connection.nc.close()


def as_admin(server: NatsWithUsers, users: NatsUsers) -> contextlib.AbstractAsyncContextManager[Connection]:
    return connected(server, "admin", users.passwords["admin"])


def test_the_deployments_name_a_user_the_cluster_defines_for_every_process_that_uses_nats(users: NatsUsers) -> None:
    named = deployment_users()
    assert set(named.values()) <= set(users.names())
    for service in PRODUCERS:
        assert named[f"{service}-relay"] == service
        assert named[f"{service}-project"] == service
        assert named[f"{service}-notarize"] == f"{service}-notary"


@pytest.fixture(scope="module")
def durables(stack: Stack, server: NatsWithUsers) -> list[tuple[str, str]]:
    """(stream, durable consumer) of every projection of every service."""
    with pytest.MonkeyPatch.context() as env:
        # The services list their projections from their settings, as their projector processes do.
        env.setenv("DATABASE_URL", stack.database_url)
        env.setenv("NATS_URL", server.url)
        return [
            (stream_for(producer).name, durable_name(projection.name, producer))
            for service in SERVICES
            for projection in (service.projections() if service.projections else [])
            for producer in projection.producers
        ]


async def settled(server: NatsWithUsers, users: NatsUsers, durables: list[tuple[str, str]]) -> bool:
    """Every durable consumer has applied and acknowledged its whole stream, and every notary has
    signed a checkpoint."""
    async with as_admin(server, users) as admin:
        js = admin.nc.jetstream()
        for stream_name, durable in durables:
            stream = await js.stream_info(stream_name)
            try:
                consumer = await js.consumer_info(stream_name, durable)
            except NotFoundError:
                return False  # not created yet, or deleted by a rebuild and not yet created again
            assert stream.state.messages > 0, stream_name
            if consumer.delivered.stream_seq != stream.state.last_seq or consumer.num_ack_pending:
                return False
        for service in PRODUCERS:
            try:
                await js.get_last_msg(AUDIT_STREAM, checkpoint_subject(service))
            except NotFoundError:
                return False
    return True


async def test_every_process_runs_the_demo_as_its_deployments_nats_user(
    stack: Stack, server: NatsWithUsers, users: NatsUsers, demo: dict[str, Any], durables: list[tuple[str, str]]
) -> None:
    assert demo["created"]["certificate_sanction"] == 1  # assessment's decision reached personnel
    assert len(durables) >= 10
    await eventually(lambda: settled(server, users, durables), timeout=60)
    async with httpx.AsyncClient(timeout=5) as client:
        for item in stack.running:
            log = item.spec.log_path.read_text(errors="replace").lower()
            assert "permissions violation" not in log, item.spec.name
            assert item.process.poll() is None, item.spec.name
            ready = await client.get(f"http://127.0.0.1:{item.spec.health_port}/readyz")
            assert ready.status_code == 200, (item.spec.name, ready.text)


async def test_an_operator_rebuilds_a_projection_while_the_system_runs(
    stack: Stack, server: NatsWithUsers, users: NatsUsers, demo: dict[str, Any], durables: list[tuple[str, str]]
) -> None:
    await eventually(lambda: settled(server, users, durables), timeout=60)
    index = ProcedureIndexProjection()
    before = rows_of(stack.database_url, "cases", index.tables)
    assert all(before.values())
    command = [sys.executable, "-m", "cases", "rebuild", index.name]
    env = {**os.environ, "DATABASE_URL": stack.database_url, "NATS_URL": server.url}

    # The service's own user may not delete its consumers: refused before anything is emptied.
    refused = await run_command(command, {**env, **users.env("cases")})
    assert refused.returncode == 2, refused.stderr
    assert "may not delete consumers of CASES" in refused.stderr
    assert rows_of(stack.database_url, "cases", index.tables) == before

    done = await run_command(command, {**env, **users.env("admin")})
    assert done.returncode == 0, done.stderr
    assert f"{index.name}: emptied" in done.stdout
    await eventually(lambda: settled(server, users, durables), timeout=60)
    assert rows_of(stack.database_url, "cases", index.tables) == before


def rows_of(database_url: str, schema: str, tables: tuple[str, ...]) -> dict[str, list[str]]:
    with psycopg.connect(database_url) as conn:
        return {
            table: [row[0] for row in conn.execute(f'SELECT t::text FROM "{schema}"."{table}" t ORDER BY 1')]
            for table in tables
        }


async def run_command(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(subprocess.run, command, env=env, capture_output=True, text=True, check=False)


@pytest.fixture
def read_only_database_url(stack: Stack) -> Iterator[str]:
    """A login role that may only read the services' schemas, as an auditor's would."""
    role, password = f"auditor_{uuid4().hex[:8]}", secrets.token_urlsafe(12)
    with psycopg.connect(stack.database_url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'")
        for schema in PRODUCERS:
            conn.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
            conn.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"')
    parts = urlsplit(stack.database_url)
    yield urlunsplit(parts._replace(netloc=f"{role}:{password}@{parts.hostname}:{parts.port}"))
    with psycopg.connect(stack.database_url, autocommit=True) as conn:
        conn.execute(f'DROP OWNED BY "{role}"')
        conn.execute(f'DROP ROLE "{role}"')


def test_an_auditor_verifies_each_service_reading_the_audit_stream_and_the_database_only(
    stack: Stack, server: NatsWithUsers, users: NatsUsers, demo: dict[str, Any], read_only_database_url: str
) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": read_only_database_url,
        "NATS_URL": server.url,
        **users.env("auditor"),
    }
    for service in PRODUCERS:
        verified_by_cli(service, stack.keys.notary_verifier, env)


async def refused_everything(server: NatsWithUsers, users: NatsUsers, user: str, attempts: list[str]) -> list[str]:
    """Publishes a request to each subject as `user`; the subjects the server did not refuse."""
    async with connected(server, user, users.passwords[user]) as connection:
        for subject in attempts:
            await connection.nc.publish(subject, json.dumps({}).encode(), reply=connection.nc.new_inbox())
        return await connection.not_refused(attempts)


def forbidden_subjects(user: str) -> list[str]:
    """What `user` must not publish to: the events and leaves of everyone else, any stream's
    configuration but the one its relay declares, and every deletion or purge."""
    subjects = [f"{p}.probe.refused.v1" for p in PRODUCERS if user != p]
    subjects += [f"audit.{p}.leaf" for p in PRODUCERS if user != f"{p}-notary"]
    subjects += [f"$JS.API.STREAM.UPDATE.{s}" for s in STREAMS if user not in PRODUCERS or s != stream_for(user).name]
    for stream in STREAMS:
        subjects += [f"$JS.API.STREAM.{verb}.{stream}" for verb in ("DELETE", "PURGE", "MSG.DELETE")]
        if stream != AUDIT_STREAM:  # readers of AUDIT delete the ordered consumers they created
            subjects.append(f"$JS.API.CONSUMER.DELETE.{stream}.anything")
    return subjects


@pytest.mark.parametrize(
    "user",
    [*PRODUCERS, *(f"{p}-notary" for p in PRODUCERS), "auditor"],
)
async def test_each_user_is_refused_what_its_job_does_not_need(
    server: NatsWithUsers, users: NatsUsers, demo: dict[str, Any], user: str
) -> None:
    before = await streams_kept(server, users)

    assert await refused_everything(server, users, user, forbidden_subjects(user)) == []

    async with connected(server, user, users.passwords[user]) as connection:
        await connection.nc.subscribe(">")
        assert await connection.not_refused([">"]) == []
        # What every user may do still works: the account's JetStream information.
        assert json.loads((await connection.nc.request("$JS.API.INFO", b"", timeout=5)).data)["streams"] >= 4
    # The running system keeps appending; nothing was removed.
    assert await streams_kept(server, users) == before


async def streams_kept(server: NatsWithUsers, users: NatsUsers) -> dict[str, int]:
    """Each stream's first sequence, once checked that it holds every message from the first to the
    last (no purge, no message deleted)."""
    kept: dict[str, int] = {}
    async with as_admin(server, users) as admin:
        js = admin.nc.jetstream()
        for name in STREAMS:
            state = (await js.stream_info(name)).state
            assert state.messages > 0, name
            assert state.messages == state.last_seq - state.first_seq + 1, name
            kept[name] = state.first_seq
    return kept


@pytest.mark.parametrize("credentials", [{}, {"user": "personnel", "password": "not-its-password"}])
async def test_connections_without_valid_credentials_are_refused(
    server: NatsWithUsers, credentials: dict[str, str]
) -> None:
    with pytest.raises(nats.errors.Error):
        await nats.connect(server.url, allow_reconnect=False, max_reconnect_attempts=0, **credentials)


@pytest.mark.parametrize("user", ["personnel-notary", "auditor"])
async def test_a_long_audit_subject_is_read_through_flow_control(
    server: NatsWithUsers, users: NatsUsers, user: str
) -> None:
    subject = f"audit.flow-{user}.leaf"
    async with as_admin(server, users) as admin:
        js = admin.nc.jetstream()
        await ensure_audit_stream(js)
        leaf = b"x" * 300
        for _ in range(12):  # 12,000 leaves, 3.6 MB: JetStream asks the reader for flow control
            await asyncio.gather(*(js.publish(subject, leaf) for _ in range(1000)))
    async with connected(server, user, users.passwords[user]) as connection:
        read = await read_subject(connection.nc.jetstream(), subject, stall_seconds=10)
        assert len(read) == 12_000
        assert not connection.errors


async def test_a_notary_whose_user_may_not_change_the_audit_stream_says_what_an_operator_must_apply(
    tmp_path: Path, users: NatsUsers, caplog: pytest.LogCaptureFixture
) -> None:
    other = NatsWithUsers(tmp_path / "nats", free_port(), users)
    other.start()
    try:
        async with as_admin(other, users) as admin:  # created by an earlier version, another window
            await admin.nc.jetstream().add_stream(audit_stream_config(duplicate_window=120.0))
        async with connected(other, "personnel-notary", users.passwords["personnel-notary"]) as notary:
            with caplog.at_level(logging.ERROR, logger="shared.audit.stream"), pytest.raises(nats.errors.TimeoutError):
                await ensure_audit_stream(notary.nc.jetstream(timeout=1.0))
            assert await notary.not_refused(["$JS.API.STREAM.UPDATE.AUDIT"]) == []
        (record,) = [r for r in caplog.records if "AUDIT stream's settings" in r.getMessage()]
        assert record.__dict__["settings"] == ["duplicate_window"]
    finally:
        other.stop()
