"""Rewards on a published ranking (奖励): granted by the leadership on the ranking line they rest on,
refused to a bottom place (due an admonishment talk) or a failing grade, once per kind, never
dated within the period ranked; each refusal writes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from assessment.application import Assessments, InMemoryFacts
from assessment.domain.periods import SubjectType
from assessment.domain.rankings import RankingNotFoundError, SubjectNotRankedError
from assessment.domain.rewards import (
    Reward,
    RewardAlreadyGrantedError,
    RewardBeforePeriodEndError,
    RewardForBottomPlaceError,
    RewardForFailingGradeError,
    RewardKind,
)
from assessment.domain.timing import TimeInFutureError
from assessment.integration import to_integration_event
from shared.contracts.assessment import RewardGrantedV1
from shared.domain import FixedClock, command_context
from tests.unit.assessment.conftest import as_director, at
from tests.unit.assessment.facts import fact

UNIT = SubjectType.UNIT
# STN03 fails (65 < 70) without being in the bottom three (STN04 to STN06).
SIX = {"STN01": 95, "STN02": 90, "STN03": 65, "STN04": 60, "STN05": 55, "STN06": 50}
DECIDED = datetime(2018, 4, 9, 2, 0, tzinfo=UTC)


@pytest.fixture
def ranked(app: Assessments, facts: InMemoryFacts, clock: FixedClock) -> Assessments:
    facts.add(
        *(
            fact(unit, "external_evaluation.public_score", value, day=date(2018, 3, 10), producer="assessment")
            for unit, value in SIX.items()
        )
    )
    at(clock, "2018-04-02")
    app.close_period(UNIT, "2018-03")
    at(clock, "2018-04-10")
    return app


def grant(app: Assessments, subject_id: str, kind: RewardKind = RewardKind.COMMENDATION, **extra: object) -> Reward:
    with command_context(as_director()):
        return app.grant_reward(
            UNIT,
            str(extra.get("period", "2018-03")),
            subject_id=subject_id,
            kind=kind,
            granted_by="局长办公会 2018-04-09",
            note="通报表扬",
            granted_at=extra.get("granted_at", DECIDED),  # type: ignore[arg-type]
        )


def refused(app: Assessments, error: type[Exception], subject_id: str, **extra: object) -> Exception:
    before = app.recorder.max_notification_id()
    with pytest.raises(error) as raised:
        grant(app, subject_id, **extra)  # type: ignore[arg-type]
    assert app.recorder.max_notification_id() == before, "a refused reward wrote events"
    return raised.value


def test_a_reward_rests_on_the_ranking_line_and_is_published(ranked: Assessments) -> None:
    reward = grant(ranked, "STN01")
    ranking = ranked.get_ranking(UNIT, "2018-03")
    assert reward.id == Reward.create_id(ranking.id, "STN01", "commendation")
    assert (reward.rank, reward.grade, reward.score, reward.unit_id) == (1, "excellent", "95.00", "STN01")
    assert reward.granted_at == DECIDED
    (stored,) = ranked.stored_events(reward.id)
    assert (stored.actor_id, stored.actor_role) == ("director-zhang", "director")
    public = to_integration_event(stored)
    assert isinstance(public, RewardGrantedV1)
    assert (public.reward_id, public.period_id, public.period, public.kind) == (
        reward.id,
        ranking.id,
        "2018-03",
        "commendation",
    )
    assert (public.score, public.rank, public.granted_at) == (Decimal("95.00"), 1, DECIDED)


def test_each_kind_is_granted_once_per_subject_and_period(ranked: Assessments) -> None:
    grant(ranked, "STN02")
    refused(ranked, RewardAlreadyGrantedError, "STN02")
    bonus = grant(ranked, "STN02", RewardKind.BONUS)
    assert bonus.kind is RewardKind.BONUS


def test_a_bottom_place_is_due_a_talk_not_a_reward(ranked: Assessments) -> None:
    error = refused(ranked, RewardForBottomPlaceError, "STN04")
    assert error.details["rank"] == 4  # type: ignore[attr-defined]


def test_a_failing_grade_outside_the_bottom_places_is_not_rewarded(ranked: Assessments) -> None:
    row = ranked.get_ranking(UNIT, "2018-03").row("STN03")
    assert (row["grade"], row["bottom"]) == ("fail", False)
    refused(ranked, RewardForFailingGradeError, "STN03")


def test_a_reward_is_not_dated_within_the_period_nor_in_the_future(ranked: Assessments) -> None:
    # 31 March 23:00 in the bureau is still March; 00:00 on 1 April is after it.
    refused(ranked, RewardBeforePeriodEndError, "STN01", granted_at=datetime(2018, 3, 31, 15, tzinfo=UTC))
    assert grant(ranked, "STN01", granted_at=datetime(2018, 3, 31, 16, tzinfo=UTC)).granted_at.day == 31
    refused(ranked, TimeInFutureError, "STN02", granted_at=datetime(2018, 4, 11, tzinfo=UTC))


def test_only_a_ranked_subject_of_a_published_ranking_is_rewarded(ranked: Assessments) -> None:
    refused(ranked, SubjectNotRankedError, "STN09")
    refused(ranked, RankingNotFoundError, "STN01", period="2018-02")
