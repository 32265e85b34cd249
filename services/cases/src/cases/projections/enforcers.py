"""Who may enforce: personnel's certificate events, as cases needs them."""

from __future__ import annotations

import asyncpg

from shared.contracts import IntegrationEvent
from shared.contracts.personnel import CertificateIssuedV1
from shared.messaging.envelope import Envelope


class EnforcersProjection:
    name = "cases-enforcers"
    producers: tuple[str, ...] = ("personnel",)
    tables: tuple[str, ...] = ("enforcer_certificates",)

    async def apply(self, conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> None:
        match event:
            case CertificateIssuedV1():
                await conn.execute(
                    "INSERT INTO enforcer_certificates (certificate_no, officer_id, kind, scope_field, scope_area,"
                    " issued_on, expires_on, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    event.certificate_no,
                    event.officer_id,
                    event.kind,
                    event.scope_field,
                    event.scope_area,
                    event.issued_on,
                    event.expires_on,
                    event.issued_at,
                )
            case _:
                pass
