"""Processes killed while commands run through the gateway, every piece a real process under the
supervisor `zeren run` uses: the command service and its relay killed with SIGKILL at any moment
(F2), and the NATS server stopped or killed and brought back (F5). Every command the client saw
succeed is stored, an open outcome settles on its key to exactly one effect, and every stored event
reaches the stream once and the projections after recovery."""

from __future__ import annotations

import asyncio
import json
import math
import random
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from uuid import uuid4

import nats
import psycopg
import pytest

from shared.devstack.launcher import Stack
from tests.e2e.conftest import client_for
from tests.support.infra import NatsServer
from tests.support.keyed_enrolments import Enrolments
from tests.support.processes import answers_healthz
from tests.support.wait import eventually_sync

pytestmark = pytest.mark.usefixtures("units")  # the units the tests enrol officers into

# The gateway's answers when the service it forwards to died with the request in hand (502, the
# outcome unknown), was down when the call was made (503, nothing sent) or did not answer in time
# (504); a dropped connection to the gateway itself never happens here (it is not killed).
RETRIED = frozenset({502, 503, 504})
ENROLLED = "personnel.officer.enrolled.v1"


def supervising(stack: Stack, seconds: float) -> None:
    """Wait as `zeren run` waits: restarting whatever exits. From this (the main) thread, which
    outlives the stack, since a child dies with the thread that spawned it."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        stack.supervise_once()
        time.sleep(0.1)


def kill_and_await_restart(stack: Stack, name: str) -> float:
    """SIGKILL one process; return the seconds until its replacement answers /healthz."""
    item = stack.process(name)
    restarts = item.restarts
    killed_at = time.monotonic()
    item.process.send_signal(signal.SIGKILL)

    def back() -> bool:
        stack.supervise_once()
        return item.restarts > restarts and answers_healthz(item.spec.health_port)

    eventually_sync(back, timeout=60, interval=0.1)
    return time.monotonic() - killed_at


def projected(database_url: str, officer_ids: list[str]) -> int:
    """How many of these officers assessment's officer history holds (fed only through NATS)."""
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT count(DISTINCT officer_id) FROM assessment.officer_history WHERE officer_id = ANY(%s::uuid[])",
            (officer_ids,),
        ).fetchone()
    return int(row[0]) if row else 0


def projections_complete_at(stack: Stack, database_url: str, officer_ids: list[str]) -> float:
    """The moment (monotonic clock) assessment holds every one of these officers."""

    def complete() -> float | None:
        stack.supervise_once()
        return time.monotonic() if projected(database_url, officer_ids) == len(officer_ids) else None

    return eventually_sync(complete, timeout=90)


def stream_positions_and_enrolments(nats_url: str) -> tuple[list[int], dict[str, int]]:
    """Every message of personnel's stream in stream order: the producer positions they carry, and
    how many times each officer's enrolment is stored."""

    async def read() -> tuple[list[int], dict[str, int]]:
        nc = await nats.connect(nats_url)
        try:
            js = nc.jetstream()
            total = (await js.stream_info("PERSONNEL")).state.messages
            subscription = await js.subscribe("personnel.>", ordered_consumer=True)
            positions: list[int] = []
            enrolments: dict[str, int] = {}
            for _ in range(total):
                envelope = json.loads((await subscription.next_msg(timeout=10)).data)
                positions.append(envelope["position"])
                if envelope["event_type"] == ENROLLED:
                    officer = envelope["aggregate_id"]
                    enrolments[officer] = enrolments.get(officer, 0) + 1
            await subscription.unsubscribe()
            return positions, enrolments
        finally:
            await nc.close()

    return asyncio.run(read())


def assert_stream_holds_each_once(nats_url: str, officer_ids: list[str]) -> None:
    positions, enrolments = stream_positions_and_enrolments(nats_url)
    assert positions == sorted(set(positions)), "an event stored twice or out of order in the stream"
    assert {officer: enrolments.get(officer, 0) for officer in officer_ids} == dict.fromkeys(officer_ids, 1)


@contextmanager
def enrolling(enrolments: Enrolments, workers: int = 4) -> Iterator[None]:
    """Clients enrol officers for as long as the block runs."""
    pool = ThreadPoolExecutor(max_workers=workers)
    for worker in range(workers):
        pool.submit(enrolments.keep_enrolling, worker, math.inf)
    try:
        yield
    finally:
        enrolments.stop()
        pool.shutdown(wait=True)


def settled_and_projected(
    stack: Stack, database_url: str, enrolments: Enrolments, *, settle_within: float
) -> tuple[float, list[str]]:
    """Every open key settled, then assessment waited for until it holds every officer: when it
    did (monotonic clock), and the officers' ids, each checked recorded once."""
    enrolments.settle_pending(timeout=settle_within)
    caught_up = projections_complete_at(stack, database_url, list(enrolments.settled.values()))
    return caught_up, enrolments.assert_each_key_recorded_once()


def test_the_command_service_and_its_relay_killed_mid_request_lose_and_double_nothing(
    stack: Stack, module_database_url: str, module_nats_server: NatsServer
) -> None:
    director = client_for(stack, "director")
    enrolments = Enrolments(director, uuid4().hex[:6], retried=RETRIED, name_prefix="崩溃")
    # The API three times, the relay twice, and assessment's projector once, a seeded 1-2 s apart.
    victims = ["personnel-serve", "personnel-relay", "personnel-serve", "assessment-project"]
    victims += ["personnel-relay", "personnel-serve"]
    pause = random.Random(20261127)
    back_after: dict[str, list[float]] = {}
    killed_at: dict[str, float] = {}  # the last kill of each
    with enrolling(enrolments):
        for victim in victims:
            supervising(stack, pause.uniform(1.0, 2.0))
            killed_at[victim] = time.monotonic()
            back_after.setdefault(victim, []).append(kill_and_await_restart(stack, victim))
        supervising(stack, 1.0)  # some load after the last restart
    healed = time.monotonic()
    caught_up, ids = settled_and_projected(stack, module_database_url, enrolments, settle_within=60)
    print(
        f"F2: {len(victims)} processes killed ({', '.join(f'{k} x{len(v)}' for k, v in back_after.items())});"
        f" back healthy after {', '.join(f'{max(v):.1f} s' for v in back_after.values())} (max per process);"
        f" responses {dict(enrolments.statuses)}; {enrolments.open_outcomes} open outcomes settled by key;"
        f" {len(ids)} officers; projections complete {caught_up - healed:.1f} s after the load,"
        f" {caught_up - killed_at['assessment-project']:.1f} s after the projector was killed (ack wait 5 s);"
        f" slowest {enrolments.slowest:.2f} s"
    )
    assert set(enrolments.statuses) <= {201, *RETRIED}  # never a 500, never a hang
    assert enrolments.open_outcomes > 0, "no request was cut: the kills missed the load"
    assert enrolments.slowest < 15
    assert sorted(eventually_sync(lambda: enrolments.listed_in_directory(len(ids)), timeout=60)) == sorted(ids)
    assert_stream_holds_each_once(module_nats_server.url, ids)


@pytest.mark.parametrize("how", ["stopped", "killed"])
def test_nats_stopped_or_killed_under_load_loses_no_event_and_stores_none_twice(
    stack: Stack, module_database_url: str, module_nats_server: NatsServer, how: str
) -> None:
    if not module_nats_server.restartable:
        pytest.skip("needs a NATS server this test session started")
    director = client_for(stack, "director")
    enrolments = Enrolments(director, uuid4().hex[:6], retried=RETRIED, name_prefix=f"断网{how}")
    restarts_before = {item.spec.name: item.restarts for item in stack.running}
    with enrolling(enrolments):
        supervising(stack, 2.0)
        before = enrolments.statuses[201]
        if how == "killed":
            module_nats_server.crash()
        else:
            module_nats_server.stop()
        supervising(stack, 5.0)  # commands go on: they need PostgreSQL only
        during = enrolments.statuses[201] - before
        module_nats_server.restart()
        back = time.monotonic()
        supervising(stack, 2.0)
    ended = time.monotonic()
    caught_up, ids = settled_and_projected(stack, module_database_url, enrolments, settle_within=30)
    print(
        f"F5 ({how}): NATS down 5 s; responses {dict(enrolments.statuses)}; {len(ids)} officers;"
        f" {enrolments.throttled} throttled (429, waited out); projections complete {caught_up - back:.1f} s"
        f" after NATS returned, {max(0.0, caught_up - ended):.1f} s after the load (2 s past its return) ended;"
    )
    assert set(enrolments.statuses) == {201}, "commands need PostgreSQL only"
    assert during > 0, "no command succeeded while NATS was down"
    # Every process rode out the outage on its reconnecting client: none exited to be restarted.
    assert {item.spec.name: item.restarts for item in stack.running} == restarts_before
    assert_stream_holds_each_once(module_nats_server.url, ids)
