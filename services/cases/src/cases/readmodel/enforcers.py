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

from shared.contracts.personnel import CertificateRecord, Period, ReviewRecord, enforcement_standing
from shared.domain.calendar import BUREAU_TIMEZONE

LAND_RESOURCES = "land_resources"

# The same four reads for both drivers: psycopg takes `%s`, asyncpg `$1`.
_CERTIFICATES = "SELECT officer_id, certificate_no, kind, scope_field, issued_on, expires_on, review_due_on, valid_from"
_PERIODS = "SELECT certificate_no, status, starts_at, ends_at FROM enforcer_certificate_periods"
_REVIEWS = "SELECT certificate_no, reviewed_at, result, next_review_due_on FROM enforcer_certificate_reviews"
_REMOVALS = "SELECT officer_id, starts_at, ends_at FROM enforcer_post_removals"
SYNC = (
    _CERTIFICATES + " FROM enforcer_certificates WHERE officer_id = ANY(%s)",
    _PERIODS + " WHERE certificate_no = ANY(%s)",
    _REVIEWS + " WHERE certificate_no = ANY(%s) ORDER BY reviewed_at, position",
    _REMOVALS + " WHERE officer_id = ANY(%s)",
)
ASYNC = (
    _CERTIFICATES + " FROM enforcer_certificates WHERE officer_id = ANY($1)",
    _PERIODS + " WHERE certificate_no = ANY($1)",
    _REVIEWS + " WHERE certificate_no = ANY($1) ORDER BY reviewed_at, position",
    _REMOVALS + " WHERE officer_id = ANY($1)",
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


def _records(
    certificates: Sequence[Sequence[Any]], periods: Sequence[Sequence[Any]], reviews: Sequence[Sequence[Any]]
) -> dict[UUID, list[CertificateRecord]]:
    """Each officer's certificates as the contract's records (rows as tuples, in the SELECTs' order)."""
    blocks: dict[str, list[Period]] = defaultdict(list)
    for number, status, starts_at, ends_at in periods:
        blocks[number].append(Period(status, starts_at, ends_at))
    checks: dict[str, list[ReviewRecord]] = defaultdict(list)
    for number, reviewed_at, result, next_due in reviews:
        checks[number].append(ReviewRecord(reviewed_at, result, next_due))
    by_officer: dict[UUID, list[CertificateRecord]] = defaultdict(list)
    for officer_id, number, kind, scope_field, issued_on, expires_on, review_due_on, valid_from in certificates:
        by_officer[officer_id].append(
            CertificateRecord(
                number,
                kind,
                scope_field,
                issued_on,
                expires_on,
                review_due_on,
                tuple(blocks[number]),
                tuple(checks[number]),
                valid_from,
            )
        )
    return by_officer


def _removals(rows: Sequence[Sequence[Any]]) -> dict[UUID, list[Period]]:
    removals: dict[UUID, list[Period]] = defaultdict(list)
    for officer_id, starts_at, ends_at in rows:
        removals[officer_id].append(Period("removed", starts_at, ends_at))
    return removals


def standing_at(
    conn: psycopg.Connection[Any], officer_ids: Iterable[UUID], at: datetime, scope_field: str = LAND_RESOURCES
) -> dict[UUID, EnforcementStanding]:
    """The standing of each officer at `at` (the connection's search_path is the cases schema)."""
    wanted = list(dict.fromkeys(officer_ids))
    certificates_sql, periods_sql, reviews_sql, removals_sql = SYNC
    certificates = conn.execute(certificates_sql, (wanted,)).fetchall()
    numbers = [row[1] for row in certificates]
    periods = conn.execute(periods_sql, (numbers,)).fetchall()
    reviews = conn.execute(reviews_sql, (numbers,)).fetchall()
    removals = _removals(conn.execute(removals_sql, (wanted,)).fetchall())
    records = _records(certificates, periods, reviews)
    standings: dict[UUID, EnforcementStanding] = {}
    for officer_id in wanted:
        standing = enforcement_standing(records.get(officer_id, []), removals.get(officer_id, []), at, scope_field)
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
        certificates_sql, periods_sql, reviews_sql, removals_sql = ASYNC
        certificates = await conn.fetch(certificates_sql, officers)
        numbers = [row["certificate_no"] for row in certificates]
        periods = await conn.fetch(periods_sql, numbers)
        reviews = await conn.fetch(reviews_sql, numbers)
        removals = _removals(await conn.fetch(removals_sql, officers))
    records = _records(certificates, periods, reviews)
    issued = {row["certificate_no"]: (row["issued_on"], row["expires_on"]) for row in certificates}
    enforcers: list[dict[str, Any]] = []
    for officer_id in sorted(records):
        if any(removal.covers(at) for removal in removals.get(officer_id, [])):
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
