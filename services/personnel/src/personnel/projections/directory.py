"""The directory: units, officers, certificates' present status, the power list and assets, for the
list routes and the public endpoints. Upserts and guarded updates keep it a pure function of the
events: replayed from position 0 it writes the same rows."""

from __future__ import annotations

import json

import asyncpg

from shared.contracts import IntegrationEvent
from shared.contracts.personnel import (
    AssetAssignedV1,
    AssetRegisteredV1,
    CertificateCancelledV1,
    CertificateExpiredV1,
    CertificateIssuedV1,
    CertificateReinstatedV1,
    CertificateReplacedV1,
    CertificateReviewedV1,
    CertificateRevokedV1,
    CertificateSuspendedV1,
    EnforcementPostRemovedV1,
    EnforcementPostRestoredV1,
    OfficerDepartedV1,
    OfficerEnrolledV1,
    OfficerPostAssignedV1,
    OfficerPostTransferredV1,
    OfficerUnitAssignedV1,
    PowerItemPublishedV1,
    RosterPublishedV1,
    UnitHeadAppointedV1,
    UnitRegisteredV1,
)
from shared.messaging.envelope import Envelope


class DirectoryProjection:
    name = "personnel-directory"
    producers: tuple[str, ...] = ("personnel",)
    tables: tuple[str, ...] = (
        "directory_units",
        "directory_officers",
        "directory_certificates",
        "directory_suspensions",
        "directory_powers",
        "directory_assets",
        "directory_roster_publications",
    )

    async def apply(self, conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> None:
        if await _officers(conn, event):
            return
        if await _certificates(conn, event, envelope.position):
            return
        await _organisation(conn, event)


async def _officers(conn: asyncpg.Connection, event: IntegrationEvent) -> bool:
    match event:
        case OfficerEnrolledV1():
            await conn.execute(
                "INSERT INTO directory_officers (officer_id, name, unit_id, staff_kind) VALUES ($1, $2, $3, $4)"
                " ON CONFLICT (officer_id) DO NOTHING",
                event.officer_id,
                event.name,
                event.unit_id,
                event.staff_kind,
            )
        case OfficerUnitAssignedV1():
            await conn.execute(
                "UPDATE directory_officers SET unit_id = $2 WHERE officer_id = $1", event.officer_id, event.unit_id
            )
        case OfficerPostAssignedV1():
            post = event.post
            await _post(
                conn, event.officer_id, title=post.title, rank=post.rank, enforcement=post.enforcement, unit_id=None
            )
        case OfficerPostTransferredV1():
            to = event.to_post
            await _post(
                conn,
                event.officer_id,
                title=to.title,
                rank=to.rank,
                enforcement=to.enforcement,
                unit_id=event.to_unit_id,
            )
        case OfficerDepartedV1():
            await conn.execute(
                "UPDATE directory_officers SET departed_at = $2, departure_reason = $3 WHERE officer_id = $1",
                event.officer_id,
                event.departed_at,
                event.reason,
            )
        case EnforcementPostRemovedV1() | EnforcementPostRestoredV1():
            await conn.execute(
                "UPDATE directory_officers SET removed_from_enforcement_post = $2 WHERE officer_id = $1",
                event.officer_id,
                isinstance(event, EnforcementPostRemovedV1),
            )
        case _:
            return False
    return True


async def _post(
    conn: asyncpg.Connection,
    officer_id: object,
    *,
    title: str,
    rank: str,
    enforcement: bool,
    unit_id: str | None,
) -> None:
    await conn.execute(
        "UPDATE directory_officers SET post_title = $2, post_rank = $3, enforcement_post = $4,"
        " unit_id = COALESCE($5, unit_id) WHERE officer_id = $1",
        officer_id,
        title,
        rank,
        enforcement,
        unit_id,
    )


async def _certificates(conn: asyncpg.Connection, event: IntegrationEvent, position: int) -> bool:
    match event:
        case CertificateIssuedV1():
            await conn.execute(
                "INSERT INTO directory_certificates (certificate_no, certificate_id, officer_id, kind, scope_field,"
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
        case CertificateReviewedV1():
            await conn.execute(
                "UPDATE directory_certificates SET last_review_result = $2,"
                " review_due_on = CASE WHEN $2 = 'passed' THEN $3 ELSE review_due_on END WHERE certificate_no = $1",
                event.certificate_no,
                event.result,
                event.next_review_due_on,
            )
        case CertificateSuspendedV1():
            await conn.execute(
                "INSERT INTO directory_suspensions (certificate_no, position, reason, accountability_id, starts_at,"
                " until) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                event.certificate_no,
                position,
                event.reason,
                event.accountability_id,
                event.suspended_from,
                event.until,
            )
            await _suspension_status(conn, event.certificate_no)
        case CertificateReinstatedV1():
            await conn.execute(
                "UPDATE directory_suspensions SET reinstated = true WHERE certificate_no = $1 AND starts_at <= $2"
                " AND ($3::text IS NULL OR (reason = $3 AND accountability_id IS NOT DISTINCT FROM $4::uuid))",
                event.certificate_no,
                event.reinstated_at,
                event.suspension_reason,
                event.accountability_id,
            )
            await _suspension_status(conn, event.certificate_no)
        case CertificateRevokedV1():
            await _status(conn, event.certificate_no, "revoked", None)
        case CertificateCancelledV1():
            await _status(conn, event.certificate_no, "cancelled", None)
        case CertificateReplacedV1():
            await _status(conn, event.old_no, "replaced", None)
        case CertificateExpiredV1():
            await _status(conn, event.certificate_no, "expired", None)
        case _:
            return False
    return True


async def _suspension_status(conn: asyncpg.Connection, certificate_no: str) -> None:
    """Suspended while a suspension is not reinstated (a lapsed one is resolved by date in the
    queries): until the latest end day of those, or open-ended if one is."""
    running = await conn.fetch(
        "SELECT until FROM directory_suspensions WHERE certificate_no = $1 AND NOT reinstated", certificate_no
    )
    ends = [row["until"] for row in running]
    if not ends:
        await _status(conn, certificate_no, "active", None)
    else:
        await _status(conn, certificate_no, "suspended", None if None in ends else max(ends))


async def _status(conn: asyncpg.Connection, certificate_no: str, status: str, until: object) -> None:
    # An ended certificate stays ended: a later record (the expiry, a replacement of a card already
    # cancelled as lost) does not overwrite how it ended.
    await conn.execute(
        "UPDATE directory_certificates SET status = $2, suspended_until = $3"
        " WHERE certificate_no = $1 AND status NOT IN ('revoked', 'cancelled', 'replaced')",
        certificate_no,
        status,
        until,
    )


async def _organisation(conn: asyncpg.Connection, event: IntegrationEvent) -> None:
    match event:
        case UnitRegisteredV1():
            await conn.execute(
                "INSERT INTO directory_units (unit_id, name, kind) VALUES ($1, $2, $3)"
                " ON CONFLICT (unit_id) DO NOTHING",
                event.unit_id,
                event.name,
                event.kind,
            )
        case UnitHeadAppointedV1():
            await conn.execute(
                "UPDATE directory_units SET head_officer_id = $2 WHERE unit_id = $1", event.unit_id, event.officer_id
            )
        case PowerItemPublishedV1():
            await conn.execute(
                "INSERT INTO directory_powers (power_id, code, subject_code, category, name, legal_basis,"
                " responsible_unit_id, procedure_template_id, published_at)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (power_id) DO NOTHING",
                event.power_id,
                event.code,
                event.subject_code,
                event.category,
                event.name,
                json.dumps(event.legal_basis, ensure_ascii=False),
                event.responsible_unit_id,
                event.procedure_template_id,
                event.published_at,
            )
        case RosterPublishedV1():
            await conn.execute(
                "INSERT INTO directory_roster_publications (roster_id, as_of, channel, published_at, officers)"
                " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (roster_id) DO NOTHING",
                event.roster_id,
                event.as_of,
                event.channel,
                event.published_at,
                len(event.lines),
            )
        case AssetRegisteredV1():
            await conn.execute(
                "INSERT INTO directory_assets (asset_id, asset_no, kind, description) VALUES ($1, $2, $3, $4)"
                " ON CONFLICT (asset_id) DO NOTHING",
                event.asset_id,
                event.asset_no,
                event.kind,
                event.description,
            )
        case AssetAssignedV1():
            await conn.execute(
                "UPDATE directory_assets SET unit_id = $2, officer_id = $3 WHERE asset_id = $1",
                event.asset_id,
                event.unit_id,
                event.officer_id,
            )
        case _:
            pass  # events the directory does not list
