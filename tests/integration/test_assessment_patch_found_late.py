"""A patch judged illegal late, on PostgreSQL through the facts projection: the fact stands when
monitoring found the violation, is retracted when the unit's own lead came first, and a replay of
the same events (a rebuild) writes the same rows."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from assessment.projections import FactsProjection
from shared.contracts import IntegrationEvent
from shared.contracts.cases import SatellitePatchClassifiedV1, SatellitePatchLinkedToLeadV1
from shared.messaging.envelope import Actor, Envelope
from tests.support.assessment import AssessmentHarness, table_dump

LATE = "patrol_and_stopping.patch_judged_illegal_late"
WHEN = datetime(2018, 1, 20, 2, tzinfo=UTC)


def classified(patch: UUID, unit: str) -> SatellitePatchClassifiedV1:
    return SatellitePatchClassifiedV1(
        patch_id=patch, batch_id=uuid4(), patch_no=f"W-{unit}", region_code="410322", township_code="410322101",
        year=2017, unit_id=unit, patch_class="illegal", illegal_kind="illegal_occupation", measured_mu=5.0,
        cultivated_mu=4.0, basic_farmland_mu=0.0,
    )  # fmt: skip


def linked(patch: UUID, lead: UUID, found_first: bool, case: UUID | None = None) -> SatellitePatchLinkedToLeadV1:
    return SatellitePatchLinkedToLeadV1(
        patch_id=patch, region_code="410322", year=2017, lead_id=lead, case_id=case,
        lead_source="patrol" if found_first else "satellite_patch",
        lead_received_at=datetime(2018, 1, 9, 2, tzinfo=UTC), discovered_before_monitoring=found_first,
    )  # fmt: skip


def envelopes(events: list[IntegrationEvent]) -> list[tuple[IntegrationEvent, Envelope]]:
    return [
        (event, Envelope(
            event_id=uuid4(), event_type=event.subject, schema_version=1, producer="cases", aggregate_id=uuid4(),
            aggregate_version=position, position=position, previous_position=position - 1, occurred_at=WHEN,
            recorded_at=WHEN, actor=Actor(id="field", role="officer"), correlation_id="c",
            payload=event.model_dump(mode="json"),
        ))
        for position, event in enumerate(events, start=1)
    ]  # fmt: skip


async def apply_all(harness: AssessmentHarness, delivered: list[tuple[IntegrationEvent, Envelope]]) -> None:
    projection = FactsProjection()
    async with harness.pool.acquire() as conn:
        for event, envelope in delivered:
            async with conn.transaction():
                await projection.apply(conn, event, envelope)


async def test_only_the_patch_the_unit_had_not_found_first_stays_late_and_a_replay_writes_the_same_rows(
    harness: AssessmentHarness,
) -> None:
    found_first, found_late = uuid4(), uuid4()
    lead, other = uuid4(), uuid4()
    delivered = envelopes([
        classified(found_first, "STN03"),
        classified(found_late, "STN05"),
        classified(found_first, "STN03"),  # areas corrected: still one patch
        linked(found_first, lead, found_first=True),
        linked(found_late, other, found_first=False),
        linked(found_first, lead, found_first=True, case=uuid4()),  # the case filed later: nothing more
    ])  # fmt: skip
    await apply_all(harness, delivered)

    async def late(unit: str) -> list[int]:
        rows = await harness.pool.fetch(
            "SELECT f.value FROM assessment_facts f WHERE f.code = $1 AND f.subject_type = 'unit'"
            " AND f.subject_id = $2 AND f.category <> 'retraction'"
            " AND NOT EXISTS (SELECT 1 FROM assessment_facts r WHERE r.retracts = f.fact_id)",
            LATE,
            unit,
        )
        return [int(row["value"]) for row in rows]

    assert await late("STN03") == []
    assert await late("STN05") == [1]
    before = await table_dump(harness.pool, "assessment_facts")
    await harness.pool.execute("DELETE FROM assessment_facts")
    await apply_all(harness, delivered)
    assert await table_dump(harness.pool, "assessment_facts") == before
