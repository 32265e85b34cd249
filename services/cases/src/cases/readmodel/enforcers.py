"""Who could enforce at an instant, from the `cases-enforcers` projection of personnel's events.

Two readers: the async API (`enforcers_at`, asyncpg) and the synchronous write side, which checks
the officers of an enforcement step at that step's time (`standing_at`, psycopg). Both gather the
rows of the officers concerned and ask `shared.contracts.personnel.enforcement_standing`, the one
reading of the certificate lifecycle that personnel defines, so any past instant is answered as
personnel itself would answer it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg
import psycopg

from cases.projections.enforcers import LIFECYCLE
from shared.contracts.personnel import CertificateRecord, enforcement_standing
from shared.domain.calendar import BUREAU_TIMEZONE
from shared.messaging.certificate_lifecycle import LifecycleHistory

LAND_RESOURCES = "land_resources"

# The certificates of some officers; their lifecycle rows are read as every consumer reads them.
_CERTIFICATES = (
    "SELECT officer_id, certificate_no, kind, scope_field, issued_on, expires_on, review_due_on, valid_from"
    " FROM enforcer_certificates WHERE officer_id = ANY({})"
)


@dataclass(frozen=True)
class EnforcementStanding:
    """Whether one officer could enforce at an instant, and if not, why (a stable code).

    reason: no_certificate | out_of_scope | removed_from_post | not_yet_valid | expired | suspended |
    revoked | cancelled | replaced | not_reviewed | review_failed.
    """

    officer_id: UUID
    can_enforce: bool
    certificate_no: str | None = None
    reason: str | None = None


def _records(certificates: Sequence[Sequence[Any]], history: LifecycleHistory) -> dict[UUID, list[CertificateRecord]]:
    """Each officer's certificates as the contract's records (rows in `_CERTIFICATES`' column order)."""
    by_officer: dict[UUID, list[CertificateRecord]] = defaultdict(list)
    for officer_id, number, kind, scope_field, issued_on, expires_on, review_due_on, valid_from in certificates:
        by_officer[officer_id].append(
            history.certificate(
                number,
                kind=kind,
                scope_field=scope_field,
                issued_on=issued_on,
                expires_on=expires_on,
                review_due_on=review_due_on,
                valid_from=valid_from,
            )
        )
    return by_officer


def standing_at(
    conn: psycopg.Connection[Any], officer_ids: Iterable[UUID], at: datetime, scope_field: str = LAND_RESOURCES
) -> dict[UUID, EnforcementStanding]:
    """The standing of each officer at `at` (the connection's search_path is the cases schema)."""
    wanted = list(dict.fromkeys(officer_ids))
    certificates = conn.execute(_CERTIFICATES.format("%s"), (wanted,)).fetchall()
    numbers = [row[1] for row in certificates]
    reads = LIFECYCLE.reads("%s")
    history = LifecycleHistory.of_rows(
        conn.execute(reads.periods, (numbers,)).fetchall(),
        conn.execute(reads.reviews, (numbers,)).fetchall(),
        conn.execute(reads.removals, (wanted,)).fetchall(),
    )
    records = _records(certificates, history)
    standings: dict[UUID, EnforcementStanding] = {}
    for officer_id in wanted:
        standing = enforcement_standing(records.get(officer_id, []), history.removals_of(officer_id), at, scope_field)
        standings[officer_id] = EnforcementStanding(
            officer_id, standing.can_enforce, standing.certificate_no, standing.reason
        )
    return standings


async def enforcers_at(
    pool: asyncpg.Pool,
    at: datetime,
    scope_field: str,
    *,
    after: tuple[UUID, str] | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """The certificates that allowed their holders to enforce at `at`, by officer and number: at
    most `limit`, after the (officer, number) `after` (a page; the standing is decided here, not in
    SQL, so the SQL narrows by officer but cannot LIMIT)."""
    day: date = at.astimezone(BUREAU_TIMEZONE).date()
    after_officer = after[0] if after is not None else None
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        # Candidates by date (validity is by calendar day in the bureau's time zone); the rest of
        # the lifecycle is read by the contract's rules below.
        officers = [
            row["officer_id"]
            for row in await conn.fetch(
                "SELECT DISTINCT officer_id FROM enforcer_certificates WHERE kind = 'enforcement'"
                " AND scope_field = $2 AND issued_on <= $1 AND $1 < expires_on"
                " AND ($3::uuid IS NULL OR officer_id >= $3::uuid)",
                day,
                scope_field,
                after_officer,
            )
        ]
        certificates = await conn.fetch(_CERTIFICATES.format("$1"), officers)
        history = await LIFECYCLE.history(conn, [row["certificate_no"] for row in certificates], officers)
    records = _records(certificates, history)
    issued = {row["certificate_no"]: (row["issued_on"], row["expires_on"]) for row in certificates}
    enforcers: list[dict[str, Any]] = []
    for officer_id in sorted(records):
        if history.removed_at(officer_id, at):
            continue
        for record in sorted(records[officer_id], key=lambda r: r.certificate_no):
            if (
                record.kind == "enforcement"
                and record.scope_field == scope_field
                and record.unusable_reason(at) is None
                and (after is None or (officer_id, record.certificate_no) > after)
            ):
                if limit is not None and len(enforcers) == limit:
                    return enforcers
                issued_on, expires_on = issued[record.certificate_no]
                enforcers.append(
                    {
                        "officer_id": officer_id,
                        "certificate_no": record.certificate_no,
                        "issued_on": issued_on,
                        "expires_on": expires_on,
                    }
                )
    return enforcers
