"""The verifier's verdicts on in-memory logs: each kind of tampering is named at the right event."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import pytest

from shared.audit.bench import notarize, synthetic_rows
from shared.audit.checkpoint import log_origin, open_checkpoint
from shared.audit.leaf import StoredEventRow, leaf_hash
from shared.audit.note import KeyRing, SignerKey
from shared.audit.published import PublishedLog
from shared.audit.source import TableCensus
from shared.audit.verify import Report, render, verify_log

SIGNER = SignerKey.generate("zeren-notary-test")
KEYS = KeyRing([SIGNER.verifier])


async def _batches(rows: list[StoredEventRow]) -> AsyncIterator[list[StoredEventRow]]:
    for start in range(0, len(rows), 7):
        yield rows[start : start + 7]


def verify(
    rows: list[StoredEventRow], published: PublishedLog, keys: KeyRing = KEYS, census: TableCensus | None = None
) -> Report:
    return asyncio.run(verify_log("bench", log_origin("bench"), _batches(rows), published, keys, census=census))


@pytest.fixture
def log() -> tuple[list[StoredEventRow], PublishedLog]:
    rows = synthetic_rows(2500, 64)
    return rows, notarize(rows, SIGNER)


def test_an_untouched_log_verifies_with_every_event_notarized(log: tuple[list[StoredEventRow], PublishedLog]) -> None:
    rows, published = log
    report = verify(rows, published)
    assert report.ok, report.findings[:3]
    assert (report.events, report.notarized, report.pending, report.checkpoints) == (2500, 2500, 0, 3)
    assert render(report).startswith("bench: OK")


def test_events_after_the_last_leaf_are_pending_not_failures(log: tuple[list[StoredEventRow], PublishedLog]) -> None:
    rows, published = log
    later = [StoredEventRow(3000 + i, "x", 1, "t", b"{}") for i in range(5)]
    report = verify(rows + later, published)
    assert report.ok
    assert report.pending == 5


def test_one_flipped_byte_is_named_as_altered(log: tuple[list[StoredEventRow], PublishedLog]) -> None:
    rows, published = log
    target = rows[1234]
    assert target.state is not None
    rows[1234] = replace(target, state=target.state[:10] + bytes([target.state[10] ^ 1]) + target.state[11:])
    report = verify(rows, published)
    first = report.first("altered", "missing", "reordered", "extra")
    assert first is not None
    assert (first.kind, first.notification_id, first.aggregate_id) == ("altered", 1235, target.originator_id)
    assert report.first("checkpoint") is not None  # the signed roots no longer match
    assert "first bad event: altered" in render(report)


def test_a_deleted_event_is_named_as_missing(log: tuple[list[StoredEventRow], PublishedLog]) -> None:
    rows, published = log
    deleted = rows.pop(500)
    first = verify(rows, published).first("altered", "missing", "reordered", "extra")
    assert first is not None
    assert (first.kind, first.notification_id, first.aggregate_version) == (
        "missing",
        deleted.notification_id,
        deleted.originator_version,
    )


def test_two_events_that_swapped_places_are_named_as_reordered(log: tuple[list[StoredEventRow], PublishedLog]) -> None:
    rows, published = log
    a, b = rows[100], rows[900]
    rows[100] = replace(b, notification_id=a.notification_id)
    rows[900] = replace(a, notification_id=b.notification_id)
    report = verify(rows, published)
    first = report.first("altered", "missing", "reordered", "extra")
    assert first is not None
    assert (first.kind, first.notification_id, first.aggregate_id) == ("reordered", 101, b.originator_id)
    assert f"at notification {b.notification_id}" in first.message


def test_an_event_inserted_into_a_gap_of_notification_ids_is_named_as_extra() -> None:
    # Notification ids have gaps (a rolled-back insert consumes one); a forger can fill one.
    rows = [replace(row, notification_id=2 * row.notification_id) for row in synthetic_rows(300, 32)]
    published = notarize(rows, SIGNER)
    forged = StoredEventRow(201, "00000000-0000-0000-0000-000000000001", 1, "t", b"{}")
    report = verify([*rows[:100], forged, *rows[100:]], published)
    first = report.first("altered", "missing", "reordered", "extra")
    assert first is not None
    assert (first.kind, first.notification_id) == ("extra", 201)
    assert report.first("checkpoint") is not None


def test_an_insertion_that_renumbers_later_events_is_named_at_the_first_renumbered_one(
    log: tuple[list[StoredEventRow], PublishedLog],
) -> None:
    rows, published = log
    shifted = [replace(row, notification_id=row.notification_id + 1) if i >= 700 else row for i, row in enumerate(rows)]
    forged = StoredEventRow(701, "00000000-0000-0000-0000-000000000001", 1, "t", b"{}")
    first = verify([*shifted[:700], forged, *shifted[700:]], published).first(
        "altered", "missing", "reordered", "extra"
    )
    assert first is not None
    assert (first.kind, first.notification_id) == ("altered", 701)
    assert "is stored where the log has" in first.message


def test_truncated_tail_events_are_missing_and_the_checkpoint_covers_more_than_is_stored(
    log: tuple[list[StoredEventRow], PublishedLog],
) -> None:
    rows, published = log
    report = verify(rows[:-7], published)
    first = report.first("altered", "missing", "reordered", "extra")
    assert first is not None
    assert (first.kind, first.notification_id) == ("missing", 2494)
    assert any("covers more events than are stored" in f.message for f in report.findings)


def test_a_checkpoint_by_an_unknown_key_fails_verification(log: tuple[list[StoredEventRow], PublishedLog]) -> None:
    rows, published = log
    report = verify(rows, published, KeyRing([SignerKey.generate("zeren-notary-test").verifier]))
    assert not report.ok
    assert report.checkpoints == 0
    assert "unknown key id" in report.findings[0].message


def test_a_published_log_with_a_hole_or_a_double_is_reported(log: tuple[list[StoredEventRow], PublishedLog]) -> None:
    rows, published = log
    holed = PublishedLog(published.leaves[:10] + published.leaves[11:], published.checkpoints)
    assert verify(rows, holed).first("published-log") is not None
    doubled = PublishedLog(published.leaves[:11] + published.leaves[10:], published.checkpoints)
    assert verify(rows, doubled).first("published-log") is not None


def test_a_leaf_republished_with_a_rewritten_hash_breaks_the_signed_roots(
    log: tuple[list[StoredEventRow], PublishedLog],
) -> None:
    """Someone able to rewrite both the table and the leaves still cannot sign a new checkpoint."""
    rows, published = log
    target = rows[42]
    rows[42] = replace(target, state=b"rewritten")
    leaves = list(published.leaves)
    leaves[42] = replace(leaves[42], leaf_hash=leaf_hash(rows[42]))
    report = verify(rows, PublishedLog(leaves, published.checkpoints))
    assert report.first("altered", "missing", "reordered", "extra") is None  # the leaves agree with the table
    assert report.first("checkpoint") is not None  # the signatures do not


def test_stored_events_with_nothing_published_do_not_pass_as_verified() -> None:
    rows = synthetic_rows(3, 16)
    report = verify(rows, PublishedLog())
    assert not report.ok
    assert "none of the 3 stored events is published" in report.findings[0].message
    assert verify([], PublishedLog()).ok  # an empty log is trivially intact


def test_checkpoints_are_ordered_by_size_not_by_their_time(log: tuple[list[StoredEventRow], PublishedLog]) -> None:
    """Clock skew: a notary whose clock went back ten minutes between checkpoints signs later
    trees with earlier times; the log still verifies, and the latest checkpoint is the largest."""
    rows, published = log
    opened = [open_checkpoint(note, KEYS, log_origin("bench")).checkpoint for note in published.checkpoints]
    assert len(opened) == 3
    skewed = [
        replace(checkpoint, issued_at=checkpoint.issued_at - timedelta(minutes=10 * i)).sign([SIGNER])
        for i, checkpoint in enumerate(opened)
    ]
    report = verify(rows, replace(published, checkpoints=skewed))
    assert report.ok, report.findings[:3]
    assert report.latest is not None
    assert report.latest.checkpoint.size == 2500


def forged(notification_id: int) -> StoredEventRow:
    return StoredEventRow(notification_id, "00000000-0000-0000-0000-000000000001", 2, "t", b"{}")


@pytest.mark.parametrize("notification_id", [0, -7])
def test_a_row_numbered_below_the_log_is_extra_before_the_first_leaf(
    log: tuple[list[StoredEventRow], PublishedLog], notification_id: int
) -> None:
    rows, published = log
    report = verify([forged(notification_id), *rows], published)
    first = report.first("altered", "missing", "reordered", "extra")
    assert first is not None
    assert (first.kind, first.notification_id) == ("extra", notification_id)
    assert "below the log" in first.message


def test_a_row_numbered_below_the_log_is_never_pending_even_with_nothing_published() -> None:
    report = verify([forged(-7)], PublishedLog())
    assert (report.pending, report.first("extra")) == (0, report.findings[0])
    assert report.findings[0].notification_id == -7


def test_rows_the_walk_did_not_meet_are_counted_against_the_tables_census(
    log: tuple[list[StoredEventRow], PublishedLog],
) -> None:
    rows, published = log
    whole = TableCensus(rows=len(rows), first=1, unnumbered=0)
    assert verify(rows, published, census=whole).ok
    unnumbered = verify(rows, published, census=replace(whole, rows=len(rows) + 1, unnumbered=1))
    assert [f.kind for f in unnumbered.findings] == ["extra"]
    assert "1 stored row(s) have no notification id" in unnumbered.findings[0].message
    doubled = verify(rows, published, census=replace(whole, rows=len(rows) + 1))
    assert "a notification id used twice" in doubled.findings[0].message
    lower = verify(rows, published, census=replace(whole, first=-7))
    assert "the lowest notification id stored is -7, the walk began at 1" in lower.findings[0].message
