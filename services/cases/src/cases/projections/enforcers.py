"""Who may enforce: personnel's certificate lifecycle and post removals, as cases needs them.

The certificates issued, and the rows every consumer of the lifecycle keeps (periods in which a
certificate may not be used, its reviews, the officer's removals from the enforcement post, all in
business time), written by `shared.messaging.certificate_lifecycle` as the contract reads them.
"""

from __future__ import annotations

import asyncpg

from shared.contracts import IntegrationEvent
from shared.contracts.personnel import CertificateIssuedV1
from shared.messaging.certificate_lifecycle import CertificateLifecycleTables
from shared.messaging.envelope import Envelope

LIFECYCLE = CertificateLifecycleTables("enforcer")


class EnforcersProjection:
    name = "cases-enforcers"
    producers: tuple[str, ...] = ("personnel",)
    tables: tuple[str, ...] = ("enforcer_certificates", *LIFECYCLE.tables)

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
            case _:
                await LIFECYCLE.apply(conn, event, envelope.position)
