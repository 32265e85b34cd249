"""`zeren bench spike`'s reading of the answers: windows by planned start, and when the objective held again."""

from __future__ import annotations

import httpx

from tests.benchmarks.http_load import NO_ANSWER, Enrolment
from tests.benchmarks.spike import Oracle, recovered_after, windows_of
from tests.support.load_steps import recorded_step


def test_answers_fall_into_windows_by_planned_start_and_only_expected_ones_count_for_latency() -> None:
    step = recorded_step(
        "spike",
        (0.1, "read", 200, 0.02),
        (4.9, "command", 503, 0.30),
        (5.0, "command", 201, 0.04),
        (7.0, "read", NO_ANSWER, 30.0),
        (7.5, "auditor", 429, 0.01),
    )
    first, second = windows_of(step, 5.0)
    assert (first.start, dict(first.answers), first.latencies) == (0.0, {"expected": 1, "503": 1}, {"read": [0.02]})
    assert second.start == 5.0
    assert dict(second.answers) == {"expected": 1, "no answer": 1, "429": 1}
    assert second.latencies == {"command": [0.04]}
    assert not first.held()
    assert not second.held()


def test_recovery_starts_at_the_first_window_from_which_every_later_one_held() -> None:
    fast, slow = 0.05, 0.9  # a read within the objective, and one beyond it
    step = recorded_step(
        "spike",
        (1.0, "read", 200, fast),  # before the spike: not considered
        (10.0, "read", 503, fast),  # the spike ends at 10 s: shed
        (15.0, "read", 200, fast),  # held...
        (20.0, "read", 200, slow),  # ...but missed again
        (25.0, "read", 200, fast),
        (30.0, "command", 201, fast),
    )
    assert recovered_after(windows_of(step, 5.0), spike_end=10.0) == 15.0
    assert recovered_after(windows_of(recorded_step("spike", (12.0, "read", 200, slow)), 5.0), spike_end=10.0) is None


def test_an_enrolments_first_answer_is_kept_as_its_status_officer_and_problem_type() -> None:
    recorded = Enrolment.of(httpx.Response(201, json={"id": "0a1b", "name": "负载1"}))
    shed = Enrolment.of(httpx.Response(503, json={"type": "urn:zeren:problem:service_overloaded", "status": 503}))
    bare = Enrolment.of(httpx.Response(502, text="bad gateway"))
    assert recorded == Enrolment(201, "0a1b", "")
    assert shed == Enrolment(503, None, "service_overloaded")
    assert bare == Enrolment(502, None, "")


def test_the_oracle_is_exact_only_with_one_listed_officer_per_key_and_nothing_shed_recorded() -> None:
    exact = Oracle(keys=2, officers={"a", "b"}, listed={"a", "b"})
    assert exact.exact
    assert not Oracle(keys=2, officers={"a", "b"}, listed={"a"}).exact  # one missing from the directory
    assert not Oracle(keys=3, officers={"a", "b"}, listed={"a", "b"}).exact  # a key with no officer
    assert not Oracle(keys=2, officers={"a", "b"}, listed={"a", "b"}, shed_then_replayed=["k1"]).exact
