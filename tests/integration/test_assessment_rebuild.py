"""A year of assessment (24 units, 12 monthly closes, entries, talks, a transfer, matters) through
the relay and the projections; then every assessment projection is rebuilt from position 0 and
gives byte-identical rows. Prints the rebuild time:

    python3 zeren test tests/integration/test_assessment_rebuild.py -s
"""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TypedDict

from assessment.domain.accountability.terms import Category, ResponsibleRole, Share, Tier, Trigger
from assessment.domain.entries import EvaluationMethod
from assessment.domain.periods import SubjectType
from assessment.projections import DecisionsProjection, FactsProjection
from shared.domain import FixedClock
from shared.messaging.consumer import rebuild
from tests.support.assessment import DIRECTOR, AssessmentHarness, table_dump
from tests.support.wait import eventually

UNIT = SubjectType.UNIT
UNITS = [
    "LEAD", "OFFICE", "LEGAL", "ENF", "FARM", "PLAN", "LANDUSE", "CADASTRE", "MINERAL", "GEOENV", "PETITION",
    "FINANCE", "RESERVE", "CONSOL", *(f"STN{i:02d}" for i in range(1, 11)),
]  # fmt: skip
LAGGARD = "STN07"  # DOMAIN §9 seed: a station in the bottom 3 in March, April and May
TABLES = ("assessment_facts", "ranking_lines", "decisions", "matters", "matter_sanctions")


class Subject(TypedDict):
    """The arguments every entry command takes first."""

    subject_type: SubjectType
    subject_id: str
    unit_id: str
    counts_for: date


def month_of_entries(harness: AssessmentHarness, month: int, rng: random.Random) -> None:
    app, day = harness.app, date(2018, month, 10)
    publics = dict(zip(UNITS, rng.sample(range(72, 98), len(UNITS)), strict=True))
    if month in (3, 4, 5):
        publics[LAGGARD] = 60
    ranked = sorted(UNITS, key=lambda unit: publics[unit], reverse=True)
    for unit in UNITS:
        common: Subject = {"subject_type": UNIT, "subject_id": unit, "unit_id": unit, "counts_for": day}
        app.record_public_evaluation(
            **common, method=EvaluationMethod.CARD, score=Decimal(publics[unit]), sample_size=30, evidence_ref="card"
        )
        app.record_score_item(**common, item_code="patrol_and_stopping", points=Decimal(12), evidence_ref="patrol")
        # Deductions and bonuses only in the top half, so the bottom three stay those of the cards.
        if unit in ranked[:12] and rng.random() < 0.3:
            app.record_deduction(**common, deduction_code="deadline_breach", occurrences=2, evidence_ref="breach")
        if unit in ranked[:12] and rng.random() < 0.2:
            app.record_bonus(**common, bonus_code="superior_commendation", points=Decimal(3), evidence_ref="notice")


def a_matter(harness: AssessmentHarness, unit: str, officer: str) -> None:
    app = harness.app
    matter = app.raise_matter(
        category=Category.INACTION, trigger=Trigger.DEADLINE_BREACH, unit_id=unit, suspected_officer_ids=[officer],
        related={}, summary="filing limit exceeded",
    )  # fmt: skip
    app.open_investigation(matter.id, ["legal-li"])
    app.determine_responsibility(
        matter.id, officer_id=officer, role=ResponsibleRole.HANDLER, share=Share.FULL, basis=""
    )
    app.impose_sanction(
        matter.id, officer_id=officer, unit_id=None, sanction_type="written_self_criticism", tier=Tier.LIGHT,
        effective_at=datetime(2018, 6, 1, tzinfo=UTC), ends_at=None,
    )  # fmt: skip


async def caught_up(harness: AssessmentHarness, expected: int) -> bool:
    return all([await harness.applied(p) == expected for p in ("assessment-facts", "assessment-decisions")])


async def test_a_year_of_assessment_rebuilds_to_identical_rows(
    harness: AssessmentHarness, fixed_clock: FixedClock
) -> None:
    rng = random.Random(2018)
    relay = harness.start(harness.relay())
    runners = [harness.start(harness.runner(p)) for p in (FactsProjection(), DecisionsProjection())]
    for month in range(1, 13):
        fixed_clock.set(datetime(2018, month, 15, 2, tzinfo=UTC))
        await harness.call(lambda m=month: month_of_entries(harness, m, rng))  # type: ignore[misc]
        if month % 4 == 0:
            officer = f"1f0c6a52-0000-4000-8000-{month:012d}"
            await harness.call(lambda officer=officer: a_matter(harness, "STN02", officer), as_=DIRECTOR)  # type: ignore[misc]
        expected = await harness.public_events()
        await eventually(lambda e=expected: caught_up(harness, e), timeout=60)  # type: ignore[misc]
        fixed_clock.set(datetime(2018 + month // 12, month % 12 + 1, 1, 2, tzinfo=UTC))
        await harness.call(lambda m=month: harness.app.close_period(UNIT, f"2018-{m:02d}"))  # type: ignore[misc]
    expected = await harness.public_events()
    await eventually(lambda: caught_up(harness, expected), timeout=60)

    types = Counter(await harness.stored_event_types())
    assert types["AssessmentPeriod.RankingPublished"] == 12
    assert types["AdmonishmentTalk.Required"] == 36
    transfers = await harness.pool.fetch("SELECT period, subject_id FROM decisions WHERE kind = 'post_transfer'")
    assert ("2018-05", LAGGARD) in {(r["period"], r["subject_id"]) for r in transfers}
    before = {table: await table_dump(harness.pool, table) for table in TABLES}
    facts = len(before["assessment_facts"])

    started = time.perf_counter()
    js = harness.nc.jetstream()
    for projection in (FactsProjection(), DecisionsProjection()):
        await rebuild(js, harness.pool, projection)
    await eventually(lambda: _started(harness), timeout=120, interval=0.01)
    replaying = time.perf_counter()
    await eventually(lambda: caught_up(harness, expected), timeout=120, interval=0.01)
    done = time.perf_counter()
    print(
        f"\nrebuild of assessment-facts and assessment-decisions: {expected} events each, {facts} facts,"
        f" {len(before['decisions'])} decisions: {done - started:.2f}s in all, of which"
        f" {replaying - started:.2f}s until the runners re-subscribed and {done - replaying:.2f}s replaying"
    )
    assert {table: await table_dump(harness.pool, table) for table in TABLES} == before
    assert Counter(await harness.stored_event_types()) == types  # rebuilding decided nothing
    for job in (relay, *runners):
        await job.halt()


async def _started(harness: AssessmentHarness) -> bool:
    return all([await harness.applied(p) > 0 for p in ("assessment-facts", "assessment-decisions")])
