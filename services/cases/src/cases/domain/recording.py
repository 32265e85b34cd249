"""Full-process recording (执法全过程记录): the body-camera clips that recorded an act on site or
before the party (an inquiry, a site survey, evidence collected, a decision served, a demolition
verified, a hearing, a lead verified on site).

A clip is accepted with the act it recorded and stored in the act's own event, so the act and its
recording are one fact. Its rules:

- it was worn by one of the officers who acted;
- it ends no earlier than it starts;
- it overlaps the act: it starts no later than the act's time (the time the record was completed,
  for an inquiry its end) and ends at most `CLIP_MAY_END_BEFORE_ACT` before it. An act on site lasts
  at most a working day, so a clip that stopped more than 12 hours before the act was completed
  recorded something else;
- its file's SHA-256 is 64 hex digits (the clip is evidence: the digest proves the file unaltered);
- it comes from a body camera of the bureau's asset register (personnel's assets, as the
  `CameraRegister` port answers): a clip from a device nobody registered cannot be traced to the
  equipment and the officer it was issued to;
- it recorded one act only: `RecordedClip` (one aggregate per clip id) refuses a second act.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol
from uuid import UUID, uuid5

from eventsourcing.domain import event

from cases.domain.errors import RuleConflictError
from shared.domain import InvalidInputError, RecordedAggregate

CLIP_MAY_END_BEFORE_ACT = timedelta(hours=12)
CLIPS_PER_ACT_MAX = 20
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
CLIP_NAMESPACE = UUID("6f1c2b7e-9d4a-4e8b-b3c5-0a7d1e2f3c4b")


class ClipOfficerNotActingError(RuleConflictError):
    code = "clip_officer_not_acting"


class ClipOutsideActError(RuleConflictError):
    code = "clip_outside_act"


class ClipAlreadyRecordedError(RuleConflictError):
    code = "clip_already_recorded"


class ClipDeviceNotRegisteredError(RuleConflictError):
    code = "clip_device_not_registered"


class CameraRegister(Protocol):
    def registered(self, device_ids: Collection[str]) -> set[str]:
        """Those of `device_ids` that are body cameras of the bureau's asset register."""
        ...


class NoCameras:
    """A register that knows no camera: every clip is refused (the safe default)."""

    def registered(self, device_ids: Collection[str]) -> set[str]:
        return set()


@dataclass(frozen=True)
class BodyCameraClip:
    clip_id: str
    device_id: str  # the asset tag of the body camera
    officer_id: UUID
    started_at: datetime
    ended_at: datetime
    storage_ref: str
    sha256: str

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> BodyCameraClip:
        return cls(
            clip_id=str(data["clip_id"]),
            device_id=str(data["device_id"]),
            officer_id=UUID(str(data["officer_id"])),
            started_at=data["started_at"],
            ended_at=data["ended_at"],
            storage_ref=str(data["storage_ref"]),
            sha256=str(data["sha256"]),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "clip_id": self.clip_id,
            "device_id": self.device_id,
            "officer_id": self.officer_id,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "storage_ref": self.storage_ref,
            "sha256": self.sha256.lower(),
        }


def clips_of(items: Iterable[Mapping[str, Any] | BodyCameraClip]) -> list[BodyCameraClip]:
    return [item if isinstance(item, BodyCameraClip) else BodyCameraClip.of(item) for item in items]


def ensure_registered_devices(clips: Collection[BodyCameraClip], register: CameraRegister) -> None:
    """Refuses the clips of an act if any came from a device the register does not know."""
    devices = {clip.device_id for clip in clips}
    if not devices:
        return
    unknown = sorted(devices - register.registered(devices))
    if unknown:
        raise ClipDeviceNotRegisteredError(
            "a clip comes from a body camera of the bureau's asset register (执法记录仪):"
            " register the camera in personnel's assets, then record the act again",
            rule="clip_device_registered",
            device_ids=unknown,
        )


def checked_clips(clips: Iterable[BodyCameraClip], *, acting: Collection[UUID], at: datetime) -> list[dict[str, Any]]:
    """The clips of an act done at `at` by `acting`, as stored in the act's event; refuses a clip
    that cannot have recorded it."""
    clips = list(clips)
    if len(clips) > CLIPS_PER_ACT_MAX:
        raise InvalidInputError(f"at most {CLIPS_PER_ACT_MAX} clips per act", field="clips")
    seen: set[str] = set()
    for i, clip in enumerate(clips):
        field = f"clips[{i}]"
        if not _SHA256.match(clip.sha256):
            raise InvalidInputError("the SHA-256 of a clip is 64 hex digits", field=f"{field}.sha256")
        if clip.ended_at < clip.started_at:
            raise InvalidInputError("a clip cannot end before it starts", field=f"{field}.ended_at")
        if clip.clip_id in seen:
            raise ClipAlreadyRecordedError(
                "a clip is recorded once (一段记录对应一个执法行为)", rule="clip_once", clip_id=clip.clip_id
            )
        seen.add(clip.clip_id)
        if clip.officer_id not in acting:
            raise ClipOfficerNotActingError(
                "a clip is worn by one of the officers who acted",
                clip_id=clip.clip_id,
                officer_id=str(clip.officer_id),
                acting_officer_ids=sorted(str(o) for o in acting),
            )
        earliest_end = at - CLIP_MAY_END_BEFORE_ACT
        if clip.started_at > at or clip.ended_at < earliest_end:
            raise ClipOutsideActError(
                "a clip records the act: it starts no later than the act and ends at most 12 hours before it",
                clip_id=clip.clip_id,
                act_at=at.isoformat(),
                started_at=clip.started_at.isoformat(),
                ended_at=clip.ended_at.isoformat(),
                latest_start=at.isoformat(),
                earliest_end=earliest_end.isoformat(),
            )
    return [clip.as_dict() for clip in clips]


class RecordedClip(RecordedAggregate):
    """A clip id taken by the act it recorded; a second act naming it conflicts."""

    class Recorded(RecordedAggregate.Created):
        clip_id: str
        device_id: str
        officer_id: UUID
        act_kind: str  # case | lead
        act_id: UUID
        record: str  # the act's record name, e.g. inquiry_recorded

    @staticmethod
    def create_id(clip_id: str) -> UUID:
        """Derived from the clip id, so a clip is recorded with one act only."""
        return uuid5(CLIP_NAMESPACE, clip_id.strip().upper())

    @event(Recorded)
    def __init__(
        self,
        *,
        clip_id: str,
        device_id: str,
        officer_id: UUID,
        act_kind: str,
        act_id: UUID,
        record: str,
        occurred_at: datetime,
    ) -> None:
        self.clip_id = clip_id
        self.device_id = device_id
        self.officer_id = officer_id
        self.act_kind = act_kind
        self.act_id = act_id
        self.record = record

    def refuse_another_act(self) -> None:
        raise ClipAlreadyRecordedError(
            "a clip is recorded once (一段记录对应一个执法行为): this clip already recorded another act",
            rule="clip_once",
            clip_id=self.clip_id,
            recorded_with={"kind": self.act_kind, "id": str(self.act_id), "record": self.record},
        )


def upcast_without_clips(state: dict[str, Any]) -> None:
    """An act's event stored before clips were recorded with it: it names none (class_version 1 -> 2)."""
    state.setdefault("clips", [])
