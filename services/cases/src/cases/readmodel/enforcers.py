"""Who could enforce at an instant, from the `cases-enforcers` projection of personnel's events.

Two readers: the async API (`enforcers_at`, asyncpg) and the synchronous write side, which checks
the officers of an enforcement step at that step's time (`standing_at`, psycopg).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
import psycopg

from shared.domain.calendar import BUREAU_TIMEZONE

LAND_RESOURCES = "land_resources"


@dataclass(frozen=True)
class EnforcementStanding:
    """Whether one officer could enforce at an instant, and if not, why (a stable code)."""

    officer_id: UUID
    can_enforce: bool
    certificate_no: str | None = None
    reason: str | None = None  # no_certificate | expired | not_yet_valid | ... (extended with the lifecycle)


async def enforcers_at(
    pool: asyncpg.Pool, at: datetime, scope_field: str, *, after: tuple[UUID, str] | None = None, limit: int
) -> list[dict[str, Any]]:
    """A page of (officer, certificate) pairs ordered by officer id then certificate number."""
    # Validity is by calendar day in the bureau's time zone: valid from the issue day, not on the expiry day.
    day = at.astimezone(BUREAU_TIMEZONE).date()
    officer, certificate_no = after if after is not None else (None, None)
    rows = await pool.fetch(
        "SELECT officer_id, certificate_no, issued_on, expires_on FROM enforcer_certificates"
        " WHERE kind = 'enforcement' AND scope_field = $2 AND issued_on <= $1 AND $1 < expires_on"
        " AND ($3::uuid IS NULL OR (officer_id, certificate_no) > ($3::uuid, $4::text))"
        " ORDER BY officer_id, certificate_no LIMIT $5",
        day,
        scope_field,
        officer,
        certificate_no,
        limit,
    )
    return [dict(row) for row in rows]


def standing_at(
    conn: psycopg.Connection[Any], officer_ids: Iterable[UUID], at: datetime, scope_field: str = LAND_RESOURCES
) -> dict[UUID, EnforcementStanding]:
    """The standing of each officer at `at` (the connection's search_path is the cases schema)."""
    day = at.astimezone(BUREAU_TIMEZONE).date()
    wanted = list(dict.fromkeys(officer_ids))
    rows = conn.execute(
        "SELECT officer_id, certificate_no, issued_on, expires_on FROM enforcer_certificates"
        " WHERE officer_id = ANY(%s) AND kind = 'enforcement' AND scope_field = %s",
        (wanted, scope_field),
    ).fetchall()
    standings = {officer: EnforcementStanding(officer, False, None, "no_certificate") for officer in wanted}
    for officer_id, certificate_no, issued_on, expires_on in rows:
        if issued_on <= day < expires_on:
            standings[officer_id] = EnforcementStanding(officer_id, True, certificate_no)
        elif not standings[officer_id].can_enforce:
            reason = "not_yet_valid" if day < issued_on else "expired"
            standings[officer_id] = EnforcementStanding(officer_id, False, certificate_no, reason)
    return standings
