"""Clock skew (F14): processes whose wall clocks are ten minutes off, the machine's left alone.

Personnel's relay and assessment's projector run ten minutes ahead, personnel's notary ten minutes
behind: events keep the order and the times their producer recorded, projections the same results,
and the audit log verifies with checkpoints signed "in the past". Personnel's API restarted with its
clock off: beyond the leeway it refuses the identity the gateway signs for each request, which the
client sees as the service refusing the gateway (503, nothing recorded), not as its own token
refused; within the leeway it works.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from shared.devstack.launcher import Stack
from tests.e2e.conftest import client_for, running_stack
from tests.support.audit import verified_by_cli
from tests.support.e2e_personnel import enrol_train_post_and_certify, ok
from tests.support.infra import NatsServer
from tests.support.processes import restart
from tests.support.settle import wait_settled
from tests.support.skew import clock_off_by

pytestmark = pytest.mark.usefixtures("units")  # the units the tests enrol officers into

AHEAD, BEHIND = "+10m", "-10m"
SKEWED = {
    "personnel-relay": clock_off_by(AHEAD),
    "assessment-project": clock_off_by(AHEAD),
    "personnel-notarize": clock_off_by(BEHIND),
}


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, module_database_url: str, module_nats_server: NatsServer
) -> Iterator[Stack]:
    with running_stack(
        tmp_path_factory.mktemp("stack"), module_database_url, module_nats_server.url, process_env=SKEWED
    ) as running:
        yield running


def metric(port: int, name: str, **labels: str) -> tuple[float, float]:
    """A metric's value from a process's `/metrics` (a histogram's sum and count, a counter's value and 1)."""
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    values: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name.startswith(name) and all(sample.labels.get(k) == v for k, v in labels.items()):
                values[sample.name.removeprefix(name)] = values.get(sample.name.removeprefix(name), 0.0) + sample.value
    if "_sum" in values:
        return values["_sum"], values["_count"]
    return values.get("_total", 0.0), 1.0


def test_skewed_relay_projector_and_notary_keep_the_producers_order_and_times(stack: Stack) -> None:
    director = client_for(stack, "director")
    legal = client_for(stack, "legal_affairs")
    numbers = [f"HN-SKEW-{i:03d}" for i in range(3)]
    officers = [
        enrol_train_post_and_certify(director, legal, f"偏时{i}", number, unit_id="STN02")
        for i, number in enumerate(numbers)
    ]

    wait_settled(stack)
    for officer, number in zip(officers, numbers, strict=True):
        own = ok(director.get(f"/api/personnel/officers/{officer}/history"))
        own += ok(director.get(f"/api/personnel/certificates/{number}/history"))
        recorded = {(e["aggregate_id"], e["version"]): instant(e["recorded_at"]) for e in own}
        projected = ok(director.get(f"/api/assessment/officers/{officer}/history", params={"limit": 200}))["events"]
        # The producer's versions and recorded times, not the relay's or the projector's clock: enrolled,
        # posted, examined, applied, and the certificate issued (what personnel publishes of them).
        carried = [e for e in projected if (e["aggregate_id"], e["aggregate_version"]) in recorded]
        assert len(carried) >= 5, projected
        assert [instant(e["recorded_at"]) for e in carried] == [
            recorded[e["aggregate_id"], e["aggregate_version"]] for e in carried
        ]
    roster = ok(director.get("/api/assessment/roster", params={"as_of": "2018-01-01", "unit_id": "STN02"}))
    assert sorted(o["officer_id"] for o in roster["officers"]) == sorted(officers)

    # The projector's clock really is ahead: every event looks about ten minutes old when applied.
    port = stack.process("assessment-project").spec.health_port
    age_sum, count = metric(port, "zeren_consumer_event_age_seconds", projection="assessment-roster")
    assert count > 0
    assert age_sum / count > 9 * 60

    # The notary's checkpoints are signed ten minutes in the past, and the log verifies.
    env = {**os.environ, "DATABASE_URL": stack.database_url, "NATS_URL": stack.nats_url}
    report = verified_by_cli("personnel", stack.keys.notary_verifier, env, settled=True)
    signed = re.search(r"latest checkpoint: size \d+ at ([^,\s]+)", report)
    assert signed is not None, report
    assert instant(signed.group(1)) < datetime.now(tz=UTC) - timedelta(minutes=8), report


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def enrolments(stack: Stack) -> int:
    async def count() -> int:
        conn = await asyncpg.connect(stack.database_url)
        try:
            return int(
                await conn.fetchval(
                    "SELECT count(*) FROM personnel.personnel_events WHERE topic LIKE '%:Officer.Enrolled'"
                )
            )
        finally:
            await conn.close()

    return asyncio.run(count())


def enrol(director: httpx.Client, name: str) -> httpx.Response:
    return director.post("/api/personnel/officers", json={"name": name, "unit_id": "ENF", "staff_kind": "permanent"})


@pytest.fixture
def personnel_api(stack: Stack) -> Iterator[Stack]:
    """Personnel's API, to be restarted with its clock off; back on the machine's clock afterwards."""
    yield stack
    restart(stack, "personnel-serve", {})


@pytest.mark.parametrize(("offset", "reason"), [(AHEAD, "expired"), (BEHIND, "not_yet_valid")])
def test_an_api_whose_clock_is_minutes_off_refuses_the_gateway_and_records_nothing(
    personnel_api: Stack, offset: str, reason: str
) -> None:
    stack = personnel_api
    director = client_for(stack, "director")
    restart(stack, "personnel-serve", clock_off_by(offset))
    before = enrolments(stack)

    refused = enrol(director, f"拒{reason}")
    assert refused.status_code == 503, refused.text
    problem = refused.json()
    assert (problem["code"], problem["service"]) == ("service_refused_identity", "personnel")
    assert f"({reason})" in problem["detail"]
    assert "www-authenticate" not in refused.headers  # the client's own token was good

    # For whoever runs it: the service counts and logs why, the gateway logs whom.
    refusals, _ = metric(stack.process("personnel-serve").spec.health_port, "zeren_identity_refused", reason=reason)
    assert refusals >= 1
    assert f'"reason": "{reason}"' in stack.process("personnel-serve").spec.log_path.read_text()
    assert "identity token refused downstream" in stack.process("gateway-serve").spec.log_path.read_text()
    assert enrolments(stack) == before  # nothing recorded


@pytest.mark.parametrize("offset", ["+20", "-20"])
def test_an_api_whose_clock_is_seconds_off_works_within_the_leeway(personnel_api: Stack, offset: str) -> None:
    director = client_for(personnel_api, "director")
    restart(personnel_api, "personnel-serve", clock_off_by(offset))
    enrolled = enrol(director, f"偏{offset}")
    assert enrolled.status_code == 201, enrolled.text
    recorded = ok(director.get(f"/api/personnel/officers/{enrolled.json()['id']}/history"))[0]["recorded_at"]
    off = datetime.fromisoformat(recorded) - datetime.now(tz=UTC)
    assert abs(off.total_seconds() - int(offset)) < 10  # recorded by the API's own (skewed) clock
