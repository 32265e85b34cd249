"""Quantiles of a Prometheus histogram between two scrapes, as the HTTP benchmark reports
projection freshness (interpolated within a bucket, as `histogram_quantile` does)."""

from __future__ import annotations

import math

from tests.benchmarks.freshness import quantile

INF = math.inf


def test_only_what_was_observed_between_the_scrapes_counts_and_is_interpolated_within_its_bucket() -> None:
    before = {0.1: 100.0, 1.0: 100.0, INF: 100.0}  # observed earlier: not part of this step
    after = {0.1: 105.0, 1.0: 110.0, INF: 110.0}
    assert math.isclose(quantile(before, after, 0.5), 0.1)
    assert math.isclose(quantile(before, after, 0.75), 0.55)
    assert math.isclose(quantile(before, after, 1.0), 1.0)


def test_beyond_the_last_finite_bucket_its_bound_is_all_that_is_known() -> None:
    assert quantile({}, {0.1: 0.0, 1.0: 0.0, INF: 4.0}, 0.5) == 1.0


def test_nothing_observed_has_no_quantile() -> None:
    assert math.isnan(quantile({0.1: 3.0, INF: 3.0}, {0.1: 3.0, INF: 3.0}, 0.95))
