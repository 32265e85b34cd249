"""Decisions are made once: closing periods records the bottom-three talks and the transfer after a
run of three; duplicate deliveries, a restarted consumer, a rebuilt projection and a rerun of the
scheduler job make none of them again (in the event store or in the read models)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from assessment.domain.entries import EvaluationMethod
from assessment.domain.periods import SubjectType
from assessment.domain.rankings import PeriodAlreadyClosedError
from assessment.jobs import close_due_periods
from assessment.projections import DecisionsProjection, FactsProjection
from shared.domain import FixedClock
from shared.messaging.consumer import rebuild
from tests.support.assessment import AssessmentHarness, table_dump
from tests.support.consumers import consumer_state
from tests.support.wait import eventually

UNIT = SubjectType.UNIT
SCORES = {"STN01": 95, "STN02": 90, "STN03": 70, "STN04": 65, "STN05": 60}
DECISION_TABLES = ("ranking_lines", "decisions", "matters", "matter_sanctions")


async def record_month(harness: AssessmentHarness, month: int) -> None:
    for unit, score in SCORES.items():
        await harness.call(
            lambda unit=unit, score=score: harness.app.record_public_evaluation(  # type: ignore[misc]
                subject_type=UNIT,
                subject_id=unit,
                unit_id=unit,
                counts_for=date(2018, month, 10),
                method=EvaluationMethod.CARD,
                score=Decimal(score),
                sample_size=20,
                evidence_ref=f"评议卡 2018-{month:02d}",
            )
        )


async def caught_up(harness: AssessmentHarness) -> bool:
    expected = await harness.public_events()
    return all([await harness.applied(p) == expected for p in ("assessment-facts", "assessment-decisions")])


async def decision_events(harness: AssessmentHarness) -> Counter[str]:
    return Counter(
        t for t in await harness.stored_event_types() if t in ("AdmonishmentTalk.Required", "PostTransfer.Proposed")
    )


async def test_decisions_are_made_once_whatever_the_delivery(
    harness: AssessmentHarness, fixed_clock: FixedClock
) -> None:
    relay = harness.start(harness.relay())
    facts_runner = harness.start(harness.runner(FactsProjection()))
    decisions_runner = harness.start(harness.runner(DecisionsProjection()))
    for month in (1, 2, 3):
        await record_month(harness, month)
    await eventually(lambda: caught_up(harness))

    for month in (1, 2, 3):
        fixed_clock.set(datetime(2018, month + 1, 1, 2, tzinfo=UTC))
        ranking = await harness.call(lambda m=month: harness.app.close_period(UNIT, f"2018-{m:02d}"))  # type: ignore[misc]
        assert ranking.facts_through == {"assessment": ranking.facts_through["assessment"]}
        assert ranking.fact_count == 5  # the facts projection had caught up before the close
    await eventually(lambda: caught_up(harness))

    made = await decision_events(harness)
    assert made == Counter({"AdmonishmentTalk.Required": 9, "PostTransfer.Proposed": 3})
    rows = await harness.pool.fetch("SELECT kind, period, subject_id FROM decisions ORDER BY 1, 2, 3")
    talks = [(r["period"], r["subject_id"]) for r in rows if r["kind"] == "admonishment_talk"]
    assert talks == [(f"2018-{m:02d}", u) for m in (1, 2, 3) for u in ("STN03", "STN04", "STN05")]
    assert [(r["period"], r["subject_id"]) for r in rows if r["kind"] == "post_transfer"] == [
        ("2018-03", "STN03"),
        ("2018-03", "STN04"),
        ("2018-03", "STN05"),
    ]
    before = {table: await table_dump(harness.pool, table) for table in (*DECISION_TABLES, "assessment_facts")}
    store_before = await harness.stored_event_types()

    # 1. Every message delivered a second time (republished under new ids, so JetStream keeps them).
    js = harness.nc.jetstream()
    total = (await js.stream_info("ASSESSMENT")).state.messages
    subscription = await js.subscribe("assessment.>", ordered_consumer=True)
    originals = [await subscription.next_msg(timeout=5) for _ in range(total)]
    await subscription.unsubscribe()
    for message in originals:
        await js.publish(message.subject, message.data, headers={"Nats-Msg-Id": f"copy-{message.reply}"})
    await eventually(lambda: _delivered(harness, 2 * total))
    assert {t: await table_dump(harness.pool, t) for t in before} == before
    assert await harness.stored_event_types() == store_before

    # 2. The consumers restart (and a new event still flows through them).
    await facts_runner.halt()
    await decisions_runner.halt()
    facts_runner = harness.start(harness.runner(FactsProjection()))
    decisions_runner = harness.start(harness.runner(DecisionsProjection()))
    await record_month(harness, 4)
    await eventually(lambda: caught_up(harness))
    assert await decision_events(harness) == made
    assert await table_dump(harness.pool, "decisions") == before["decisions"]
    before = {table: await table_dump(harness.pool, table) for table in before}
    store_before = await harness.stored_event_types()

    # 3. Both projections rebuilt from position 0 while running: the same rows, no new decision.
    for projection in (FactsProjection(), DecisionsProjection()):
        await rebuild(js, harness.pool, projection)
    await eventually(lambda: caught_up(harness), timeout=60)
    assert {t: await table_dump(harness.pool, t) for t in before} == before
    assert await harness.stored_event_types() == store_before

    # 4. Closing again is refused; the scheduler job, run twice, closes April once and nothing else.
    with pytest.raises(PeriodAlreadyClosedError):
        await harness.call(lambda: harness.app.close_period(UNIT, "2018-03"))
    fixed_clock.set(datetime(2018, 4, 5, 2, tzinfo=UTC))
    assert await harness.call(lambda: close_due_periods(harness.app, grace_days=3)) == []
    fixed_clock.set(datetime(2018, 5, 5, 2, tzinfo=UTC))
    assert await harness.call(lambda: close_due_periods(harness.app, grace_days=3)) == ["unit/2018-04"]
    assert await harness.call(lambda: close_due_periods(harness.app, grace_days=3)) == []
    assert Counter(await harness.stored_event_types())["AssessmentPeriod.RankingPublished"] == 4
    await eventually(lambda: caught_up(harness))
    assert await decision_events(harness) == Counter({"AdmonishmentTalk.Required": 12, "PostTransfer.Proposed": 3})

    for job in (relay, facts_runner, decisions_runner):
        await job.halt()


async def _delivered(harness: AssessmentHarness, stream_seq: int) -> bool:
    js = harness.nc.jetstream()
    for projection in ("assessment-facts", "assessment-decisions"):
        info = await consumer_state(js, "ASSESSMENT", f"{projection}--assessment")
        if info is None or info.num_pending or info.num_ack_pending:
            return False
        if info.delivered is None or info.delivered.stream_seq != stream_seq:
            return False
    return True
