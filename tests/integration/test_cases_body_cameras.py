"""A clip is accepted only from a body camera of personnel's asset register, against the real
projection (PostgreSQL; the body_cameras table as personnel's asset events fill it)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import pytest

from cases.domain.recording import ClipDeviceNotRegisteredError, RecordedClip
from cases.projections import BodyCamerasProjection
from cases.readmodel.cameras import ProjectedCameraRegister, body_cameras
from cases.readmodel.connections import ReadModelConnections
from shared.contracts import IntegrationEvent
from shared.contracts.personnel import AssetAssignedV1, AssetRegisteredV1
from shared.messaging.envelope import Envelope
from tests.support.backbone import table_dump
from tests.support.cases_store import cases_on_postgres
from tests.unit.cases.procedure.support import Directory, World, acting, at, shown

HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


@pytest.fixture
async def projected(database_url: str) -> AsyncIterator[tuple[World, asyncpg.Pool]]:
    directory = Directory()
    cameras = ProjectedCameraRegister(ReadModelConnections(database_url, "cases"))
    async with cases_on_postgres(database_url, enforcers=directory, cameras=cameras) as (world, pool):
        for officer in (world.a, world.b):
            directory.certify(officer)
        yield world, pool


async def project(pool: asyncpg.Pool, *events: tuple[int, IntegrationEvent]) -> None:
    """Personnel's asset events as the projector applies them, each at its stream position."""
    async with pool.acquire() as conn, conn.transaction():
        for position, event in events:
            # A partial envelope, unvalidated; the pydantic plugin types model_construct as the constructor.
            await BodyCamerasProjection().apply(conn, event, Envelope.model_construct(position=position))  # type: ignore[call-arg]


def registered(asset_no: str, kind: str) -> AssetRegisteredV1:
    return AssetRegisteredV1(asset_id=uuid4(), asset_no=asset_no, kind=kind, description=f"{kind} {asset_no}")


def assigned(asset_no: str, unit_id: str, day: int) -> AssetAssignedV1:
    return AssetAssignedV1(
        asset_id=uuid4(),
        asset_no=asset_no,
        kind="body_camera",
        unit_id=unit_id,
        officer_id=None,
        assigned_at=datetime(2018, 1, day, tzinfo=UTC),
    )


def survey(world: World, case_id: UUID, device_id: str, clip_id: str) -> None:
    world.cases.record_site_survey(
        case_id, doc_no=f"KC-{clip_id}", officers=shown(world.a, world.b), measured_area_mu=1.0,
        cultivated_mu=1.0, basic_farmland_mu=0.0, surveyor_org=None, map_ref=None, surveyed_at=at("2018-03-06", 10),
        clips=[{"clip_id": clip_id, "device_id": device_id, "officer_id": world.a,
                "started_at": at("2018-03-06", 9), "ended_at": at("2018-03-06", 10),
                "storage_ref": f"evidence://bodycam/{clip_id}.mp4", "sha256": HASH}],
    )  # fmt: skip


async def test_a_clip_from_a_device_the_asset_register_does_not_hold_as_a_camera_is_refused(
    projected: tuple[World, asyncpg.Pool],
) -> None:
    world, pool = projected
    await project(pool, (1, registered("JLY-2017-01", "body_camera")), (2, registered("CAR-2017-01", "vehicle")))

    def steps() -> tuple[list[Any], int, int]:
        with acting():
            case_id = world.filed_case()
            refusals = []
            for device in ("CAR-2017-01", "JLY-2017-99"):  # a vehicle; a camera nobody registered
                version = world.cases.case(case_id).version
                with pytest.raises(ClipDeviceNotRegisteredError) as refused:
                    survey(world, case_id, device, f"C-{device}")
                assert world.cases.case(case_id).version == version
                assert RecordedClip.create_id(f"C-{device}") not in world.cases.repository
                refusals.append(refused.value.details)
            survey(world, case_id, "JLY-2017-01", "C-1")
            return refusals, world.cases.case(case_id).version, version

    refusals, after, before = await asyncio.to_thread(steps)
    assert refusals == [
        {"rule": "clip_device_registered", "device_ids": ["CAR-2017-01"]},
        {"rule": "clip_device_registered", "device_ids": ["JLY-2017-99"]},
    ]
    assert after == before + 1


async def test_the_register_keeps_each_cameras_latest_assignment_and_replays_to_the_same_rows(
    projected: tuple[World, asyncpg.Pool],
) -> None:
    _, pool = projected
    events: list[tuple[int, IntegrationEvent]] = [
        (1, registered("JLY-2017-01", "body_camera")),
        (2, registered("JLY-2017-02", "body_camera")),
        (3, registered("PC-2017-01", "computer")),
        (4, assigned("JLY-2017-01", "ENF", 2)),
        (5, assigned("JLY-2017-01", "STN03", 9)),
    ]
    await project(pool, *events)
    listed = await body_cameras(pool, after=None, limit=10)
    assert [(c["asset_no"], c["unit_id"]) for c in listed] == [("JLY-2017-01", "STN03"), ("JLY-2017-02", None)]
    assert [c["asset_no"] for c in await body_cameras(pool, after="JLY-2017-01", limit=10)] == ["JLY-2017-02"]
    first = await table_dump(pool, "body_cameras")
    await project(pool, *events)  # delivered again: nothing changes, the older assignment does not win
    assert await table_dump(pool, "body_cameras") == first
    async with pool.acquire() as conn:
        await conn.execute("TRUNCATE body_cameras")
    await project(pool, *events)
    assert await table_dump(pool, "body_cameras") == first
