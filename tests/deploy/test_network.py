"""Who may reach whom: network policies that select the pods they mean to (Prometheus scrapes every
process and PostgreSQL's exporter), the gateway calling the services by namespace-relative names in
every overlay, and an Ingress that publishes the API and its documentation, nothing else."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from gateway.api.app import create_gateway_app
from gateway.settings import GatewaySettings
from shared.devstack.keys import ensure_dev_keys
from tests.deploy.kustomize import render

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
OVERLAYS = ["base", "overlays/dev", "overlays/prod"]
MONITORING = {"kubernetes.io/metadata.name": "monitoring"}
POSTGRES_EXPORTER_PORT = 9187
Resource = dict[str, Any]


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request: pytest.FixtureRequest) -> list[Resource]:
    return render(DEPLOY / request.param)


def selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    """A Kubernetes label selector (matchLabels and matchExpressions) applied to a pod's labels."""
    if any(labels.get(key) != value for key, value in selector.get("matchLabels", {}).items()):
        return False
    for expression in selector.get("matchExpressions", []):
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        held = {
            "In": key in labels and labels[key] in values,
            "NotIn": key not in labels or labels[key] not in values,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }[operator]
        if not held:
            return False
    return True


def pods(resources: list[Resource]) -> list[dict[str, Any]]:
    """Every pod the manifests make: one per Deployment, and the CloudNativePG instances (the operator
    labels them `cnpg.io/cluster: <cluster>`; their exporter listens on 9187)."""
    made = [
        {
            "labels": d["spec"]["template"]["metadata"]["labels"],
            "ports": [p["containerPort"] for c in d["spec"]["template"]["spec"]["containers"] for p in c["ports"]],
        }
        for d in resources
        if d["kind"] == "Deployment"
    ]
    made += [
        {"labels": {"cnpg.io/cluster": c["metadata"]["name"]}, "ports": [5432, POSTGRES_EXPORTER_PORT]}
        for c in resources
        if c["kind"] == "Cluster"
    ]
    return made


def policies(resources: list[Resource]) -> list[Resource]:
    return [r for r in resources if r["kind"] == "NetworkPolicy"]


def ingress_allowed(resources: list[Resource], pod: dict[str, Any], namespace: dict[str, str], port: int) -> bool:
    """Whether a pod of another namespace (its labels `namespace`) may open `port` on `pod`."""
    for policy in policies(resources):
        spec = policy["spec"]
        if "Ingress" not in spec["policyTypes"] or not selects(spec["podSelector"], pod["labels"]):
            continue
        for rule in spec.get("ingress", []):
            ports = [p["port"] for p in rule.get("ports", [])]
            if ports and port not in ports:
                continue
            for peer in rule.get("from", []):
                # A peer of another namespace: its namespace selected, and any pod of it.
                if (
                    "namespaceSelector" in peer
                    and selects(peer["namespaceSelector"], namespace)
                    and selects(peer.get("podSelector", {}), {})
                ):
                    return True
    return False


def test_every_network_policy_selects_some_pod(rendered: list[Resource]) -> None:
    made = pods(rendered)
    for policy in policies(rendered):
        selector = policy["spec"]["podSelector"]
        assert any(selects(selector, pod["labels"]) for pod in made), policy["metadata"]["name"]


def test_prometheus_may_scrape_every_process_and_postgresql(rendered: list[Resource]) -> None:
    for pod in pods(rendered):
        for port in pod["ports"]:
            if port == 5432:
                continue  # the database itself: services only
            assert ingress_allowed(rendered, pod, MONITORING, port), (pod["labels"], port)


def test_the_gateway_calls_each_service_by_its_name_in_its_own_namespace(rendered: list[Resource]) -> None:
    config = next(r for r in rendered if r["kind"] == "ConfigMap" and r["metadata"]["name"].startswith("zeren-config"))
    services = {r["metadata"]["name"]: r for r in rendered if r["kind"] == "Service"}
    deployments = [r for r in rendered if r["kind"] == "Deployment"]
    gateway = next(d for d in deployments if d["metadata"]["name"] == "gateway-api")
    gateway_labels = gateway["spec"]["template"]["metadata"]["labels"]
    for name in ("PERSONNEL", "CASES", "ASSESSMENT"):
        url = urlsplit(config["data"][f"GATEWAY_{name}_URL"])
        assert url.hostname == name.lower(), "a namespace-relative Service name, so every overlay's namespace works"
        service = services[url.hostname]
        port = next(p for p in service["spec"]["ports"] if p["port"] == (url.port or 80))
        # The policy sees the pod's port behind the Service.
        backend = next(d for d in deployments if selects({"matchLabels": service["spec"]["selector"]}, _labels(d)))
        container_port = next(
            p["containerPort"]
            for c in backend["spec"]["template"]["spec"]["containers"]
            for p in c["ports"]
            if p["name"] == port["targetPort"]
        )
        assert _egress_allowed(rendered, gateway_labels, _labels(backend), container_port), name


def _labels(deployment: Resource) -> dict[str, str]:
    labels: dict[str, str] = deployment["spec"]["template"]["metadata"]["labels"]
    return labels


def _egress_allowed(resources: list[Resource], source: dict[str, str], target: dict[str, str], port: int) -> bool:
    """Same-namespace traffic from `source` pods to `target` pods: egress allowed by a policy of the
    source, ingress by a policy of the target."""

    def allowed(direction: str, selected: dict[str, str], peer_labels: dict[str, str], peers: str) -> bool:
        for policy in policies(resources):
            spec = policy["spec"]
            if direction not in spec["policyTypes"] or not selects(spec["podSelector"], selected):
                continue
            for rule in spec.get(direction.lower(), []):
                ports = [p["port"] for p in rule.get("ports", [])]
                if ports and port not in ports:
                    continue
                for peer in rule.get(peers, []):
                    if "namespaceSelector" not in peer and selects(peer.get("podSelector", {}), peer_labels):
                        return True
        return False

    return allowed("Egress", source, target, "to") and allowed("Ingress", target, source, "from")


def _matches(path: str, rule: dict[str, Any]) -> bool:
    """ingress-nginx's matching: Exact is the whole path; Prefix matches whole path elements."""
    if rule["pathType"] == "Exact":
        return path == rule["path"]
    prefix = rule["path"].rstrip("/")
    return prefix in ("", path) or path.startswith(prefix + "/")


@pytest.fixture(scope="module")
def gateway_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    keys = ensure_dev_keys(tmp_path_factory.mktemp("keys"))
    settings = GatewaySettings(
        personnel_url="http://personnel",
        cases_url="http://cases",
        assessment_url="http://assessment",
        jwks_file=str(keys.jwks),
        identity_private_key_file=str(keys.identity_private),
    )
    return create_gateway_app(settings)


def test_the_ingress_publishes_the_api_and_its_documentation_and_nothing_else(gateway_app: Any) -> None:
    ingress = next(r for r in render(DEPLOY / "base") if r["kind"] == "Ingress")
    rules = [path for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]]
    operations = [path for path in gateway_app.openapi()["paths"] if path not in ("/healthz", "/readyz")]
    documentation = [
        gateway_app.openapi_url,
        gateway_app.docs_url,
        gateway_app.swagger_ui_oauth2_redirect_url,
        gateway_app.redoc_url,
    ]
    for path in [*operations, *documentation]:
        assert any(_matches(path, rule) for rule in rules), path
    for path in ("/healthz", "/readyz", "/metrics", "/", "/apis", "/internal"):
        assert not any(_matches(path, rule) for rule in rules), path
    for rule in rules:  # each published path leads somewhere the gateway serves
        assert any(_matches(path, rule) for path in [*operations, *documentation]), rule["path"]


def test_the_gateway_trusts_forwarded_addresses_from_a_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """The value must match the cluster's pod network (deploy/README.md); here: the gateway reads it,
    from the environment as a pod would, as a non-empty list of networks."""
    config = next(r for r in render(DEPLOY / "base") if r["kind"] == "ConfigMap")
    for name, value in config["data"].items():
        if name.startswith("GATEWAY_"):
            monkeypatch.setenv(name, value)
    proxies = GatewaySettings().trusted_proxies
    assert proxies
    for proxy in proxies:
        assert ipaddress.ip_network(str(proxy)).num_addresses > 1
