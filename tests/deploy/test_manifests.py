"""The Kubernetes deployment: valid manifests, hardened pods, one relay per service, and the same
processes as `zeren run` starts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from assessment.bootstrap import SERVICE as ASSESSMENT
from cases.bootstrap import SERVICE as CASES
from gateway.settings import GatewaySettings
from personnel.bootstrap import SERVICE as PERSONNEL
from shared.audit.settings import NotarySettings
from shared.devstack.launcher import ROLES
from shared.settings import ServiceSettings
from tests.deploy.kustomize import render

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
OVERLAYS = ["base", "overlays/dev", "overlays/prod"]
DEFINITIONS = {d.name: d for d in (PERSONNEL, CASES, ASSESSMENT)}
SINGLETON_ROLES = {"relay", "schedule", "notarize"}


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    return render(DEPLOY / request.param)


def deployments(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in resources if r["kind"] == "Deployment"]


def test_every_core_resource_is_valid_for_kubernetes(rendered: list[dict[str, Any]]) -> None:
    core = [r for r in rendered if "cnpg.io" not in r["apiVersion"]]
    assert core
    for resource in core:
        kubernetes_validate.validate(resource, "1.33", strict=True)


def test_pods_are_hardened(rendered: list[dict[str, Any]]) -> None:
    for deployment in deployments(rendered):
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
        assert pod["automountServiceAccountToken"] is False
        for container in pod["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True
            assert context["allowPrivilegeEscalation"] is False
            assert context["capabilities"]["drop"] == ["ALL"]
            assert container["resources"]["limits"]["memory"]
            assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
            assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
            assert container["startupProbe"]["httpGet"] == container["livenessProbe"]["httpGet"]


def test_relays_and_schedulers_run_alone(rendered: list[dict[str, Any]]) -> None:
    singles = [
        d for d in deployments(rendered) if d["spec"]["template"]["spec"]["containers"][0]["args"][1] in SINGLETON_ROLES
    ]
    names = {d["metadata"]["name"] for d in singles}
    assert names >= {"personnel-relay", "cases-relay", "assessment-relay", "cases-notary"}
    for deployment in singles:
        assert deployment["spec"]["replicas"] == 1
        assert deployment["spec"]["strategy"]["type"] == "Recreate"


def test_each_deployment_runs_a_role_its_service_offers(rendered: list[dict[str, Any]]) -> None:
    for deployment in deployments(rendered):
        service, role = deployment["spec"]["template"]["spec"]["containers"][0]["args"]
        if service == "gateway":
            assert role == "serve"
        else:
            assert role in DEFINITIONS[service].roles(), deployment["metadata"]["name"]


def test_kubernetes_runs_the_processes_zeren_run_starts() -> None:
    resources = render(DEPLOY / "base")
    in_cluster = {tuple(d["spec"]["template"]["spec"]["containers"][0]["args"]) for d in deployments(resources)}
    local = {(service, role) for service, roles in ROLES.items() for role in roles} | {("gateway", "serve")}
    assert in_cluster == local


def test_services_select_their_api_pods() -> None:
    resources = render(DEPLOY / "base")
    pod_labels = [d["spec"]["template"]["metadata"]["labels"] for d in deployments(resources)]
    for service in (r for r in resources if r["kind"] == "Service"):
        selector = service["spec"]["selector"]
        assert any(selector.items() <= labels.items() for labels in pod_labels), service["metadata"]["name"]


def test_environment_names_are_settings_the_processes_read() -> None:
    resources = render(DEPLOY / "base")
    known = {name.upper() for name in ServiceSettings.model_fields} | {
        f"AUDIT_{name.upper()}" for name in NotarySettings.model_fields
    }
    prefixed = {f"{s.upper()}_{name}" for s in DEFINITIONS for name in known}
    gateway = {f"GATEWAY_{name.upper()}" for name in GatewaySettings.model_fields}
    config = next(r for r in resources if r["kind"] == "ConfigMap" and r["metadata"]["name"].startswith("zeren-config"))
    names = set(config["data"])
    for deployment in deployments(resources):
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            names |= {env["name"] for env in container.get("env", [])}
    unknown = sorted(names - known - prefixed - gateway)
    assert unknown == []


def test_the_default_namespace_policy_denies_everything() -> None:
    policies = [r for r in render(DEPLOY / "base") if r["kind"] == "NetworkPolicy"]
    deny = next(p for p in policies if p["metadata"]["name"] == "default-deny")
    assert deny["spec"]["podSelector"] == {}
    assert set(deny["spec"]["policyTypes"]) == {"Ingress", "Egress"}


def test_nats_is_durable_and_each_service_publishes_only_its_own_subjects() -> None:
    values = yaml.safe_load((DEPLOY / "nats-values.yaml").read_text())
    assert values["config"]["cluster"]["replicas"] == 3
    assert values["config"]["jetstream"]["enabled"] is True
    assert values["config"]["jetstream"]["merge"]["sync_interval"] == "always"
    users = {u["user"]: u for u in values["config"]["merge"]["accounts"]["ZEREN"]["users"]}
    producers = set(DEFINITIONS)
    for producer in producers:
        allowed = users[producer]["permissions"]["publish"]["allow"]
        own = [s for s in allowed if not s.startswith("$JS") and not s.startswith("_INBOX")]
        assert own == [f"{producer}.>"]
        assert not any(part in s for s in allowed for part in ("DELETE", "PURGE", "$JS.API.>"))
        notary = users[f"{producer}-notary"]["permissions"]["publish"]["allow"]
        assert [s for s in notary if not s.startswith("$JS")] == [f"audit.{producer}.>"]
        assert not any("PURGE" in s or "STREAM.DELETE" in s or "STREAM.UPDATE" in s for s in notary)
