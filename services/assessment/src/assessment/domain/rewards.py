"""Rewards (奖励) the leadership grants on a published ranking: the other half of the evaluation
method's "strict rewards and penalties" (SUMMARY §1; DOMAIN §4.4 `RewardGranted`).

A reward names the ranking line it rests on, so that an auditor sees why it was granted. It is
refused to a subject the same ranking sends to an admonishment talk (a bottom place) or grades as
failing, and it is granted once per kind, period and subject: its id derives from the three. It is
decided after the period ends (its business time is checked against the period, not against when
the ranking was recorded, so that history entered after the fact reads the same).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from shared.domain import DomainError, NotFoundError, RecordedAggregate
from shared.domain.calendar import BUREAU_TIMEZONE

REWARD_NAMESPACE = UUID("0c9e4f7a-52d1-4b8e-9a36-7f1d2e5c8b90")


class RewardKind(StrEnum):
    COMMENDATION = "commendation"  # 通报表扬: a commendation circulated through the bureau
    ADVANCED = "advanced"  # 评为先进: named an advanced unit (先进集体) or officer (先进个人)
    BONUS = "bonus"  # 奖金: a performance bonus


class RewardNotFoundError(NotFoundError):
    code = "reward_not_found"


class RewardAlreadyGrantedError(DomainError):
    code = "reward_already_granted"


class RewardForBottomPlaceError(DomainError):
    """The same ranking requires an admonishment talk of this subject."""

    code = "reward_for_bottom_place"


class RewardForFailingGradeError(DomainError):
    code = "reward_for_failing_grade"


class RewardBeforePeriodEndError(DomainError):
    code = "reward_before_period_end"


def check_eligible(row: dict[str, Any], failing_grade: str) -> None:
    """The ranking line a reward would rest on must not call for a talk, nor fail."""
    if row["bottom"]:
        raise RewardForBottomPlaceError(
            "a subject in the bottom places of this ranking is due an admonishment talk, not a reward",
            subject_id=row["subject_id"],
            rank=row["rank"],
            rank_from_bottom=row["rank_from_bottom"],
        )
    if row["grade"] == failing_grade:
        raise RewardForFailingGradeError(
            "a subject graded as failing in this ranking cannot be rewarded on it",
            subject_id=row["subject_id"],
            grade=row["grade"],
        )


class Reward(RecordedAggregate):
    class Granted(RecordedAggregate.Created):
        period_id: UUID
        period_key: str
        subject_type: str
        subject_id: str
        unit_id: str
        kind: str
        score: str
        rank: int
        grade: str
        granted_by: str
        note: str

    @staticmethod
    def create_id(period_id: UUID, subject_id: str, kind: str) -> UUID:
        return uuid5(REWARD_NAMESPACE, f"reward/{period_id}/{subject_id}/{kind}")

    @classmethod
    def grant(
        cls,
        *,
        period_id: UUID,
        period_key: str,
        subject_type: str,
        row: dict[str, Any],
        failing_grade: str,
        kind: RewardKind,
        granted_by: str,
        note: str,
        granted_at: datetime,
        period_end: date,
    ) -> Reward:
        check_eligible(row, failing_grade)
        if granted_at.astimezone(BUREAU_TIMEZONE).date() <= period_end:
            raise RewardBeforePeriodEndError(
                "a reward on a period's ranking is decided after the period has ended",
                granted_at=granted_at.isoformat(),
                period_end=period_end.isoformat(),
            )
        return cls(
            period_id=period_id,
            period_key=period_key,
            subject_type=subject_type,
            subject_id=row["subject_id"],
            unit_id=row["unit_id"],
            kind=kind.value,
            score=row["score"],
            rank=row["rank"],
            grade=row["grade"],
            granted_by=granted_by,
            note=note,
            occurred_at=granted_at,
        )

    @event(Granted)
    def __init__(
        self,
        *,
        period_id: UUID,
        period_key: str,
        subject_type: str,
        subject_id: str,
        unit_id: str,
        kind: str,
        score: str,
        rank: int,
        grade: str,
        granted_by: str,
        note: str,
        occurred_at: datetime | None = None,
    ) -> None:
        assert occurred_at is not None
        self.granted_at = occurred_at
        self.period_id = period_id
        self.period_key = period_key
        self.subject_type = subject_type
        self.subject_id = subject_id
        self.unit_id = unit_id
        self.kind = RewardKind(kind)
        self.score = score
        self.rank = rank
        self.grade = grade
        self.granted_by = granted_by
        self.note = note
