"""`zeren bench soak`'s reading of a long run: answers by part, p99 drift, memory slope, resident memory."""

from __future__ import annotations

import os

import pytest

from tests.benchmarks.http_load import NO_ANSWER
from tests.benchmarks.soak import (
    Period,
    drift,
    period_of,
    resident_mb,
    server_errors_grew,
    slope_per_hour,
    windows,
    worst_window,
)
from tests.support.load_steps import recorded_step


def test_a_part_holds_the_answers_planned_in_it_and_only_expected_ones_count_for_latency() -> None:
    step = recorded_step(
        "soak",
        (59.9, "read", 200, 0.02),
        (60.0, "read", 200, 0.03),
        (61.0, "command", 503, 0.30),
        (62.0, "command", 422, 0.01),
        (63.0, "auditor", NO_ANSWER, 30.0),
        (120.0, "read", 200, 0.04),  # the next part
    )
    part = period_of(step, 60.0, 120.0)
    assert dict(part.answers) == {"expected": 1, "5xx": 1, "other": 1, "no answer": 1}
    assert dict(part.server_errors) == {503: 1}
    assert part.latencies == {"read": [0.03]}


def test_server_errors_are_kept_by_status_and_only_more_in_the_last_part_is_growth() -> None:
    step = recorded_step(
        "soak",
        (1.0, "read", 503, 0.3),
        (2.0, "command", 500, 0.1),
        (3.0, "command", 503, 0.3),
        (61.0, "read", 503, 0.3),
        (62.0, "auditor", 504, 30.0),
    )
    first, last = period_of(step, 0.0, 60.0), period_of(step, 60.0, 120.0)
    assert dict(first.server_errors) == {503: 2, 500: 1}
    assert dict(last.server_errors) == {503: 1, 504: 1}
    assert not server_errors_grew(first, last)
    assert server_errors_grew(last, first)
    assert not server_errors_grew(last, last)


def test_drift_is_the_last_parts_p99_over_the_first_for_classes_answered_in_both() -> None:
    first = Period(0, 60, latencies={"read": [0.010] * 99 + [0.100], "command": [0.020]})
    last = Period(60, 120, latencies={"read": [0.010] * 99 + [0.150], "auditor": [0.5]})
    assert drift(first, last) == pytest.approx({"read": 1.5})


def test_the_slope_is_per_hour_and_flat_memory_has_none() -> None:
    assert slope_per_hour([(0.0, 100.0), (1800.0, 101.0), (3600.0, 102.0)]) == pytest.approx(2.0)
    assert slope_per_hour([(t, 100.0) for t in range(0, 600, 15)]) == pytest.approx(0.0)
    assert slope_per_hour([(5.0, 100.0)]) == 0.0  # one instant: no slope to speak of


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="resident memory is read from Linux's /proc")
def test_resident_memory_is_read_for_a_live_process_and_none_for_a_gone_one() -> None:
    mine = resident_mb(os.getpid())
    assert mine is not None
    assert 1 < mine < 100_000
    assert resident_mb(2**22 + 1) is None  # above the kernel's highest pid


def test_windows_cover_the_run_and_the_last_one_may_be_short() -> None:
    assert windows(1500.0, 600.0) == [(0.0, 600.0), (600.0, 1200.0), (1200.0, 1500.0)]
    assert windows(1200.0, 600.0) == [(0.0, 600.0), (600.0, 1200.0)]


def test_the_worst_window_is_the_one_with_the_highest_p99_of_the_class() -> None:
    step = recorded_step(
        "soak",
        *[(float(t), "command", 201, 0.020) for t in range(0, 60)],
        *[(float(t), "command", 201, 0.020 if t % 10 else 0.300) for t in range(60, 120)],
        *[(float(t), "read", 200, 0.900) for t in range(120, 180)],  # slow reads, no commands
    )
    spans = windows(180.0, 60.0)
    assert worst_window(step, spans, "command") == (60.0, 120.0)
    assert worst_window(step, spans, "read") == (120.0, 180.0)
    assert worst_window(step, spans, "auditor") is None
