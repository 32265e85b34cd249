"""Rewards the leadership grants on a published ranking (奖励; see `assessment.domain.rewards`)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from assessment.application.periods import PeriodCommands
from assessment.domain.periods import SubjectType
from assessment.domain.rewards import Reward, RewardAlreadyGrantedError, RewardKind, RewardNotFoundError
from assessment.domain.timing import recorded_time
from shared.domain import get_clock


class RewardCommands(PeriodCommands):
    def grant_reward(
        self,
        subject_type: SubjectType,
        period_key: str,
        *,
        subject_id: str,
        kind: RewardKind,
        granted_by: str,
        note: str,
        granted_at: datetime,
    ) -> Reward:
        """Reward a subject on the published ranking of `period_key` (once per kind), judged by its
        ranking line and the failing grade of the scheme version that ranked it."""
        ranking = self.get_ranking(subject_type, period_key)
        row = ranking.row(subject_id)
        if Reward.create_id(ranking.id, subject_id, kind.value) in self.repository:
            raise _already_granted(ranking.period.key, subject_id, kind)
        _, scheme = self.scheme_numbered(ranking.scheme_version)
        reward = Reward.grant(
            period_id=ranking.id,
            period_key=ranking.period.key,
            subject_type=subject_type.value,
            row=row,
            failing_grade=scheme.failing_grade,
            kind=kind,
            granted_by=granted_by,
            note=note,
            granted_at=recorded_time(granted_at, now=get_clock().now(), field="granted_at"),
            period_end=ranking.period.end,
        )
        try:
            self.save(reward)
        except IntegrityError:  # granted by a concurrent request since the check above
            raise _already_granted(ranking.period.key, subject_id, kind) from None
        return reward

    def get_reward(self, reward_id: UUID) -> Reward:
        return self.load(reward_id, Reward, RewardNotFoundError)


def _already_granted(period: str, subject_id: str, kind: RewardKind) -> RewardAlreadyGrantedError:
    return RewardAlreadyGrantedError(
        "this reward was already granted on this ranking", period=period, subject_id=subject_id, kind=kind.value
    )
