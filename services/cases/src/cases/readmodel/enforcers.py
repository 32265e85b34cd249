"""Who could enforce at an instant, from the `cases-enforcers` projection."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg


async def enforcers_at(pool: asyncpg.Pool, at: datetime, scope_field: str) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "SELECT officer_id, certificate_no, issued_on, expires_on FROM enforcer_certificates"
        " WHERE kind = 'enforcement' AND scope_field = $2 AND issued_at <= $1 AND $1::date < expires_on"
        " ORDER BY officer_id, certificate_no",
        at,
        scope_field,
    )
    return [dict(row) for row in rows]
