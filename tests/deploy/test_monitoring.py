"""Monitoring (deploy/k8s/monitoring): the PodMonitor reaches every Zeren process's metrics port, and
each alert is PromQL that parses, selects only series the processes export, filters and groups by
labels those series carry, and names in its annotations only labels its result keeps."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType
from typing import Any

import promql_parser as promql
import pytest
from prometheus_client.metrics import MetricWrapperBase

import gateway.admission
import gateway.pressure
import shared.audit.metrics
import shared.observability.metrics
from tests.deploy.kustomize import render

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
# Every module that defines a metric a Zeren process exports.
METRIC_MODULES: tuple[ModuleType, ...] = (
    shared.observability.metrics,
    shared.audit.metrics,
    gateway.admission,
    gateway.pressure,
)
# The labels Prometheus adds to every series it scrapes through a PodMonitor, and its own `up`.
TARGET_LABELS = frozenset({"namespace", "pod", "container", "job", "instance", "endpoint"})
SERIES_OF_TYPE = {"counter": ("_total",), "gauge": ("",), "histogram": ("_bucket", "_count", "_sum")}


def exported_series() -> dict[str, frozenset[str]]:
    """Each series name the processes export, with the label names it carries once scraped."""
    series: dict[str, frozenset[str]] = {"up": TARGET_LABELS}
    for module in METRIC_MODULES:
        for metric in vars(module).values():
            if not isinstance(metric, MetricWrapperBase):
                continue
            (family,) = metric.describe()
            labels = TARGET_LABELS | set(metric._labelnames)  # no public accessor for a family's label names
            for suffix in SERIES_OF_TYPE[family.type]:
                series[family.name + suffix] = labels | ({"le"} if suffix == "_bucket" else set())
    return series


SERIES = exported_series()


def result_labels(expr: Any) -> frozenset[str]:
    """The labels an expression's result keeps (enough PromQL for the rules here; anything else fails)."""
    match expr:
        case promql.VectorSelector():
            assert expr.name in SERIES, f"{expr.name} is not a series the processes export"
            for matcher in expr.matchers.matchers:
                assert matcher.name in SERIES[expr.name], f"{expr.name} has no label {matcher.name}"
            kept = SERIES[expr.name]
        case promql.MatrixSelector():
            kept = result_labels(expr.vector_selector)
        case promql.ParenExpr():
            kept = result_labels(expr.expr)
        case promql.NumberLiteral():
            kept = frozenset()
        case promql.AggregateExpr():
            kept = aggregated_labels(expr)
        case promql.Call() if expr.func.name == "histogram_quantile":
            buckets = result_labels(expr.args[1])
            assert "le" in buckets, "histogram_quantile needs the `le` label"
            kept = buckets - {"le"}
        case promql.Call():
            (vector,) = [a for a in expr.args if not isinstance(a, promql.NumberLiteral)]
            kept = result_labels(vector)
        case promql.BinaryExpr():
            kept = combined_labels(expr)
        case _:
            raise AssertionError(f"unexpected PromQL node {type(expr).__name__}: {expr}")
    return kept


def aggregated_labels(expr: Any) -> frozenset[str]:
    inner = result_labels(expr.expr)
    grouped = frozenset(expr.modifier.labels) if expr.modifier else frozenset()
    assert grouped <= inner, f"grouped by {sorted(grouped - inner)}, which {expr.expr} does not carry"
    return grouped if expr.modifier and expr.modifier.type == promql.AggModifierType.By else inner - grouped


def combined_labels(expr: Any) -> frozenset[str]:
    left, right = result_labels(expr.lhs), result_labels(expr.rhs)
    if not (left and right):
        return left or right  # a vector and a number
    matching = expr.modifier.matching if expr.modifier else None
    assert matching is not None, f"two vectors matched on all their labels: {expr}"
    assert matching.type == promql.LabelModifierType.Include, f"match `on` named labels: {expr}"
    matched = frozenset(matching.labels)
    assert matched <= left & right, f"matched on {sorted(matched - (left & right))}, missing from a side"
    return left


@pytest.fixture(scope="module")
def monitoring() -> list[dict[str, Any]]:
    return render(DEPLOY / "monitoring")


def rules(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    (rule,) = [r for r in resources if r["kind"] == "PrometheusRule"]
    return [entry for group in rule["spec"]["groups"] for entry in group["rules"]]


def test_every_alert_selects_exported_series_by_labels_they_carry(monitoring: list[dict[str, Any]]) -> None:
    alerts = rules(monitoring)
    assert len({alert["alert"] for alert in alerts}) == len(alerts) >= 10
    for alert in alerts:
        kept = result_labels(promql.parse(alert["expr"]))
        assert alert["labels"]["severity"] in ("critical", "warning"), alert["alert"]
        assert alert["annotations"]["summary"], alert["alert"]
        named = {m for text in alert["annotations"].values() for m in re.findall(r"\$labels\.(\w+)", text)}
        assert named <= kept, f"{alert['alert']} names {sorted(named - kept)}, which its result drops"


def test_the_rules_name_the_series_the_readme_says_to_alert_on(monitoring: list[dict[str, Any]]) -> None:
    expressions = " ".join(alert["expr"] for alert in rules(monitoring))
    readme = (DEPLOY.parent / "README.md").read_text(encoding="utf-8")
    alerted = set(re.findall(r"`(zeren_[a-z_]+)(?:\{[^}]*\})?` \([^)]*alert", readme))
    assert alerted >= {"zeren_consumer_subscribed", "zeren_notary_unreachable_events", "zeren_identity_refused_total"}
    assert {series for series in alerted if series not in expressions} == set()


def test_an_unknown_series_or_label_is_caught() -> None:
    with pytest.raises(AssertionError, match="not a series"):
        result_labels(promql.parse("zeren_relay_lag > 0"))
    with pytest.raises(AssertionError, match="grouped by"):
        result_labels(promql.parse("sum by (projection) (zeren_relay_lag_events)"))
    with pytest.raises(AssertionError, match="no label"):
        result_labels(promql.parse('zeren_relay_lag_events{service="cases"}'))
    with pytest.raises(AssertionError, match="missing from a side"):
        result_labels(promql.parse("zeren_relay_lag_events > 0 and on (projection) zeren_consumer_lag_messages > 0"))


def test_the_pod_monitor_reaches_every_process_s_metrics_port(monitoring: list[dict[str, Any]]) -> None:
    (monitor,) = [r for r in monitoring if r["kind"] == "PodMonitor"]
    assert monitor["metadata"]["namespace"] == "zeren"
    selector = monitor["spec"]["selector"]
    (components,) = [e["values"] for e in selector["matchExpressions"] if e["key"] == "app.kubernetes.io/component"]
    ports = {endpoint["port"] for endpoint in monitor["spec"]["podMetricsEndpoints"]}
    deployments = [r for r in render(DEPLOY / "base") if r["kind"] == "Deployment"]
    assert deployments
    for deployment in deployments:
        pod = deployment["spec"]["template"]
        labels = pod["metadata"]["labels"]
        assert selector["matchLabels"].items() <= labels.items(), deployment["metadata"]["name"]
        assert labels["app.kubernetes.io/component"] in components, deployment["metadata"]["name"]
        named = {port["name"] for container in pod["spec"]["containers"] for port in container.get("ports", [])}
        assert named & ports, f"{deployment['metadata']['name']} serves /metrics on none of {sorted(ports)}"
