"""Training sessions and who attended them: pre-post training (岗前培训), the Friday study, the
10-minute study before work, and the quarterly course (DOMAIN §4.4 `TrainingSessionHeld`)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import event

from personnel.domain.common import bureau_day
from personnel.domain.errors import WeeklyStudyNotOnFridayError
from shared.domain import InvalidInputError, RecordedAggregate

FRIDAY = 4


class TrainingKind(StrEnum):
    PRE_POST = "pre_post"
    WEEKLY_FRIDAY = "weekly_friday"
    PRE_WORK_10MIN = "pre_work_10min"
    QUARTERLY_COURSE = "quarterly_course"


class TrainingSession(RecordedAggregate):
    """One session held, with its attendance."""

    class Held(RecordedAggregate.Created):
        kind: str
        topics: list[str]
        trainer: str
        attendee_ids: list[UUID]

    @event(Held)
    def __init__(
        self,
        kind: str,
        topics: list[str],
        trainer: str,
        attendee_ids: list[UUID],
        occurred_at: datetime | None = None,
    ) -> None:
        assert occurred_at is not None
        self.kind = TrainingKind(kind)
        self.topics = list(topics)
        self.trainer = trainer
        self.attendee_ids = list(attendee_ids)
        self.held_at = occurred_at

    @staticmethod
    def check(kind: TrainingKind, held_at: datetime, attendee_ids: list[UUID]) -> list[UUID]:
        """The attendees, once each, in the order given; refuses a session that breaks a rule."""
        if kind == TrainingKind.WEEKLY_FRIDAY and bureau_day(held_at).weekday() != FRIDAY:
            raise WeeklyStudyNotOnFridayError(
                "the weekly collective study is held on Fridays",
                held_on=bureau_day(held_at).isoformat(),
                weekday=bureau_day(held_at).strftime("%A"),
            )
        attendees = list(dict.fromkeys(attendee_ids))
        if not attendees:
            raise InvalidInputError("a session needs at least one attendee", field="attendee_ids")
        return attendees
