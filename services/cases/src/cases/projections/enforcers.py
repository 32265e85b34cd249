"""Who may enforce: personnel's certificate lifecycle and post removals, as cases needs them.

The rows follow the reading that `shared.contracts.personnel` defines for every consumer: periods in
which a certificate may not be used, its reviews, and the officer's removals from the enforcement
post, all in business time. Updates are guarded so that replaying from position 0 writes the same rows.
"""

from __future__ import annotations

from datetime import datetime

import asyncpg

from shared.contracts import IntegrationEvent
from shared.contracts.personnel import (
    CertificateCancelledV1,
    CertificateIssuedV1,
    CertificateReinstatedV1,
    CertificateReplacedV1,
    CertificateReviewedV1,
    CertificateRevokedV1,
    CertificateSuspendedV1,
    EnforcementPostRemovedV1,
    EnforcementPostRestoredV1,
    suspension_ends_at,
)
from shared.messaging.envelope import Envelope


class EnforcersProjection:
    name = "cases-enforcers"
    producers: tuple[str, ...] = ("personnel",)
    tables: tuple[str, ...] = (
        "enforcer_certificates",
        "enforcer_certificate_periods",
        "enforcer_certificate_reviews",
        "enforcer_post_removals",
    )

    async def apply(self, conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> None:
        match event:
            case CertificateIssuedV1():
                await conn.execute(
                    "INSERT INTO enforcer_certificates (certificate_no, officer_id, kind, scope_field, scope_area,"
                    " issued_on, expires_on, issued_at, review_due_on, valid_from)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (certificate_no) DO NOTHING",
                    event.certificate_no,
                    event.officer_id,
                    event.kind,
                    event.scope_field,
                    event.scope_area,
                    event.issued_on,
                    event.expires_on,
                    event.issued_at,
                    event.review_due_on,
                    event.valid_from(),
                )
            case CertificateSuspendedV1():
                await conn.execute(
                    "INSERT INTO enforcer_certificate_periods (certificate_no, position, status, starts_at, ends_at,"
                    " reason, accountability_id)"
                    " VALUES ($1, $2, 'suspended', $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                    event.certificate_no,
                    envelope.position,
                    event.suspended_from,
                    suspension_ends_at(event.until),
                    event.reason,
                    event.accountability_id,
                )
            case CertificateReinstatedV1():
                await _end_suspension(conn, event.certificate_no, event.reinstated_at, event)
            case CertificateRevokedV1():
                await _end(conn, event.certificate_no, "revoked", event.revoked_at, envelope.position)
            case CertificateCancelledV1():
                await _end(conn, event.certificate_no, "cancelled", event.cancelled_at, envelope.position)
            case CertificateReplacedV1():
                await _end(conn, event.old_no, "replaced", event.replaced_at, envelope.position)
            case CertificateReviewedV1():
                await conn.execute(
                    "INSERT INTO enforcer_certificate_reviews"
                    " (certificate_no, position, reviewed_at, result, next_review_due_on)"
                    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                    event.certificate_no,
                    envelope.position,
                    event.reviewed_at,
                    event.result,
                    event.next_review_due_on,
                )
            case EnforcementPostRemovedV1():
                await conn.execute(
                    "INSERT INTO enforcer_post_removals (officer_id, position, reason, starts_at)"
                    " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    event.officer_id,
                    envelope.position,
                    event.reason,
                    event.removed_at,
                )
            case EnforcementPostRestoredV1():
                await conn.execute(
                    "UPDATE enforcer_post_removals SET ends_at = $2 WHERE officer_id = $1 AND ends_at IS NULL",
                    event.officer_id,
                    event.restored_at,
                )
            case _:
                pass


async def _end_suspension(
    conn: asyncpg.Connection, certificate_no: str, at: datetime, named: CertificateReinstatedV1 | None = None
) -> None:
    """End the suspensions covering `at`: every one (an ending), or the one a reinstatement names
    (and any recorded without a reason, from before suspensions could overlap)."""
    reason = named.suspension_reason if named is not None else None
    await conn.execute(
        "UPDATE enforcer_certificate_periods SET ends_at = $2"
        " WHERE certificate_no = $1 AND status = 'suspended' AND starts_at <= $2 AND (ends_at IS NULL OR ends_at > $2)"
        " AND ($3::text IS NULL OR reason IS NULL"
        " OR (reason = $3 AND accountability_id IS NOT DISTINCT FROM $4::uuid))",
        certificate_no,
        at,
        reason,
        named.accountability_id if named is not None else None,
    )


async def _end(conn: asyncpg.Connection, certificate_no: str, status: str, at: datetime, position: int) -> None:
    """An ending ends a running suspension; a certificate that has already ended stays as it ended."""
    await _end_suspension(conn, certificate_no, at)
    await conn.execute(
        "INSERT INTO enforcer_certificate_periods (certificate_no, position, status, starts_at)"
        " SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM enforcer_certificate_periods"
        " WHERE certificate_no = $1 AND status IN ('revoked', 'cancelled', 'replaced'))"
        " ON CONFLICT DO NOTHING",
        certificate_no,
        position,
        status,
        at,
    )
