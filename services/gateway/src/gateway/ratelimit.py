"""Token buckets per key (a client address for public operations, a subject for signed-in callers).

In memory, per gateway process: with N replicas a client gets up to N times the rate, which is
what a limit meant to stop floods, not to meter use, can afford. The number of buckets is bounded;
the least recently used goes first (it comes back full, the lenient side).
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


class RateLimitedError(Exception):
    def __init__(self, retry_after: float, scope: str) -> None:
        super().__init__(f"rate limit of {scope} reached")
        self.retry_after = retry_after
        self.scope = scope

    @property
    def retry_after_seconds(self) -> int:
        return max(1, math.ceil(self.retry_after))


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    def __init__(
        self,
        *,
        rate_per_second: float,
        burst: int,
        scope: str,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate_per_second <= 0 or burst < 1:
            raise ValueError("a rate limit needs a positive rate and a burst of at least 1")
        self.rate = rate_per_second
        self.burst = float(burst)
        self.scope = scope
        self._max_keys = max_keys
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, key: str) -> None:
        """Spend one token of `key`'s bucket, or raise `RateLimitedError` saying how long to wait."""
        now = self._clock()
        bucket = self._buckets.pop(key, None) or _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        self._buckets[key] = bucket
        while len(self._buckets) > self._max_keys:
            self._buckets.popitem(last=False)
        if bucket.tokens < 1.0:
            raise RateLimitedError((1.0 - bucket.tokens) / self.rate, self.scope)
        bucket.tokens -= 1.0
