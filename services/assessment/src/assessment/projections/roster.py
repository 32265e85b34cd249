"""The roster of officers and certificates, and each officer's history, from personnel's events.

The history has a row for every public personnel event that names the officer (a training session
for each attendee, a meeting for each attendee, a target letter for both signatories). The
certificate lifecycle is kept in business time, as `shared.contracts.personnel` says to read it.
"""

from __future__ import annotations

import json
from datetime import datetime
from uuid import UUID

import asyncpg

from shared.contracts import IntegrationEvent
from shared.contracts.personnel import (
    AssetAssignedV1,
    CertificateAppliedV1,
    CertificateCancelledV1,
    CertificateExpiredV1,
    CertificateIssuedV1,
    CertificateReinstatedV1,
    CertificateReplacedV1,
    CertificateReviewedV1,
    CertificateRevokedV1,
    CertificateSuspendedV1,
    DutyAssignedV1,
    EnforcementPostRemovedV1,
    EnforcementPostRestoredV1,
    ExamTakenV1,
    LeadershipGroupEstablishedV1,
    LeadershipOfficeMeetingHeldV1,
    OfficerDepartedV1,
    OfficerEnrolledV1,
    OfficerPostAssignedV1,
    OfficerPostTransferredV1,
    OfficerUnitAssignedV1,
    TargetLetterSignedV1,
    TrainingSessionHeldV1,
    UnitHeadAppointedV1,
)
from shared.messaging.certificate_lifecycle import CertificateLifecycleTables
from shared.messaging.envelope import Envelope

LIFECYCLE = CertificateLifecycleTables("roster")

_ABOUT_ONE_OFFICER = (
    OfficerEnrolledV1,
    OfficerDepartedV1,
    OfficerUnitAssignedV1,
    OfficerPostAssignedV1,
    OfficerPostTransferredV1,
    EnforcementPostRemovedV1,
    EnforcementPostRestoredV1,
    DutyAssignedV1,
    ExamTakenV1,
    CertificateAppliedV1,
    CertificateIssuedV1,
    CertificateReviewedV1,
    CertificateSuspendedV1,
    CertificateReinstatedV1,
    CertificateRevokedV1,
    CertificateCancelledV1,
    CertificateReplacedV1,
    CertificateExpiredV1,
    UnitHeadAppointedV1,
)


def officers_named(event: IntegrationEvent) -> list[UUID]:
    """The officers a personnel event is about, each once."""
    named: list[UUID] = []
    match event:
        case _ if isinstance(event, _ABOUT_ONE_OFFICER):
            named = [event.officer_id]
        case TrainingSessionHeldV1():
            named = list(event.attendee_ids)
        case LeadershipGroupEstablishedV1():
            named = [event.leader_id, event.office_head_id, *event.member_ids]
        case LeadershipOfficeMeetingHeldV1():
            named = [event.chair_id, *event.attendee_ids]
        case TargetLetterSignedV1():
            named = [event.head_officer_id, event.director_id]
        case AssetAssignedV1() if event.officer_id is not None:
            named = [event.officer_id]
    return list(dict.fromkeys(named))


class RosterProjection:
    name = "assessment-roster"
    producers: tuple[str, ...] = ("personnel",)
    tables: tuple[str, ...] = (
        "roster_officers",
        "roster_certificates",
        "officer_history",
        *LIFECYCLE.tables,
        "roster_postings",
        "roster_unit_heads",
    )

    async def apply(self, conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> None:
        await _roster(conn, event, envelope)
        await _postings(conn, event, envelope)
        for officer_id in officers_named(event):
            await _history(conn, officer_id, event, envelope)


async def _roster(conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> None:
    match event:
        case OfficerEnrolledV1():
            await conn.execute(
                "INSERT INTO roster_officers (officer_id, name, unit_id, staff_kind, enrolled_at)"
                " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (officer_id) DO NOTHING",
                event.officer_id,
                event.name,
                event.unit_id,
                event.staff_kind,
                envelope.occurred_at,
            )
        case OfficerUnitAssignedV1():
            await _unit(conn, event.officer_id, event.unit_id)
        case OfficerPostTransferredV1():
            await _unit(conn, event.officer_id, event.to_unit_id)
        case CertificateIssuedV1():
            await conn.execute(
                "INSERT INTO roster_certificates (certificate_no, certificate_id, officer_id, kind, scope_field,"
                " scope_area, issued_on, expires_on, status, review_due_on)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9) ON CONFLICT (certificate_no) DO NOTHING",
                event.certificate_no,
                event.certificate_id,
                event.officer_id,
                event.kind,
                event.scope_field,
                event.scope_area,
                event.issued_on,
                event.expires_on,
                event.review_due_on,
            )
        case _:
            await _lifecycle(conn, event, envelope.position)


async def _postings(conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> None:
    """Where each officer stood, and who was appointed to head each unit, in business time."""
    position = envelope.position
    match event:
        case OfficerEnrolledV1():
            await _posting(
                conn, event.officer_id, position, envelope.occurred_at, unit_id=event.unit_id, enforcement=False
            )
        case OfficerUnitAssignedV1():
            await _posting(conn, event.officer_id, position, event.assigned_at, unit_id=event.unit_id)
        case OfficerPostAssignedV1():
            await _posting(conn, event.officer_id, position, event.assigned_at, enforcement=event.post.enforcement)
        case OfficerPostTransferredV1():
            await _posting(
                conn, event.officer_id, position, event.transferred_at, unit_id=event.to_unit_id,
                enforcement=event.to_post.enforcement,
            )  # fmt: skip
        case OfficerDepartedV1():
            # Off the staff: no unit (so no longer its head) and no enforcement post (so out of the
            # certified-ratio KPI's denominator) from the day of leaving.
            await _posting(conn, event.officer_id, position, event.departed_at, unit_id="", enforcement=False)
        case UnitHeadAppointedV1():
            await conn.execute(
                "INSERT INTO roster_unit_heads (unit_id, position, officer_id, appointed_at) VALUES ($1, $2, $3, $4)"
                " ON CONFLICT DO NOTHING",
                event.unit_id,
                position,
                event.officer_id,
                event.appointed_at,
            )
        case _:
            pass


async def _posting(
    conn: asyncpg.Connection,
    officer_id: UUID,
    position: int,
    at: datetime,
    *,
    unit_id: str | None = None,
    enforcement: bool | None = None,
) -> None:
    """A new posting; what the event does not change is carried from the officer's previous one."""
    previous = await conn.fetchrow(
        "SELECT unit_id, enforcement_post FROM roster_postings WHERE officer_id = $1 AND position < $2"
        " ORDER BY position DESC LIMIT 1",
        officer_id,
        position,
    )
    await conn.execute(
        "INSERT INTO roster_postings (officer_id, position, unit_id, enforcement_post, starts_at)"
        " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        officer_id,
        position,
        unit_id if unit_id is not None else (previous["unit_id"] if previous else ""),
        enforcement if enforcement is not None else bool(previous and previous["enforcement_post"]),
        at,
    )


async def _lifecycle(conn: asyncpg.Connection, event: IntegrationEvent, position: int) -> None:
    await LIFECYCLE.apply(conn, event, position)
    match event:
        case CertificateSuspendedV1():
            await _status(conn, event.certificate_no, "suspended")
        case CertificateReinstatedV1():
            still = await LIFECYCLE.suspended_at(conn, event.certificate_no, event.reinstated_at)
            await _status(conn, event.certificate_no, "suspended" if still else "active")  # another may run
        case CertificateRevokedV1():
            await _status(conn, event.certificate_no, "revoked")
        case CertificateCancelledV1():
            await _status(conn, event.certificate_no, "cancelled")
        case CertificateReplacedV1():
            await _status(conn, event.old_no, "replaced")
        case CertificateExpiredV1():
            await _status(conn, event.certificate_no, "expired")
        case _:
            pass  # events the roster does not use (they may still be in the history)


async def _unit(conn: asyncpg.Connection, officer_id: UUID, unit_id: str) -> None:
    await conn.execute("UPDATE roster_officers SET unit_id = $2 WHERE officer_id = $1", officer_id, unit_id)


async def _status(conn: asyncpg.Connection, certificate_no: str, status: str) -> None:
    # The status as last recorded; an ended certificate stays as it ended.
    await conn.execute(
        "UPDATE roster_certificates SET status = $2"
        " WHERE certificate_no = $1 AND status NOT IN ('revoked', 'cancelled', 'replaced')",
        certificate_no,
        status,
    )


async def _history(conn: asyncpg.Connection, officer_id: UUID, event: IntegrationEvent, envelope: Envelope) -> None:
    await conn.execute(
        "INSERT INTO officer_history (officer_id, producer, position, event_id, event_type, aggregate_id,"
        " aggregate_version, occurred_at, recorded_at, actor_id, actor_role, correlation_id, causation_id, payload)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
        " ON CONFLICT (officer_id, producer, position) DO NOTHING",
        officer_id,
        envelope.producer,
        envelope.position,
        envelope.event_id,
        envelope.event_type,
        envelope.aggregate_id,
        envelope.aggregate_version,
        envelope.occurred_at,
        envelope.recorded_at,
        envelope.actor.id,
        envelope.actor.role,
        envelope.correlation_id,
        envelope.causation_id,
        json.dumps(event.model_dump(mode="json"), sort_keys=True, ensure_ascii=False),
    )
