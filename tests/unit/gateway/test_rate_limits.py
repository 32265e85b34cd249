"""Token buckets: a burst, then the steady rate, and a bounded number of buckets."""

from __future__ import annotations

import pytest

from gateway.ratelimit import RateLimitedError, TokenBuckets


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_one_request_per_interval() -> None:
    clock = Clock()
    buckets = TokenBuckets(rate_per_second=2, burst=3, scope="caller", clock=clock)
    for _ in range(3):
        buckets.take("zhang")
    with pytest.raises(RateLimitedError) as limited:
        buckets.take("zhang")
    assert limited.value.retry_after == pytest.approx(0.5)
    assert limited.value.retry_after_seconds == 1
    buckets.take("wang")  # every key has its own bucket
    clock.now += 0.5
    buckets.take("zhang")
    with pytest.raises(RateLimitedError):
        buckets.take("zhang")
    clock.now += 60
    for _ in range(3):  # refilled up to the burst, never beyond
        buckets.take("zhang")
    with pytest.raises(RateLimitedError):
        buckets.take("zhang")


def test_refused_requests_do_not_spend_tokens() -> None:
    clock = Clock()
    buckets = TokenBuckets(rate_per_second=1, burst=1, scope="caller", clock=clock)
    buckets.take("k")
    for _ in range(10):
        with pytest.raises(RateLimitedError):
            buckets.take("k")
    clock.now += 1
    buckets.take("k")


def test_the_number_of_buckets_is_bounded() -> None:
    clock = Clock()
    buckets = TokenBuckets(rate_per_second=1, burst=1, scope="client address", max_keys=2, clock=clock)
    buckets.take("a")
    buckets.take("b")
    buckets.take("c")  # "a", least recently used, is forgotten
    buckets.take("a")  # and comes back full
    with pytest.raises(RateLimitedError):
        buckets.take("c")
