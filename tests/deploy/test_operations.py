"""Operating the cluster: pods get time to start before liveness counts, API pods leave the endpoints
before they stop, rollouts and drains are not blocked, keys are not world-readable, PostgreSQL's
connections suffice for every pod of a rollout, and NATS runs a server version that keeps
acknowledged writes."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from assessment.readmodel.unit_heads import PostgresUnitHeads
from assessment.settings import AssessmentSettings
from cases.readmodel.connections import ReadModelConnections
from shared.service import WORKER_POOL_SIZES
from shared.settings import ServiceSettings
from tests.deploy.kustomize import render

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "k8s"
OVERLAYS = ["base", "overlays/dev", "overlays/prod"]
# uvicorn's graceful shutdown of every API (shared/service.py, the gateway's bootstrap): open
# requests get this long once the pod is told to stop.
API_DRAIN_SECONDS = 10
# Connections kept out of the services' budget: superuser_reserved_connections (3), the
# CloudNativePG instance manager and exporter, an operator's psql or `rebuild`.
RESERVED_CONNECTIONS = 10
Resource = dict[str, Any]


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request: pytest.FixtureRequest) -> list[Resource]:
    return render(DEPLOY / request.param)


def deployments(resources: list[Resource]) -> list[Resource]:
    return [r for r in resources if r["kind"] == "Deployment"]


def role(deployment: Resource) -> tuple[str, str]:
    service, name = deployment["spec"]["template"]["spec"]["containers"][0]["args"]
    return service, name


def test_every_process_has_minutes_to_start_before_liveness_counts(rendered: list[Resource]) -> None:
    for deployment in deployments(rendered):
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            startup = container["startupProbe"]
            assert startup["httpGet"] == container["livenessProbe"]["httpGet"]  # alive, not ready
            assert startup["periodSeconds"] * startup["failureThreshold"] >= 300, deployment["metadata"]["name"]


def test_api_pods_leave_the_endpoints_before_they_stop_and_drain_within_their_grace(
    rendered: list[Resource],
) -> None:
    apis = [d for d in deployments(rendered) if role(d)[1] == "serve"]
    assert len(apis) == 4
    for deployment in apis:
        pod = deployment["spec"]["template"]["spec"]
        pause = pod["containers"][0]["lifecycle"]["preStop"]["sleep"]["seconds"]
        assert pause >= 5
        assert pod["terminationGracePeriodSeconds"] > pause + API_DRAIN_SECONDS


def test_a_node_drain_may_always_evict_one_api_pod(rendered: list[Resource]) -> None:
    budgets = [r for r in rendered if r["kind"] == "PodDisruptionBudget"]
    assert len(budgets) == 4
    for budget in budgets:
        selector = budget["spec"]["selector"]["matchLabels"]
        deployment = next(
            d for d in deployments(rendered) if selector.items() <= d["spec"]["template"]["metadata"]["labels"].items()
        )
        spec, replicas = budget["spec"], deployment["spec"]["replicas"]
        evictable = spec["maxUnavailable"] if "maxUnavailable" in spec else replicas - spec["minAvailable"]
        assert evictable >= 1, budget["metadata"]["name"]


def test_projectors_roll_without_a_pause_in_projection(rendered: list[Resource]) -> None:
    """Old and new projector overlap during a rollout, which is safe: each batch locks its
    projection's cursor row, and an event out of order waits for its predecessor."""
    projectors = [d for d in deployments(rendered) if role(d)[1] == "project"]
    assert len(projectors) == 3
    for deployment in projectors:
        strategy = deployment["spec"]["strategy"]
        assert strategy["type"] == "RollingUpdate"
        assert strategy["rollingUpdate"]["maxUnavailable"] == 0


def test_keys_mounted_from_secrets_are_readable_by_the_pod_s_group_only(rendered: list[Resource]) -> None:
    for deployment in deployments(rendered):
        pod = deployment["spec"]["template"]["spec"]
        secrets = [v["secret"] for v in pod["volumes"] if "secret" in v]
        for secret in secrets:
            assert secret["defaultMode"] == 0o440, (deployment["metadata"]["name"], secret["secretName"])
        if secrets:  # the files belong to root; the process reads them as a member of the group
            assert pod["securityContext"]["fsGroup"] == pod["securityContext"]["runAsGroup"]


def _env(deployment: Resource, name: str) -> str | None:
    for variable in deployment["spec"]["template"]["spec"]["containers"][0].get("env", []):
        if variable["name"] == name:
            return str(variable["value"])
    return None


def _default(function: Any, parameter: str) -> int:
    value = inspect.signature(function).parameters[parameter].default
    assert isinstance(value, int)
    return value


def peak_connections(deployment: Resource) -> int:
    """The most PostgreSQL connections one process of this Deployment may hold (deploy/README.md):
    its event store (DB_POOL_SIZE, as many again in overflow; shared.db.urls), its asyncpg pool
    (an API's is DB_POOL_SIZE; a worker's, shared.service.WORKER_POOL_SIZES), the write side's
    read-model pools it uses, and one more while it migrates at start."""
    service, name = role(deployment)
    if service == "gateway":
        return 0
    pool = int(_env(deployment, "DB_POOL_SIZE") or ServiceSettings.model_fields["db_pool_size"].default)
    # The cases projector is the one role that builds no application (no policy consumer).
    event_store = 0 if (service, name) == ("cases", "project") else 2 * pool
    asyncpg = pool if name == "serve" else WORKER_POOL_SIZES[name]
    read_models = {
        "cases": _default(ReadModelConnections, "max_size") if name in ("serve", "schedule") else 0,
        "assessment": AssessmentSettings.model_fields["facts_pool_size"].default
        + _default(PostgresUnitHeads, "max_size")
        if name in ("serve", "schedule", "project")
        else 0,
    }.get(service, 0)
    return event_store + asyncpg + read_models + 1


def surge(deployment: Resource) -> int:
    strategy = deployment["spec"]["strategy"]
    return int(strategy["rollingUpdate"]["maxSurge"]) if strategy["type"] == "RollingUpdate" else 0


def test_postgresql_has_connections_for_every_pod_during_a_rollout(rendered: list[Resource]) -> None:
    cluster = next(r for r in rendered if r["kind"] == "Cluster")
    limit = int(cluster["spec"]["postgresql"]["parameters"]["max_connections"])
    needed = sum((d["spec"]["replicas"] + surge(d)) * peak_connections(d) for d in deployments(rendered))
    assert needed + RESERVED_CONNECTIONS <= limit, needed


def test_every_process_that_uses_postgresql_sets_its_pool_size(rendered: list[Resource]) -> None:
    for deployment in deployments(rendered):
        service, name = role(deployment)
        if service != "gateway":
            expected = "3" if name == "serve" else "2"
            assert _env(deployment, "DB_POOL_SIZE") == expected, deployment["metadata"]["name"]


def _version(text: str) -> tuple[int, ...]:
    match = re.match(r"(\d+)\.(\d+)\.(\d+)", text)
    assert match, text
    return tuple(int(part) for part in match.groups())


def test_nats_runs_a_pinned_server_of_2_12_3_or_later_from_a_pinned_chart() -> None:
    values = yaml.safe_load((DEPLOY / "nats-values.yaml").read_text())
    image = values["container"]["image"]
    assert image["repository"] == "nats"
    assert _version(image["tag"]) >= (2, 12, 3)
    readme = (ROOT / "deploy" / "README.md").read_text()
    installs = re.findall(r"helm upgrade --install nats nats/nats[^`\n]*", readme)
    assert installs
    assert all(re.search(r"--version \d+\.\d+\.\d+", command) for command in installs), installs
