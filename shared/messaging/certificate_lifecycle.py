"""The rows a consumer keeps of personnel's certificate lifecycle, written one way for every service.

`shared.contracts.personnel` says how the lifecycle events are read (its "reading the certificate
lifecycle" table); every service that decides whether an officer could enforce at an instant keeps
those rows in three tables of its own schema, named by a prefix:

    <prefix>_certificate_periods   (certificate_no, position, status, starts_at, ends_at, reason,
                                    accountability_id), keyed by (certificate_no, position)
    <prefix>_certificate_reviews   (certificate_no, position, reviewed_at, result, next_review_due_on)
    <prefix>_post_removals         (officer_id, position, reason, starts_at, ends_at)

Every write is guarded (ON CONFLICT, or an update that finds nothing the second time), so a
redelivered event or a rebuild from position 0 writes the same rows.
"""

# ruff: noqa: S608 - the only text put into these statements is the table names, made from a prefix
# checked to be a plain identifier, and a constant list of statuses; every value is a bound parameter.

from __future__ import annotations

from datetime import datetime

import asyncpg

from shared.contracts import IntegrationEvent
from shared.contracts.personnel import (
    ENDINGS,
    CertificateCancelledV1,
    CertificateReinstatedV1,
    CertificateReplacedV1,
    CertificateReviewedV1,
    CertificateRevokedV1,
    CertificateSuspendedV1,
    EnforcementPostRemovedV1,
    EnforcementPostRestoredV1,
    suspension_ends_at,
)

_ENDINGS_SQL = ", ".join(f"'{status}'" for status in ENDINGS)


class CertificateLifecycleTables:
    def __init__(self, prefix: str) -> None:
        # The names go into the SQL text (an identifier cannot be bound): only a plain identifier will do.
        if not prefix.isidentifier():
            raise ValueError(f"not a table prefix: {prefix!r}")
        self.periods = f"{prefix}_certificate_periods"
        self.reviews = f"{prefix}_certificate_reviews"
        self.removals = f"{prefix}_post_removals"

    @property
    def tables(self) -> tuple[str, ...]:
        return (self.periods, self.reviews, self.removals)

    async def apply(self, conn: asyncpg.Connection, event: IntegrationEvent, position: int) -> None:
        """Write what one lifecycle event means for the rows; any other event writes nothing."""
        match event:
            case CertificateSuspendedV1():
                await conn.execute(
                    f"INSERT INTO {self.periods} (certificate_no, position, status, starts_at, ends_at, reason,"
                    " accountability_id) VALUES ($1, $2, 'suspended', $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                    event.certificate_no,
                    position,
                    event.suspended_from,
                    suspension_ends_at(event.until),
                    event.reason,
                    event.accountability_id,
                )
            case CertificateReinstatedV1():
                await self._end_suspensions(conn, event.certificate_no, event.reinstated_at, event)
            case CertificateRevokedV1():
                await self._end(conn, event.certificate_no, "revoked", event.revoked_at, position)
            case CertificateCancelledV1():
                await self._end(conn, event.certificate_no, "cancelled", event.cancelled_at, position)
            case CertificateReplacedV1():
                await self._end(conn, event.old_no, "replaced", event.replaced_at, position)
            case CertificateReviewedV1():
                await conn.execute(
                    f"INSERT INTO {self.reviews} (certificate_no, position, reviewed_at, result, next_review_due_on)"
                    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                    event.certificate_no,
                    position,
                    event.reviewed_at,
                    event.result,
                    event.next_review_due_on,
                )
            case EnforcementPostRemovedV1():
                await conn.execute(
                    f"INSERT INTO {self.removals} (officer_id, position, reason, starts_at) VALUES ($1, $2, $3, $4)"
                    " ON CONFLICT DO NOTHING",
                    event.officer_id,
                    position,
                    event.reason,
                    event.removed_at,
                )
            case EnforcementPostRestoredV1():
                await conn.execute(
                    f"UPDATE {self.removals} SET ends_at = $2 WHERE officer_id = $1 AND ends_at IS NULL",
                    event.officer_id,
                    event.restored_at,
                )
            case _:
                pass

    async def suspended_at(self, conn: asyncpg.Connection, certificate_no: str, at: datetime) -> bool:
        """Whether a suspension of the certificate covers `at` (another may run on after a reinstatement)."""
        covered: bool = await conn.fetchval(
            f"SELECT EXISTS (SELECT 1 FROM {self.periods} WHERE certificate_no = $1"
            " AND status = 'suspended' AND starts_at <= $2 AND (ends_at IS NULL OR ends_at > $2))",
            certificate_no,
            at,
        )
        return covered

    async def _end_suspensions(
        self, conn: asyncpg.Connection, certificate_no: str, at: datetime, named: CertificateReinstatedV1 | None = None
    ) -> None:
        """End the suspensions covering `at`: every one (an ending), or the one a reinstatement names
        (and any recorded without a reason, from before suspensions could overlap)."""
        reason = named.suspension_reason if named is not None else None
        await conn.execute(
            f"UPDATE {self.periods} SET ends_at = $2"
            " WHERE certificate_no = $1 AND status = 'suspended' AND starts_at <= $2"
            " AND (ends_at IS NULL OR ends_at > $2) AND ($3::text IS NULL OR reason IS NULL"
            " OR (reason = $3 AND accountability_id IS NOT DISTINCT FROM $4::uuid))",
            certificate_no,
            at,
            reason,
            named.accountability_id if named is not None else None,
        )

    async def _end(
        self, conn: asyncpg.Connection, certificate_no: str, status: str, at: datetime, position: int
    ) -> None:
        """An ending ends a running suspension; a certificate that has already ended stays as it ended."""
        await self._end_suspensions(conn, certificate_no, at)
        await conn.execute(
            f"INSERT INTO {self.periods} (certificate_no, position, status, starts_at)"
            f" SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM {self.periods}"
            f" WHERE certificate_no = $1 AND status IN ({_ENDINGS_SQL}))"
            " ON CONFLICT DO NOTHING",
            certificate_no,
            position,
            status,
            at,
        )
