"""Prometheus metrics of the notary (each worker process exposes its own `/metrics`)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

NOTARY_LEAVES = Counter("zeren_notary_leaves_total", "Leaves published to the AUDIT stream", ["log"])
NOTARY_CHECKPOINTS = Counter("zeren_notary_checkpoints_total", "Signed checkpoints published", ["log"])
NOTARY_ADOPTED = Counter(
    "zeren_notary_adopted_total", "Leaves found published but not recorded (a crash before bookkeeping)", ["log"]
)
NOTARY_LAG = Gauge("zeren_notary_lag_events", "Stored events not yet notarized (by notification id)", ["log"])
NOTARY_TREE_SIZE = Gauge("zeren_notary_tree_size", "Leaves in the published tree", ["log"])
NOTARY_UNREACHABLE = Gauge(
    "zeren_notary_unreachable_events",
    "Stored events numbered below 1 (or not at all): the notary never publishes them (alert on > 0)",
    ["log"],
)
