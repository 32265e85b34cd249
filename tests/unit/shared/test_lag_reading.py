"""`zeren bench lag`'s reading of its samples: what was projected between two, its age, the catch-up."""

from __future__ import annotations

import math

import pytest

from tests.benchmarks.lag import Interval, Run, Sample, caught_up_after, intervals_of, oldest_within, part_of, report
from tests.support.load_steps import recorded_step

BOUNDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, math.inf)


def histogram(*ages: float) -> dict[float, float]:
    """A cumulative histogram with the projector's buckets, as a scrape reads it."""
    return {bound: float(sum(1 for age in ages if age <= bound)) for bound in BOUNDS}


def test_an_interval_holds_what_was_projected_between_its_samples_and_the_most_pending_at_its_end() -> None:
    first = Sample(0.0, histogram(0.02), {"a--personnel": 0}, 0)
    second = Sample(1.0, histogram(0.02, 0.03, 0.04, 3.0), {"a--personnel": 7, "b--personnel": 2}, 4)
    [interval] = intervals_of([first, second])
    assert (interval.start, interval.end, interval.pending, interval.unpublished) == (0.0, 1.0, 7, 4)
    assert interval.projected == 3
    assert 2.5 < interval.age(0.99) <= 5.0  # the oldest of the three, within its bucket
    assert interval.age(0.5) <= 0.05


def test_an_interval_is_caught_up_with_young_events_or_with_nothing_projected_and_nothing_in_flight() -> None:
    young = Interval(0, 1, histogram(), histogram(*[0.02] * 100), pending=30, unpublished=0)
    old = Interval(0, 1, histogram(), histogram(*[0.02] * 98, 1.5, 1.5), pending=0, unpublished=0)
    idle = Interval(0, 1, histogram(0.02), histogram(0.02), pending=0, unpublished=0)
    stalled = Interval(0, 1, histogram(0.02), histogram(0.02), pending=5, unpublished=0)
    unrelayed = Interval(0, 1, histogram(0.02), histogram(0.02), pending=0, unpublished=3)
    assert young.caught_up()
    assert not old.caught_up()  # 2% over a second: p99 is over it
    assert idle.caught_up()
    assert not stalled.caught_up()
    assert not unrelayed.caught_up()


def _interval(start: float, age: float) -> Interval:
    return Interval(start, start + 1, histogram(), histogram(*[age] * 10), pending=0, unpublished=0)


def test_the_catch_up_is_from_the_bursts_end_to_the_first_interval_from_which_all_caught_up() -> None:
    intervals = [
        _interval(8, 0.02),  # before the burst's end: not considered
        _interval(9, 3.0),  # ends at the burst's end: not considered either
        _interval(10, 3.0),
        _interval(11, 0.02),  # caught up for a moment...
        _interval(12, 2.0),  # ...and behind again
        _interval(13, 0.5),
        _interval(14, 0.02),
    ]
    assert caught_up_after(intervals, burst_end=10.0) == pytest.approx(3.0)
    assert caught_up_after(intervals[:5], burst_end=10.0) is None  # behind at the last sample
    assert caught_up_after([_interval(9.5, 0.02), _interval(10.5, 0.02)], burst_end=10.0) == 0.0


def test_a_part_counts_the_answers_planned_in_it_and_the_intervals_that_ended_in_it() -> None:
    step = recorded_step(
        "lag",
        (0.5, "read", 200, 0.01),
        (1.5, "command", 503, 0.01),  # shed
        (1.6, "command", 429, 0.01),  # shed
        (1.7, "read", 500, 0.01),  # an error
        (2.5, "read", 200, 0.01),  # the next part
    )
    samples = [
        Sample(0.0, histogram(), {"a": 0}, 0),
        Sample(1.0, histogram(0.02), {"a": 4}, 1),
        Sample(2.0, histogram(0.02, 0.03, 0.6), {"a": 9}, 0),
        Sample(3.0, histogram(0.02, 0.03, 0.6, 0.04), {"a": 0}, 0),
    ]
    part = part_of(step, intervals_of(samples), 1.0, 2.0)
    assert dict(part.answers) == {"503": 1, "429": 1, "other": 1}
    assert part.errors == 1
    assert part.after[math.inf] - part.before[math.inf] == 2  # the interval from 1 s to 2 s only
    assert (part.pending, part.unpublished) == (9, 0)


def test_the_oldest_projected_is_known_to_the_bucket_that_holds_every_observation_since_the_last_scrape() -> None:
    before = histogram(70.0)  # older than anything since: not counted
    assert oldest_within(before, histogram(70.0, 0.02, 0.3, 0.04)) == 0.5
    assert oldest_within(before, histogram(70.0, 0.004)) == 0.005
    assert oldest_within(histogram(), histogram(400.0)) == math.inf


def test_the_report_gives_each_phase_and_the_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    step = recorded_step("lag", *[(t + 0.5, "command", 201, 0.02) for t in range(6)], (3.5, "read", 500, 0.01))
    projected_by_second = [0.02, 0.03, 3.0, 2.0, 0.04]  # steady, steady, burst, after (behind), after
    samples = [
        Sample(float(t), histogram(*projected_by_second[:t]), {"roster": 0}, 0)
        for t in range(len(projected_by_second) + 1)
    ]
    report(Run(step, samples, [("steady", 1, 2.0), ("burst", 3, 1.0), ("after", 1, 3.0)]), window=2.0)
    out = capsys.readouterr().out
    assert "caught up (p99 under 1 s for good) 1 s after the burst" in out  # from the interval 4-5 s
    assert "errors 1 (shed calls apart): MISSED" in out
    assert "steady p99 0.05 s (objective <= 5 s): held" in out
    burst = next(line for line in out.splitlines() if line.startswith("burst"))
    assert burst.split()[5:6] == ["1"]  # projected in the burst: the interval from 2 s to 3 s
