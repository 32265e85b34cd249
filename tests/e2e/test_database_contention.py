"""The database under attack while commands run through the gateway, every piece a real process:
its connections killed at any moment, commit included (F8), and one aggregate written by many
clients at once (F12). No request is a 500, no effect is lost or doubled, and versions stay
contiguous."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit
from uuid import uuid4

import httpx
import psycopg
import pytest

from shared.devstack.launcher import Stack
from tests.e2e.conftest import client_for
from tests.support.e2e_personnel import ok
from tests.support.keyed_enrolments import Enrolments
from tests.support.wait import eventually_sync

pytestmark = pytest.mark.usefixtures("units")  # the units the tests enrol officers into

# A killed connection surfaces as 503 (the database went away mid-command; the same key settles it).
RETRIED = frozenset({503})
ATTACK_SECONDS = 8
KILL_INTERVAL = 0.5


class BackendKiller(threading.Thread):
    """Terminates every connection the services hold to one database, over and over: a transaction
    cut anywhere, its COMMIT included, where the client cannot tell whether it was recorded."""

    def __init__(self, database_url: str, interval: float) -> None:
        super().__init__(daemon=True)
        self._admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
        self._database = urlsplit(database_url).path.lstrip("/")
        self._interval = interval
        self._halt = threading.Event()
        self.killed = 0

    def run(self) -> None:
        with psycopg.connect(self._admin_url, autocommit=True) as conn:
            while not self._halt.wait(self._interval):
                rows = conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
                    (self._database,),
                ).fetchall()
                self.killed += sum(1 for (terminated,) in rows if terminated)

    def halt(self) -> None:
        self._halt.set()
        self.join(timeout=10)


def test_connections_killed_mid_command_never_make_a_500_a_lost_or_a_doubled_effect(
    stack: Stack, module_database_url: str
) -> None:
    director = client_for(stack, "director")
    run = uuid4().hex[:6]
    enrolments = Enrolments(director, run, retried=RETRIED, name_prefix="断连")
    killer = BackendKiller(module_database_url, interval=KILL_INTERVAL)
    killer.start()
    try:
        until = time.monotonic() + ATTACK_SECONDS
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda worker: enrolments.keep_enrolling(worker, until), range(4)))
    finally:
        killer.halt()
    healed = time.monotonic()
    enrolments.settle_pending(timeout=30)
    print(
        f"F8: {killer.killed} connections killed in {ATTACK_SECONDS} s; responses {dict(enrolments.statuses)};"
        f" slowest {enrolments.slowest:.2f} s; {len(enrolments.settled)} enrolments settled"
        f" {time.monotonic() - healed:.2f} s after the attack"
    )
    assert killer.killed > 0, "no connection was terminated: the fault never happened"
    assert set(enrolments.statuses) <= {0, 201, *RETRIED}  # never a 500
    assert enrolments.slowest < 10  # no request hangs (F7): a dead connection is a 503 within seconds
    assert enrolments.statuses[201] >= len(enrolments.settled) > 4  # commands kept succeeding under attack

    # Each key settled on one officer, recorded once, and the same key replays that one.
    ids = enrolments.assert_each_key_recorded_once()

    # The relay and the projectors lost their connections too, and recovered without a restart:
    # the directory ends with exactly these officers, once each.
    assert sorted(eventually_sync(lambda: enrolments.listed_in_directory(len(ids)), timeout=60)) == sorted(ids)


def _duty(power_id: str, n: int) -> dict[str, Any]:
    return {"power_ids": [power_id], "standards": f"标准 {n}", "scope": "全县", "responsibility": "承办"}


def _post(client: httpx.Client, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> int:
    return client.post(path, json=body, headers=headers or {}).status_code


def test_concurrent_writers_of_one_officer_lose_no_update_and_keep_versions_contiguous(stack: Stack) -> None:
    director = client_for(stack, "director")
    legal = client_for(stack, "legal_affairs")
    run = uuid4().hex[:6].upper()
    ok(director.post("/api/personnel/units", json={"code": f"U{run}", "name": "并发股", "kind": "section"}), 201)
    ok(
        legal.post(
            "/api/personnel/enforcement-subjects",
            json={"code": f"S{run}", "name": "孟津县国土资源局", "legal_basis": ["《土地管理法》"]},
        ),
        201,
    )
    power = ok(
        legal.post(
            "/api/personnel/powers",
            json={
                "code": f"P{run}",
                "subject_code": f"S{run}",
                "category": "penalty",
                "name": "对非法占用土地的行政处罚",
                "legal_basis": ["《土地管理法》第七十六条"],
                "responsible_unit_id": f"U{run}",
                "procedure_template_id": "penalty_general",
            },
        ),
        201,
    )["id"]
    officer = ok(
        director.post("/api/personnel/officers", json={"name": "并发", "unit_id": "STN03", "staff_kind": "permanent"}),
        201,
    )["id"]
    path = f"/api/personnel/officers/{officer}/duties"
    clients = [client_for(stack, "director") for _ in range(8)]

    # Without If-Match: every writer that commits adds its duty; the others are told to retry.
    with ThreadPoolExecutor(max_workers=8) as pool:
        blind = list(pool.map(lambda n: _post(clients[n % 8], path, _duty(power, n)), range(40)))
    assert set(blind) <= {200, 409}
    assert blind.count(200) >= 1

    # With If-Match: of the writers that saw the same version, exactly one commits in each round.
    guarded: list[int] = []
    for round_no in range(5):
        version = director.get(f"/api/personnel/officers/{officer}").headers["ETag"]
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(
                pool.map(
                    lambda n, r=round_no, v=version: _post(
                        clients[n], path, _duty(power, 100 * r + n), {"If-Match": v}
                    ),
                    range(8),
                )
            )
        assert sorted(statuses) == [200] + [409] * 7, statuses
        guarded.extend(statuses)

    history: list[dict[str, Any]] = ok(director.get(f"/api/personnel/officers/{officer}/history"))
    assert [e["version"] for e in history] == list(range(1, len(history) + 1))
    duties = [e for e in history if e["event_type"] == "Officer.DutyAssigned"]
    assert len(duties) == blind.count(200) + guarded.count(200)  # every success recorded, nothing more
