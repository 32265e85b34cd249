"""The roster of officers and certificates, and each officer's history, from personnel's events."""

from __future__ import annotations

import json
from uuid import UUID

import asyncpg

from shared.contracts import IntegrationEvent
from shared.contracts.personnel import CertificateIssuedV1, OfficerEnrolledV1
from shared.messaging.envelope import Envelope


class RosterProjection:
    name = "assessment-roster"
    producers: tuple[str, ...] = ("personnel",)
    tables: tuple[str, ...] = ("roster_officers", "roster_certificates", "officer_history")

    async def apply(self, conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> None:
        match event:
            case OfficerEnrolledV1():
                await conn.execute(
                    "INSERT INTO roster_officers (officer_id, name, unit_id, staff_kind, enrolled_at)"
                    " VALUES ($1, $2, $3, $4, $5)",
                    event.officer_id,
                    event.name,
                    event.unit_id,
                    event.staff_kind,
                    envelope.occurred_at,
                )
                await _history(conn, event.officer_id, event, envelope)
            case CertificateIssuedV1():
                await conn.execute(
                    "INSERT INTO roster_certificates (certificate_no, certificate_id, officer_id, kind, scope_field,"
                    " scope_area, issued_on, expires_on, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active')",
                    event.certificate_no,
                    event.certificate_id,
                    event.officer_id,
                    event.kind,
                    event.scope_field,
                    event.scope_area,
                    event.issued_on,
                    event.expires_on,
                )
                await _history(conn, event.officer_id, event, envelope)
            case _:
                pass  # events this projection does not use


async def _history(conn: asyncpg.Connection, officer_id: UUID, event: IntegrationEvent, envelope: Envelope) -> None:
    await conn.execute(
        "INSERT INTO officer_history (officer_id, producer, position, event_id, event_type, aggregate_id,"
        " aggregate_version, occurred_at, recorded_at, actor_id, actor_role, correlation_id, causation_id, payload)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        officer_id,
        envelope.producer,
        envelope.position,
        envelope.event_id,
        envelope.event_type,
        envelope.aggregate_id,
        envelope.aggregate_version,
        envelope.occurred_at,
        envelope.recorded_at,
        envelope.actor.id,
        envelope.actor.role,
        envelope.correlation_id,
        envelope.causation_id,
        json.dumps(event.model_dump(mode="json"), sort_keys=True, ensure_ascii=False),
    )
