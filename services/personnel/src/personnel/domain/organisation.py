"""The bureau's organisation: units (sections 股室, stations 站所, the leadership) with their heads, and
the responsibility-system leadership group — the director as leader, its office headed by a deputy
director — with the office's monthly meetings (DOMAIN §4.3–4.4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import event

from personnel.domain.common import bureau_day
from personnel.domain.errors import (
    AttendeeNotMemberError,
    MeetingChairError,
    MonthlyMeetingAlreadyHeldError,
)
from shared.domain import RecordedAggregate

UNIT_NAMESPACE = UUID("7a2e4c6d-8b1f-4d3a-9e5c-1f2a3b4c5d61")
LEADERSHIP_GROUP_ID = UUID("2d4f6a8c-0e1b-4c3d-8f5a-7b9c1d3e5f72")


class UnitKind(StrEnum):
    SECTION = "section"  # 股室
    STATION = "station"  # 站所 (township land station)
    LEADERSHIP = "leadership"  # 局领导


class Unit(RecordedAggregate):
    """A responsibility unit, identified by its code (`LEGAL`, `STN03`)."""

    class Registered(RecordedAggregate.Created):
        code: str
        name: str
        kind: str

    class HeadAppointed(RecordedAggregate.Event):
        code: str
        officer_id: UUID

    @staticmethod
    def create_id(code: str) -> UUID:
        return uuid5(UNIT_NAMESPACE, code)

    @event(Registered)
    def __init__(self, code: str, name: str, kind: str) -> None:
        self.code = code
        self.name = name
        self.kind = UnitKind(kind)
        self.head_officer_id: UUID | None = None

    def appoint_head(self, officer_id: UUID, at: datetime) -> None:
        self._head_appointed(code=self.code, officer_id=officer_id, occurred_at=at)

    @event(HeadAppointed)
    def _head_appointed(self, code: str, officer_id: UUID, occurred_at: datetime | None = None) -> None:
        self.head_officer_id = officer_id


@dataclass(frozen=True)
class OfficeMeeting:
    month: str
    held_at: datetime
    chair_id: UUID
    attendee_ids: list[UUID]
    resolutions: list[str]


class LeadershipGroup(RecordedAggregate):
    """The bureau's one leadership group for the responsibility system."""

    class Established(RecordedAggregate.Created):
        leader_id: UUID
        office_head_id: UUID
        member_ids: list[UUID]

    class OfficeMeetingHeld(RecordedAggregate.Event):
        month: str
        chair_id: UUID
        attendee_ids: list[UUID]
        resolutions: list[str]

    @staticmethod
    def create_id() -> UUID:
        return LEADERSHIP_GROUP_ID

    @event(Established)
    def __init__(
        self, leader_id: UUID, office_head_id: UUID, member_ids: list[UUID], occurred_at: datetime | None = None
    ) -> None:
        self.leader_id = leader_id
        self.office_head_id = office_head_id
        self.member_ids = list(member_ids)
        self.meetings: list[OfficeMeeting] = []

    @staticmethod
    def members(leader_id: UUID, office_head_id: UUID, member_ids: list[UUID]) -> list[UUID]:
        """The leader and the office head are members whether listed or not."""
        return list(dict.fromkeys([leader_id, office_head_id, *member_ids]))

    def hold_office_meeting(
        self, *, held_at: datetime, chair_id: UUID, attendee_ids: list[UUID], resolutions: list[str]
    ) -> OfficeMeeting:
        if chair_id not in (self.office_head_id, self.leader_id):
            raise MeetingChairError(
                "the office meeting is chaired by the office head (or the group's leader)",
                office_head_id=str(self.office_head_id),
                leader_id=str(self.leader_id),
            )
        attendees = list(dict.fromkeys([chair_id, *attendee_ids]))
        outsiders = [str(a) for a in attendees if a not in self.member_ids]
        if outsiders:
            raise AttendeeNotMemberError("attendees must be members of the leadership group", not_members=outsiders)
        month = bureau_day(held_at).strftime("%Y-%m")
        if any(m.month == month for m in self.meetings):
            raise MonthlyMeetingAlreadyHeldError(
                "the office meets once a month; this month's meeting is recorded", month=month
            )
        self._meeting_held(
            month=month, chair_id=chair_id, attendee_ids=attendees, resolutions=resolutions, occurred_at=held_at
        )
        return self.meetings[-1]

    @event(OfficeMeetingHeld)
    def _meeting_held(
        self,
        month: str,
        chair_id: UUID,
        attendee_ids: list[UUID],
        resolutions: list[str],
        occurred_at: datetime | None = None,
    ) -> None:
        assert occurred_at is not None
        self.meetings.append(OfficeMeeting(month, occurred_at, chair_id, list(attendee_ids), list(resolutions)))
