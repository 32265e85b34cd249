"""`zeren bench soak`'s account of what ran beside the load: counters read, differenced, and bounded."""

from __future__ import annotations

import pytest

from tests.benchmarks.background import (
    TICKS_PER_SECOND,
    Activity,
    MachineCpu,
    Reading,
    Vacuumed,
    activity_between,
    activity_in,
    line,
    machine_cpu,
    pieces_by_span,
    probe_ms,
    process_ticks,
)


def reading(at: float, **changes: object) -> Reading:
    values: dict[str, object] = {
        "at": at,
        "checkpoints": 0,
        "checkpoint_sync_ms": 0.0,
        "wal_bytes": 0,
        "tables": {},
        "machine": MachineCpu(busy=0, steal=0, iowait=0, total=0),
        "pieces": {},
        "generator": 0,
        "probe_ms": 5.0,
    }
    values.update(changes)
    return Reading(**values)  # type: ignore[arg-type]


def test_the_machine_line_counts_steal_as_busy_and_iowait_apart() -> None:
    #            user nice system idle iowait irq softirq steal guest guest_nice
    cpu = machine_cpu("cpu  100 5 50 1000 30 2 3 7 40 0\ncpu0 1 2 3 4 5 6 7 8 9 0\n")
    assert cpu == MachineCpu(busy=100 + 5 + 50 + 2 + 3 + 7, steal=7, iowait=30, total=1197)


def test_a_process_line_is_read_after_its_name_which_may_hold_spaces_and_parentheses() -> None:
    fields = " ".join(["S", "1", "1", "1", "0", "-1", "0", "0", "0", "0", "0", "250", "70", "9", "9"])
    assert process_ticks(f"4242 (python -m a) (b)) {fields}") == 320


def test_what_happened_between_two_readings_counts_only_the_tables_with_a_run() -> None:
    a = reading(
        0.0,
        checkpoints=3,
        checkpoint_sync_ms=1500.0,
        wal_bytes=2**20,
        tables={"personnel.events": Vacuumed(1, 2, 400.0), "cases.events": Vacuumed(5, 5, 900.0)},
        machine=MachineCpu(busy=1000, steal=10, iowait=5, total=4000),
        pieces={"personnel-serve": 500, "cases-serve": 300},
        generator=200,
    )
    b = reading(
        60.0,
        checkpoints=4,
        checkpoint_sync_ms=4000.0,
        wal_bytes=11 * 2**20,
        tables={
            "personnel.events": Vacuumed(2, 3, 2400.0),
            "cases.events": Vacuumed(5, 5, 900.0),
            "assessment.roster": Vacuumed(0, 1, 50.0),  # a table created meanwhile
        },
        machine=MachineCpu(busy=1000 + 9000, steal=10 + 600, iowait=5 + 60, total=4000 + 12000),
        pieces={"personnel-serve": 500 + 2000, "cases-serve": 120},  # cases-serve restarted meanwhile
        generator=200 + 3000,
    )
    done = activity_between(a, b)
    assert done.seconds == 60.0
    assert done.checkpoints == 1
    assert done.checkpoint_sync_s == pytest.approx(2.5)
    assert done.wal_mb == pytest.approx(10.0)
    assert done.vacuumed == {"personnel.events": Vacuumed(1, 1, 2000.0), "assessment.roster": Vacuumed(0, 1, 50.0)}
    assert done.autovacuum_s == pytest.approx(2.05)
    assert done.pieces == {"personnel-serve": 2000, "cases-serve": 120}
    assert done.generator == 3000
    # Busy ticks not stolen, not the services' and not the generator's: the servers and the rest.
    assert done.others == 9000 - 600 - 2120 - 3000
    assert done.cores(done.generator) == pytest.approx(3000 / TICKS_PER_SECOND / 60)


def test_a_span_is_bounded_by_the_first_readings_at_or_after_its_ends() -> None:
    probes = {0: 5.0, 15: 5.0, 30: 5.0, 45: 9.0, 60: 8.0, 75: 5.0}
    readings = [reading(t, checkpoints=t // 15, probe_ms=probe) for t, probe in probes.items()]
    middle = activity_in(readings, 20.0, 50.0)
    assert middle is not None
    assert (middle.seconds, middle.checkpoints) == (30.0, 2)  # from the reading at 30 to the one at 60
    assert middle.probe_ms == 8.0  # the median of the probes at 30, 45 and 60
    to_the_end = activity_in(readings, 50.0, 600.0)
    assert to_the_end is not None
    assert to_the_end.seconds == 15.0  # the last reading closes a span that runs past it
    assert activity_in(readings, 80.0, 90.0) is None
    assert activity_in(readings[:1], 0.0, 10.0) is None
    assert activity_in([], 0.0, 10.0) is None


def test_a_line_names_the_longest_autovacuum_and_says_so_when_nothing_was_read() -> None:
    done = Activity(
        seconds=60.0,
        checkpoints=1,
        checkpoint_sync_s=2.0,
        wal_mb=10.0,
        vacuumed={"personnel.events": Vacuumed(1, 0, 2000.0), "cases.events": Vacuumed(0, 1, 100.0)},
        machine=None,
        pieces={},
        generator=0,
        probe_ms=6.25,
    )
    text = line("40-50", done)
    assert "personnel.events (2.0 s)" in text
    assert "cases.events" not in text
    assert "6.25" in text
    assert line("40-50", None).split() == ["40-50", "-"]


def test_each_piece_has_a_row_of_its_cpu_share_per_span_and_a_dash_where_it_was_not_read() -> None:
    def span(seconds: float, pieces: dict[str, int], generator: int) -> Activity:
        return Activity(seconds, 0, 0.0, 0.0, {}, None, pieces, generator, 5.0)

    ticks = TICKS_PER_SECOND
    rows = pieces_by_span(
        [
            ("0-10", span(600.0, {"gateway-serve": 60 * ticks, "cases-serve": 6 * ticks}, 30 * ticks)),
            ("10-20", None),
            ("20-30", span(600.0, {"gateway-serve": 120 * ticks}, 30 * ticks)),
        ]
    )
    assert rows[0].split() == ["piece", "0-10", "10-20", "20-30"]
    assert rows[1].split() == ["cases-serve", "1.0", "-", "-"]
    assert rows[2].split() == ["gateway-serve", "10.0", "-", "20.0"]
    assert rows[3].split() == ["(generator)", "5.0", "-", "5.0"]


def test_the_probe_is_cpu_time_that_grows_with_the_work() -> None:
    # The least of three runs, in CPU time: four times the loop takes well over twice as long even
    # on a busy machine, where wall time would say more about the queue for a core.
    assert probe_ms(400_000) > 2 * probe_ms(100_000) > 0
