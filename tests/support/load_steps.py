"""A load step with answers already recorded, for the unit tests of the benchmarks' readings."""

from __future__ import annotations

from tests.benchmarks.http_load import Step

Answer = tuple[float, str, int, float]  # planned start (s), class, status, latency (s)


def recorded_step(name: str, *answers: Answer) -> Step:
    step = Step(name, 10)
    for planned, kind, status, seconds in answers:
        step.record(kind, planned, seconds, status)
    return step
