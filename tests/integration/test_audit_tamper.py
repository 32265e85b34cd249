"""A1: tampering with the event store, as a database superuser would, is always detected: the verifier
names the first bad event and the signed checkpoints no longer match the stored events, including
when an insider also rebuilt a "consistent" tree inside the database."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

from shared.audit.frontier import Frontier
from shared.audit.leaf import leaf_hash
from shared.audit.note import KeyRing, SignerKey
from shared.audit.published import PublishedLog
from shared.audit.source import stored_events
from shared.audit.verify import Report
from tests.support.audit import (
    TABLE,
    StepClock,
    make_notary,
    notarize_everything,
    prepare_audit,
    published_log,
    stored_count,
    verify_personnel,
)
from tests.support.backbone import Backbone

KEY = SignerKey.generate("zeren-notary-test")
KEYS = KeyRing([KEY.verifier])
OFFICERS = 40  # 80 events


@dataclass(frozen=True)
class Trial:
    name: str
    sql: str
    kind: str  # the first bad event's kind
    notification_id: int


def swap(a: int, b: int, column: str) -> str:
    return (
        f"UPDATE {TABLE} e SET {column} = p.{column} FROM pristine_events p"
        f" WHERE e.notification_id IN ({a}, {b}) AND p.notification_id = {a + b} - e.notification_id"
    )


def flip(notification_id: int, offset: int) -> str:
    return (
        f"UPDATE {TABLE} SET state = set_byte(state, {offset}, get_byte(state, {offset}) # 1)"
        f" WHERE notification_id = {notification_id}"
    )


TRIALS = [
    Trial("one byte of one state", flip(37, 5), "altered", 37),
    Trial("one row deleted", f"DELETE FROM {TABLE} WHERE notification_id = 50", "missing", 50),
    Trial("two rows' contents swapped", swap(20, 60, "state"), "altered", 20),
    Trial(
        "two rows swapped in notification order",
        f"UPDATE {TABLE} SET notification_id = -1 WHERE notification_id = 20;"
        f" UPDATE {TABLE} SET notification_id = 20 WHERE notification_id = 60;"
        f" UPDATE {TABLE} SET notification_id = 60 WHERE notification_id = -1",
        "reordered",
        20,
    ),
    Trial("the last 5 rows truncated", f"DELETE FROM {TABLE} WHERE notification_id > 75", "missing", 76),
    Trial("the whole table truncated", f"TRUNCATE {TABLE}", "missing", 1),
    Trial(
        "an event's type changed", f"UPDATE {TABLE} SET topic = topic || 'X' WHERE notification_id = 10", "altered", 10
    ),
    Trial(
        "an event moved to another version",
        f"UPDATE {TABLE} SET originator_version = 99 WHERE notification_id = 12",
        "altered",
        12,
    ),
    Trial(
        "an event forged and the later ones renumbered",
        f"UPDATE {TABLE} SET notification_id = notification_id + 1000 WHERE notification_id >= 45;"
        f" UPDATE {TABLE} SET notification_id = notification_id - 999 WHERE notification_id >= 1045;"
        f" INSERT INTO {TABLE} (originator_id, originator_version, topic, state, notification_id)"
        f" SELECT gen_random_uuid(), 1, topic, state, 45 FROM pristine_events WHERE notification_id = 1",
        "altered",
        45,
    ),
    *[
        Trial(f"random byte flip #{i}", flip(nid, offset), "altered", nid)
        for i, (nid, offset) in enumerate(
            (random.Random(6962 + i).randint(1, 2 * OFFICERS), random.Random(9162 + i).randint(0, 40))
            for i in range(20)
        )
    ],
]


async def notarized_log(backbone: Backbone) -> PublishedLog:
    await prepare_audit(backbone)
    await backbone.enroll_and_certify(OFFICERS)
    clock = StepClock()
    notary = make_notary(backbone, [KEY], batch_size=8, checkpoint_every=16, now=clock)
    await notarize_everything(backbone, notary, clock)
    await backbone.personnel_pool.execute(f"CREATE TABLE pristine_events AS SELECT * FROM {TABLE}")
    return await published_log(backbone)


async def restore(backbone: Backbone) -> None:
    await backbone.personnel_pool.execute(f"DELETE FROM {TABLE}; INSERT INTO {TABLE} SELECT * FROM pristine_events")


def detected(report: Report, trial: Trial) -> bool:
    first = report.first("altered", "missing", "reordered", "extra")
    signed_roots_fail = any(
        f.kind == "checkpoint"
        and ("differs from the signed" in f.message or "more events than are stored" in f.message)
        for f in report.findings
    )
    return (
        not report.ok
        and first is not None
        and (first.kind, first.notification_id) == (trial.kind, trial.notification_id)
        and signed_roots_fail
    )


async def test_every_kind_of_tampering_is_detected_at_the_first_bad_event(backbone: Backbone) -> None:
    published = await notarized_log(backbone)
    assert len(published.checkpoints) >= 5
    clean = await verify_personnel(backbone, KEYS, published)
    assert clean.ok, clean.findings[:3]

    missed, rates = [], []
    for trial in TRIALS:
        await restore(backbone)
        await backbone.personnel_pool.execute(trial.sql)
        report = await verify_personnel(backbone, KEYS, published)
        rates.append(report.rate)
        if not detected(report, trial):
            missed.append((trial.name, report.findings[:3]))
    await restore(backbone)
    assert (await verify_personnel(backbone, KEYS, published)).ok  # no false alarm after the trials

    print(
        f"A1: {len(TRIALS)} trials, {len(TRIALS) - len(missed)} detected"
        f" ({100 * (len(TRIALS) - len(missed)) / len(TRIALS):.0f}%), false alarms 0;"
        f" verification {sum(rates) / len(rates):,.0f} events/s over {2 * OFFICERS} events"
    )
    assert missed == []


@pytest.mark.parametrize("rebuild_in_database", [False, True])
async def test_an_insider_who_rewrites_an_event_and_recomputes_the_tree_is_still_caught(
    backbone: Backbone, rebuild_in_database: bool
) -> None:
    published = await notarized_log(backbone)
    total = await stored_count(backbone)
    # Rewrite one officer's enrolment into a valid, plausible event.
    await backbone.personnel_pool.execute(
        f"UPDATE {TABLE} SET state = convert_to(replace(convert_from(state, 'UTF8'), 'HN-14', 'XX-14'), 'UTF8')"
        " WHERE notification_id = 29"
    )
    rewritten = f"SELECT notification_id FROM {TABLE} WHERE convert_from(state, 'UTF8') LIKE '%officer XX-14%'"
    assert await backbone.personnel_pool.fetchval(rewritten) == 29
    if rebuild_in_database:
        # Recompute every leaf from the rewritten table and store the "consistent" tree as the notary's.
        frontier = Frontier()
        async with backbone.personnel_pool.acquire() as conn:
            async for batch in stored_events(conn, TABLE):
                for row in batch:
                    frontier.append(leaf_hash(row))
        await backbone.personnel_pool.execute(
            "UPDATE audit_notary_state SET frontier = $1, checkpoint_frontier = $1", frontier.to_bytes()
        )

    report = await verify_personnel(backbone, KEYS, published)
    first = report.first("altered", "missing", "reordered", "extra")
    assert first is not None
    assert (first.kind, first.notification_id) == ("altered", 29)
    assert any("differs from the signed checkpoint" in f.message for f in report.findings)

    # The notary, restarted, trusts the stream over its record: it re-publishes nothing, and what it
    # signs next extends the published tree, not the rewritten one.
    clock = StepClock()
    clock.advance(3600)
    await backbone.enroll_and_certify(2, prefix="AFTER")
    await notarize_everything(backbone, make_notary(backbone, [KEY], now=clock), clock)
    republished = await published_log(backbone)
    assert [leaf.index for leaf in republished.leaves] == list(range(total + 4))
    assert republished.leaves[:total] == published.leaves
    after = await verify_personnel(backbone, KEYS, republished)
    first = after.first("altered", "missing", "reordered", "extra")
    assert first is not None
    assert (first.kind, first.notification_id) == ("altered", 29)
    assert after.checkpoints == len(published.checkpoints) + 1
    published_side = [
        f
        for f in after.findings
        if f.kind == "published-log" or "published tree" in f.message or "inconsistent" in f.message
    ]
    assert published_side == []


def forge_below_the_log(notification_id: int) -> str:
    """The next version of the first aggregate, copied from its last event, numbered `notification_id`."""
    return (
        f"INSERT INTO {TABLE} (originator_id, originator_version, topic, state, notification_id)"
        f" SELECT originator_id, originator_version + 1, topic, state, {notification_id} FROM {TABLE}"
        f" WHERE (originator_id, originator_version) IN (SELECT originator_id, max(originator_version) FROM {TABLE}"
        f" GROUP BY originator_id ORDER BY originator_id LIMIT 1)"
    )


async def test_events_forged_below_the_first_notification_id_are_named_and_the_notary_alerts(
    backbone: Backbone,
) -> None:
    await prepare_audit(backbone)
    await backbone.enroll_and_certify(3)
    clock = StepClock()
    await notarize_everything(backbone, make_notary(backbone, [KEY], now=clock), clock)
    published = await published_log(backbone)
    assert (await verify_personnel(backbone, KEYS, published)).ok

    await backbone.personnel_pool.execute(forge_below_the_log(-7))
    report = await verify_personnel(backbone, KEYS, published)
    assert not report.ok
    assert report.events == await stored_count(backbone)  # every row was read, the forged one first
    first = report.first("altered", "missing", "reordered", "extra")
    assert first is not None
    assert (first.kind, first.notification_id) == ("extra", -7)

    # The notary never publishes there, and says so instead of passing over it in silence.
    notary = make_notary(backbone, [KEY], now=clock)
    await notarize_everything(backbone, notary, clock)
    assert notary.unreachable == 1
    assert [leaf.notification_id for leaf in (await published_log(backbone)).leaves] == [
        leaf.notification_id for leaf in published.leaves
    ]


async def test_a_row_without_a_notification_id_is_counted_though_no_walk_meets_it(backbone: Backbone) -> None:
    await prepare_audit(backbone)
    await backbone.enroll_and_certify(2)
    clock = StepClock()
    await notarize_everything(backbone, make_notary(backbone, [KEY], now=clock), clock)
    published = await published_log(backbone)
    await backbone.personnel_pool.execute(
        f"ALTER TABLE {TABLE} ALTER COLUMN notification_id DROP NOT NULL;"
        f" ALTER TABLE {TABLE} ALTER COLUMN notification_id DROP DEFAULT;"
        f" {forge_below_the_log(0)}; UPDATE {TABLE} SET notification_id = NULL WHERE notification_id = 0"
    )
    report = await verify_personnel(backbone, KEYS, published)
    assert not report.ok
    assert report.events == await stored_count(backbone) - 1
    assert any(f.kind == "extra" and "have no notification id" in f.message for f in report.findings)
