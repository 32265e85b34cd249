"""Facts from personnel's public events: training attendance, quarterly exam scores and fails, and
every exam's pass or fail (the pass-rate KPI).

DOMAIN §4.2 scores "attendance at the Friday study and the 10-minute study before work" and "the
quarterly exam score; exam fails". Personnel records who attended a session, not who was expected:
a session is taken as held for the units whose officers attended it, so every officer of those
units (as personnel's earlier events placed them) was expected — attended 1, absent 0. Pre-post
training and the quarterly course rotate through officers, so they expect nobody in particular and
write no attendance. Qualification exams (general and professional law) count for the pass rate
only; the item scores the quarterly course's exam.

Officer facts are attributed to the officer's unit when the event happened, remembered from
`OfficerEnrolledV1`, `OfficerUnitAssignedV1` and `OfficerPostTransferredV1` (same stream, so a
rebuild attributes them the same way). An officer who leaves the bureau (`OfficerDepartedV1`) is
forgotten, so no later session expects them, and leaves a `roster.officer_departed` fact on the
day of leaving: a period in which the officer left does not rank them (`scoring.departed`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from uuid import UUID

import asyncpg

from assessment.domain.facts import OFFICER_DEPARTED, FactCategory
from assessment.domain.periods import SubjectType
from assessment.projections.facts.known import Known, Mapper, outcome, unit_and_officers
from assessment.projections.facts.rows import NewFact, Written, local_day
from shared.contracts import IntegrationEvent
from shared.contracts.personnel import (
    ExamTakenV1,
    OfficerDepartedV1,
    OfficerEnrolledV1,
    OfficerPostTransferredV1,
    OfficerUnitAssignedV1,
    TrainingSessionHeldV1,
)
from shared.messaging.envelope import Envelope

ATTENDANCE_KINDS = frozenset({"weekly_friday", "pre_work_10min"})
SCORED_EXAM_KIND = "quarterly_course"


def exam_taken(event: ExamTakenV1, envelope: Envelope, known: Known) -> list[Written]:
    unit = known.officer_units.get(event.officer_id)
    if unit is None:
        return []  # personnel enrols an officer before any exam: nothing to attribute otherwise
    day = local_day(event.taken_at)
    key = f"exam/{event.exam_id}/{event.attempt_no}"
    detail = {"exam_id": str(event.exam_id), "kind": event.kind, "attempt_no": event.attempt_no}
    rows: list[Written] = [
        NewFact(
            key=f"{key}/passed",
            subject_type=SubjectType.OFFICER,
            subject_id=str(event.officer_id),
            unit_id=unit,
            category=FactCategory.MEASURE,
            code="kpi.exam_passed",
            value=Decimal(outcome(event.passed)),
            counts_for=day,
            detail=detail,
        )
    ]
    if event.kind == SCORED_EXAM_KIND:
        rows += unit_and_officers(
            f"{key}/score", unit, [event.officer_id], code="training_exam.exam_score", value=event.score,
            counts_for=day, detail=detail,
        )  # fmt: skip
        if not event.passed:
            rows += unit_and_officers(
                f"{key}/failed", unit, [event.officer_id], code="training_exam.exam_failed", value=1,
                counts_for=day, detail=detail,
            )  # fmt: skip
    return rows


def training_session(event: TrainingSessionHeldV1, envelope: Envelope, known: Known) -> list[Written]:
    if event.kind not in ATTENDANCE_KINDS:
        return []
    attended = set(event.attendee_ids)
    units = {known.officer_units[a] for a in attended if a in known.officer_units}
    expected = sorted(officer for officer, unit in known.officer_units.items() if unit in units)
    day = local_day(event.held_at)
    detail = {"session_id": str(event.session_id), "kind": event.kind}
    rows: list[Written] = []
    for officer in expected:
        rows += unit_and_officers(
            f"training/{event.session_id}/{officer}", known.officer_units[officer], [officer],
            code="training_exam.attendance", value=outcome(officer in attended), counts_for=day, detail=detail,
        )  # fmt: skip
    return rows


def officer_departed(event: OfficerDepartedV1, envelope: Envelope, known: Known) -> list[Written]:
    unit = known.officer_units.get(event.officer_id)
    if unit is None:
        return []
    return [
        NewFact(
            key=f"departure/{event.officer_id}",
            subject_type=SubjectType.OFFICER,
            subject_id=str(event.officer_id),
            unit_id=unit,
            category=FactCategory.MEASURE,
            code=OFFICER_DEPARTED,
            value=Decimal(1),
            counts_for=local_day(event.departed_at),
            detail={"reason": event.reason},
        )
    ]


MAPPERS: Mapping[type[IntegrationEvent], Mapper] = {
    ExamTakenV1: exam_taken,
    TrainingSessionHeldV1: training_session,
    OfficerDepartedV1: officer_departed,
}


class PersonnelMemory:
    """Each officer's unit, as personnel's events placed them."""

    async def recall(self, conn: asyncpg.Connection, event: IntegrationEvent) -> Known:
        match event:
            case ExamTakenV1() | OfficerDepartedV1():
                named = [event.officer_id]
            case TrainingSessionHeldV1():
                named = list(event.attendee_ids)
            case _:
                return Known()
        rows = await conn.fetch(
            "SELECT officer_id, unit_id FROM fact_officer_units WHERE unit_id IN"
            " (SELECT unit_id FROM fact_officer_units WHERE officer_id = ANY($1::uuid[]))",
            named,
        )
        units: dict[UUID, str] = {row["officer_id"]: row["unit_id"] for row in rows}
        return Known(officer_units=units)

    async def remember(self, conn: asyncpg.Connection, event: IntegrationEvent) -> None:
        match event:
            case OfficerEnrolledV1():
                await _place(conn, event.officer_id, event.unit_id)
            case OfficerUnitAssignedV1():
                await _place(conn, event.officer_id, event.unit_id)
            case OfficerPostTransferredV1():
                await _place(conn, event.officer_id, event.to_unit_id)
            case OfficerDepartedV1():
                await conn.execute("DELETE FROM fact_officer_units WHERE officer_id = $1", event.officer_id)
            case _:
                pass


async def _place(conn: asyncpg.Connection, officer_id: UUID, unit_id: str) -> None:
    await conn.execute(
        "INSERT INTO fact_officer_units (officer_id, unit_id) VALUES ($1, $2)"
        " ON CONFLICT (officer_id) DO UPDATE SET unit_id = EXCLUDED.unit_id",
        officer_id,
        unit_id,
    )


MEMORY = PersonnelMemory()
