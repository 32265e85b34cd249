"""The rows a consumer keeps of personnel's certificate lifecycle, written one way for every service.

`shared.contracts.personnel` says how the lifecycle events are read (its "reading the certificate
lifecycle" table); every service that decides whether an officer could enforce at an instant keeps
those rows in three tables of its own schema, named by a prefix:

    <prefix>_certificate_periods   (certificate_no, position, status, starts_at, ends_at, reason,
                                    accountability_id), keyed by (certificate_no, position)
    <prefix>_certificate_reviews   (certificate_no, position, reviewed_at, result, next_review_due_on)
    <prefix>_post_removals         (officer_id, position, reason, starts_at, ends_at)

Every write is guarded (ON CONFLICT, or an update that finds nothing the second time), so a
redelivered event or a rebuild from position 0 writes the same rows. The rows are read back the one
way too: `reads` gives the SELECTs (for asyncpg or psycopg), `LifecycleHistory` groups what they
return into the contract's records, and `history` does both on an asyncpg connection.
"""

# ruff: noqa: S608 - the only text put into these statements is the table names, made from a prefix
# checked to be a plain identifier, and a constant list of statuses; every value is a bound parameter.

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple
from uuid import UUID

import asyncpg

from shared.contracts import IntegrationEvent
from shared.contracts.personnel import (
    ENDINGS,
    CertificateCancelledV1,
    CertificateRecord,
    CertificateReinstatedV1,
    CertificateReplacedV1,
    CertificateReviewedV1,
    CertificateRevokedV1,
    CertificateSuspendedV1,
    EnforcementPostRemovedV1,
    EnforcementPostRestoredV1,
    Period,
    ReviewRecord,
    suspension_ends_at,
)

_ENDINGS_SQL = ", ".join(f"'{status}'" for status in ENDINGS)


class LifecycleReads(NamedTuple):
    """The SELECTs of the rows: periods and reviews by certificate numbers, removals by officer ids
    (each takes one array parameter)."""

    periods: str
    reviews: str
    removals: str


@dataclass(frozen=True)
class LifecycleHistory:
    """The lifecycle rows of some certificates and their holders, grouped as the contract reads them."""

    blocks: Mapping[str, tuple[Period, ...]]
    reviews: Mapping[str, tuple[ReviewRecord, ...]]
    removals: Mapping[UUID, tuple[Period, ...]]

    @classmethod
    def of_rows(
        cls, periods: Iterable[Sequence[Any]], reviews: Iterable[Sequence[Any]], removals: Iterable[Sequence[Any]]
    ) -> LifecycleHistory:
        """From the rows the `reads` SELECTs return, in their column order (tuples or asyncpg records)."""
        blocks: dict[str, list[Period]] = defaultdict(list)
        for number, status, starts_at, ends_at in periods:
            blocks[number].append(Period(status, starts_at, ends_at))
        checks: dict[str, list[ReviewRecord]] = defaultdict(list)
        for number, reviewed_at, result, next_due in reviews:
            checks[number].append(ReviewRecord(reviewed_at, result, next_due))
        removed: dict[UUID, list[Period]] = defaultdict(list)
        for officer_id, starts_at, ends_at in removals:
            removed[officer_id].append(Period("removed", starts_at, ends_at))
        return cls(
            {number: tuple(found) for number, found in blocks.items()},
            {number: tuple(found) for number, found in checks.items()},
            {officer_id: tuple(found) for officer_id, found in removed.items()},
        )

    def certificate(
        self,
        certificate_no: str,
        *,
        kind: str,
        scope_field: str,
        issued_on: date,
        expires_on: date,
        review_due_on: date | None,
        valid_from: datetime | None = None,
    ) -> CertificateRecord:
        """One certificate, as its issue recorded it, with its lifecycle."""
        return CertificateRecord(
            certificate_no,
            kind,
            scope_field,
            issued_on,
            expires_on,
            review_due_on,
            self.blocks.get(certificate_no, ()),
            self.reviews.get(certificate_no, ()),
            valid_from,
        )

    def removals_of(self, officer_id: UUID) -> list[Period]:
        return list(self.removals.get(officer_id, ()))

    def removed_at(self, officer_id: UUID, at: datetime) -> bool:
        """Whether a removal from the enforcement post covers `at`."""
        return any(removal.covers(at) for removal in self.removals.get(officer_id, ()))


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

    def reads(self, parameter: str = "$1") -> LifecycleReads:
        """The SELECTs, with `parameter` as the driver writes its one parameter: asyncpg `$1`,
        psycopg `%s`. Reviews come in the order they count: by review time, then as recorded."""
        if parameter not in ("$1", "%s"):
            raise ValueError(f"not a parameter marker: {parameter!r}")
        return LifecycleReads(
            f"SELECT certificate_no, status, starts_at, ends_at FROM {self.periods}"
            f" WHERE certificate_no = ANY({parameter})",
            f"SELECT certificate_no, reviewed_at, result, next_review_due_on FROM {self.reviews}"
            f" WHERE certificate_no = ANY({parameter}) ORDER BY reviewed_at, position",
            f"SELECT officer_id, starts_at, ends_at FROM {self.removals} WHERE officer_id = ANY({parameter})",
        )

    async def history(
        self, conn: asyncpg.Connection, certificate_nos: Iterable[str], officer_ids: Iterable[UUID]
    ) -> LifecycleHistory:
        """The rows of these certificates and these officers (read in the caller's transaction)."""
        reads = self.reads("$1")
        numbers = list(dict.fromkeys(certificate_nos))
        return LifecycleHistory.of_rows(
            await conn.fetch(reads.periods, numbers),
            await conn.fetch(reads.reviews, numbers),
            await conn.fetch(reads.removals, list(dict.fromkeys(officer_ids))),
        )

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
