"""The officer's records that are not events: posts and their ranks, removals from the enforcement
post, exam attempts — each a value the `Officer` aggregate keeps in its state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID


class PostRank(StrEnum):
    DIRECTOR = "director"
    DEPUTY_DIRECTOR = "deputy_director"
    UNIT_HEAD = "unit_head"
    STAFF = "staff"


class RemovalReason(StrEnum):
    EXAM_FAILED_TWICE = "exam_failed_twice"
    ACCOUNTABILITY = "accountability"
    ASSESSMENT = "assessment"


class DepartureReason(StrEnum):
    """Why an officer leaves the bureau (DOMAIN §2.1: the card is withdrawn on retirement or leaving)."""

    RETIRED = "retired"  # 退休
    RESIGNED = "resigned"  # 辞职
    TRANSFERRED_OUT = "transferred_out"  # 调出: moved to another organ, off the bureau's staff


class ExamKind(StrEnum):
    QUARTERLY_COURSE = "quarterly_course"  # the article's closed-book exam after each quarterly course
    GENERAL_LAW = "general_law"  # qualification exams before a certificate
    PROFESSIONAL_LAW = "professional_law"


QUALIFICATION_EXAMS = frozenset({ExamKind.GENERAL_LAW, ExamKind.PROFESSIONAL_LAW})
EXAM_FAILED_TWICE_RULE = "rule:exam_failed_twice"


@dataclass(frozen=True)
class Post:
    title: str
    rank: PostRank
    enforcement: bool

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "rank": self.rank.value, "enforcement": self.enforcement}

    @classmethod
    def of(cls, data: dict[str, Any]) -> Post:
        return cls(title=data["title"], rank=PostRank(data["rank"]), enforcement=bool(data["enforcement"]))


@dataclass(frozen=True)
class Removal:
    started_at: datetime
    reason: str
    decided_by: str
    accountability_id: UUID | None
    exam_id: UUID | None
    ended_at: datetime | None = None

    def covers(self, at: datetime) -> bool:
        return self.started_at <= at and (self.ended_at is None or at < self.ended_at)


@dataclass(frozen=True)
class Departure:
    reason: DepartureReason
    note: str
    decided_by: str
    at: datetime


@dataclass(frozen=True)
class RemovalGround:
    """A ground for removal that arose while the officer was already removed (a retake failed then):
    it waits, and becomes a removal of its own when the removal in force is lifted."""

    reason: str
    note: str
    decided_by: str
    exam_id: UUID | None
    arose_at: datetime


@dataclass(frozen=True)
class ScheduledSanction:
    """A sanction decided now that takes effect later: recorded when decided, applied when due."""

    accountability_id: UUID
    sanction_type: str
    takes_effect_at: datetime
    until: date | None
    certificate_no: str | None
    decided_by: str
    scheduled_at: datetime
    applied_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancellation: str | None = None  # why it will not take effect: the sanction revoked, or refused when due

    @property
    def key(self) -> tuple[UUID, str]:
        return (self.accountability_id, self.sanction_type)

    @property
    def pending(self) -> bool:
        return self.applied_at is None and self.cancelled_at is None


@dataclass(frozen=True)
class ExamAttempt:
    exam_id: UUID
    exam_round: str
    kind: ExamKind
    attempt_no: int
    score: float
    pass_mark: int
    passed: bool
    closed_book: bool
    taken_at: datetime
    rules_version: int
