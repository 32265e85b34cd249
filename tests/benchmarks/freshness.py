"""How fresh a projection is under load, read from its projector's `/metrics`: the histogram
`zeren_consumer_event_age_seconds` (recording in the producer's store to the projection's commit),
as the difference between two scrapes, with quantiles interpolated within buckets as Prometheus's
`histogram_quantile` does."""

from __future__ import annotations

import math
import time
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

AGE = "zeren_consumer_event_age_seconds"
Buckets = dict[float, float]  # upper bound (seconds) -> cumulative count


def scrape(port: int, projection: str, producer: str) -> Buckets:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    buckets: Buckets = {}
    for family in text_string_to_metric_families(text):
        if family.name != AGE:
            continue
        for sample in family.samples:
            labels = sample.labels
            if sample.name == f"{AGE}_bucket" and (labels["projection"], labels["producer"]) == (projection, producer):
                buckets[float(labels["le"])] = sample.value
    return buckets


def settled(port: int, projection: str, producer: str, *, quiet: float = 1.0, timeout: float = 60.0) -> Buckets:
    """The histogram once the projection has stopped applying (the load's last events included)."""
    deadline = time.monotonic() + timeout
    last = scrape(port, projection, producer)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = scrape(port, projection, producer)
        if now == last:
            return now
        last = now
    return last


def quantile(before: Buckets, after: Buckets, q: float) -> float:
    """The q-quantile in seconds of what was observed between two scrapes (nan if nothing was)."""
    bounds = sorted(after)
    counts = [after[b] - before.get(b, 0.0) for b in bounds]
    if not counts or counts[-1] == 0:
        return math.nan
    rank = q * counts[-1]
    lower, below = 0.0, 0.0
    for bound, count in zip(bounds, counts, strict=True):
        if count >= rank:
            if math.isinf(bound):
                return lower  # beyond the last finite bucket: its bound is all that is known
            return lower + (bound - lower) * ((rank - below) / (count - below) if count > below else 0.0)
        lower, below = bound, count
    return lower
