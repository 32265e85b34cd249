"""Who could enforce at an instant, from the `cases-enforcers` projection."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg

from shared.domain.calendar import BUREAU_TIMEZONE


async def enforcers_at(pool: asyncpg.Pool, at: datetime, scope_field: str) -> list[dict[str, Any]]:
    # Validity is by calendar day in the bureau's time zone: valid from the issue day, not on the expiry day.
    day = at.astimezone(BUREAU_TIMEZONE).date()
    rows = await pool.fetch(
        "SELECT officer_id, certificate_no, issued_on, expires_on FROM enforcer_certificates"
        " WHERE kind = 'enforcement' AND scope_field = $2 AND issued_on <= $1 AND $1 < expires_on"
        " ORDER BY officer_id, certificate_no",
        day,
        scope_field,
    )
    return [dict(row) for row in rows]
