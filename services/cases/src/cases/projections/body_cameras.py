"""The body cameras of personnel's asset register, as cases needs them: a clip of an act on site is
accepted only from a registered camera (`cases.domain.recording`). Vehicles and computers are not
kept. Each assignment is applied once, in stream order, so replaying from position 0 writes the
same rows."""

from __future__ import annotations

import asyncpg

from shared.contracts import IntegrationEvent
from shared.contracts.personnel import AssetAssignedV1, AssetRegisteredV1
from shared.messaging.envelope import Envelope

BODY_CAMERA = "body_camera"


class BodyCamerasProjection:
    name = "cases-body-cameras"
    producers: tuple[str, ...] = ("personnel",)
    tables: tuple[str, ...] = ("body_cameras",)

    async def apply(self, conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> None:
        match event:
            case AssetRegisteredV1(kind=kind) if kind == BODY_CAMERA:
                await conn.execute(
                    "INSERT INTO body_cameras (asset_no, asset_id, description) VALUES ($1, $2, $3)"
                    " ON CONFLICT (asset_no) DO NOTHING",
                    event.asset_no,
                    event.asset_id,
                    event.description,
                )
            case AssetAssignedV1(kind=kind) if kind == BODY_CAMERA:
                await conn.execute(
                    "UPDATE body_cameras SET unit_id = $2, officer_id = $3, assigned_at = $4, assigned_position = $5"
                    " WHERE asset_no = $1 AND (assigned_position IS NULL OR assigned_position < $5)",
                    event.asset_no,
                    event.unit_id,
                    event.officer_id,
                    event.assigned_at,
                    envelope.position,
                )
            case _:
                pass
