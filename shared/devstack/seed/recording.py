"""Body-camera clips of the seeded acts on site (执法全过程记录): the enforcement squad wears its
own 8 cameras, the stations the 4 that rotate among them (equipment.py); at the small scale only the
squad's 2 cameras exist, so a station's acts go unrecorded there, as they would without a camera."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any
from zlib import crc32

from shared.devstack.seed.leads_plan import LeadPlan
from shared.devstack.seed.timeline import when
from shared.devstack.seed.world import World

SQUAD = "ENF"


def camera(full: bool, unit: str, serial: str) -> str | None:
    """The asset tag of the camera an act of `unit` was recorded with (the same one per lead)."""
    if unit == SQUAD:
        pool = range(1, 9) if full else range(1, 3)
    elif full:
        pool = range(9, 13)
    else:
        return None
    numbers = list(pool)
    return f"JLY-2017-{numbers[crc32(serial.encode()) % len(numbers)]:02d}"


def clips(world: World, plan: LeadPlan, act: str, day: date, *, start: int, end: int) -> list[dict[str, Any]]:
    """The clip of one act of a lead or its case, worn by the first officer of its team, from
    `start` to `end` o'clock on `day`; none when the unit had no camera at hand."""
    device = camera(world.full, plan.unit, plan.serial)
    if device is None:
        return []
    clip_id = f"{device}-{plan.serial}-{act}"
    return [
        {
            "clip_id": clip_id,
            "device_id": device,
            "officer_id": world.officer_id(plan.team[0]),
            "started_at": when(day, start),
            "ended_at": when(day, end),
            "storage_ref": f"evidence://bodycam/{day.year}/{clip_id}.mp4",
            # The seed has no files: the digest stands for the file's, fixed by the clip id.
            "sha256": hashlib.sha256(clip_id.encode()).hexdigest(),
        }
    ]
