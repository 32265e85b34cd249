"""Closing periods: the ranking and its decisions in one save, made once; order; the scheme in force
on the period's first day; recomputation gives the published result."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from assessment.application import Assessments, InMemoryFacts, SchemeChangeRetroactiveError
from assessment.application.periods import FactsNotCaughtUpError, FactsProgressUnknownError
from assessment.application.ports import FeedProgress
from assessment.domain.decisions import AdmonishmentTalk, PostTransfer, TransferOutcome
from assessment.domain.default_scheme import DEFAULT_SCHEME
from assessment.domain.entries import EvaluationMethod
from assessment.domain.periods import SubjectType
from assessment.domain.rankings import (
    PeriodAlreadyClosedError,
    PeriodicPeriodsNotClosedError,
    PeriodNotEndedError,
    PeriodNotRankedError,
    PeriodOutOfOrderError,
)
from assessment.domain.timing import TimeInFutureError
from assessment.integration import to_integration_event
from assessment.jobs import close_due_periods
from shared.contracts.assessment import PostTransferDecidedV1
from shared.domain import FixedClock
from tests.unit.assessment.conftest import at
from tests.unit.assessment.facts import fact

UNIT = SubjectType.UNIT
OFFICER = SubjectType.OFFICER


def month_of_evaluations(
    facts: InMemoryFacts, month: int, scores: dict[str, int], producer: str = "assessment"
) -> None:
    facts.add(
        *(
            fact(unit, "external_evaluation.public_score", value, day=date(2018, month, 10), producer=producer)
            for unit, value in scores.items()
        )
    )


FIVE = {"STN01": 95, "STN02": 90, "STN03": 70, "STN04": 65, "STN05": 60}


def test_closing_a_month_publishes_the_ranking_and_requires_talks_for_the_bottom_three(
    app: Assessments, facts: InMemoryFacts, clock: FixedClock
) -> None:
    month_of_evaluations(facts, 3, FIVE)
    at(clock, "2018-04-02")
    ranking = app.close_period(UNIT, "2018-03")
    assert [(r["subject_id"], r["rank"], r["grade"], r["talk_required"]) for r in ranking.rows] == [
        ("STN01", 1, "excellent", False),
        ("STN02", 2, "excellent", False),
        ("STN03", 3, "pass", True),
        ("STN04", 4, "fail", True),
        ("STN05", 5, "fail", True),
    ]
    assert ranking.scheme_version == 1
    assert ranking.facts_through == {"assessment": max(f.source_position for f in facts.facts)}
    talks = [app.get_decision(talk_id) for talk_id in ranking.talk_ids]
    assert all(isinstance(t, AdmonishmentTalk) for t in talks)
    assert sorted(t.subject_id for t in talks) == ["STN03", "STN04", "STN05"]
    # 5 working days from Monday 2 April 2018: 3, 4 April, then Qingming (5-7 April), the make-up
    # Sunday 8 April, 9 and 10 April.
    assert {t.due_on for t in talks if isinstance(t, AdmonishmentTalk)} == {date(2018, 4, 10)}
    assert ranking.transfer_ids == []


def test_closing_a_period_twice_is_refused_and_writes_nothing(
    app: Assessments, facts: InMemoryFacts, clock: FixedClock
) -> None:
    month_of_evaluations(facts, 3, FIVE)
    at(clock, "2018-04-02")
    app.close_period(UNIT, "2018-03")
    written = app.recorder.max_notification_id()
    with pytest.raises(PeriodAlreadyClosedError) as refused:
        app.close_period(UNIT, "2018-03")
    assert refused.value.details == {"period": "2018-03", "subject_type": "unit"}
    assert app.recorder.max_notification_id() == written


def test_three_bottom_months_propose_a_transfer_of_the_unit_head_once(
    app: Assessments, facts: InMemoryFacts, clock: FixedClock
) -> None:
    for month in (1, 2, 3, 4):
        month_of_evaluations(facts, month, FIVE)
    proposals: dict[str, list[str]] = {}
    for month, closing_day in ((1, "2018-02-01"), (2, "2018-03-01"), (3, "2018-04-02"), (4, "2018-05-02")):
        at(clock, closing_day)
        ranking = app.close_period(UNIT, f"2018-{month:02d}")
        proposals[ranking.period.key] = [str(t) for t in ranking.transfer_ids]
        assert len(ranking.talk_ids) == 3  # every month: the same bottom three
    assert proposals["2018-01"] == proposals["2018-02"] == proposals["2018-04"] == []
    transfers = [app.get_decision(t) for t in app.get_ranking(UNIT, "2018-03").transfer_ids]
    assert all(isinstance(t, PostTransfer) for t in transfers)
    assert sorted((t.subject_id, t.officer_id) for t in transfers if isinstance(t, PostTransfer)) == [
        ("STN03", "head-of-STN03"),
        ("STN04", "head-of-STN04"),
        ("STN05", "head-of-STN05"),
    ]
    assert {tuple(t.run_periods) for t in transfers if isinstance(t, PostTransfer)} == {
        ("2018-01", "2018-02", "2018-03")
    }


def test_a_decided_transfer_says_whether_the_new_post_is_an_enforcement_post(
    app: Assessments, facts: InMemoryFacts, clock: FixedClock
) -> None:
    """Personnel withdraws the card unless the leadership moved the head to an enforcement post."""
    for month, closing_day in ((1, "2018-02-01"), (2, "2018-03-01"), (3, "2018-04-02")):
        month_of_evaluations(facts, month, FIVE)
        at(clock, closing_day)
        app.close_period(UNIT, f"2018-{month:02d}")
    to_enforcement, off_enforcement, kept = app.get_ranking(UNIT, "2018-03").transfer_ids
    decided_at = datetime(2018, 4, 2, 2, tzinfo=UTC)
    for decision_id, outcome, to_post, to_enforcement_post in (
        (to_enforcement, TransferOutcome.TRANSFERRED, "执法监察员", True),
        (off_enforcement, TransferOutcome.TRANSFERRED, "档案员", False),
        (kept, TransferOutcome.NOT_TRANSFERRED, "", True),  # nothing moves: the flag is not recorded
    ):
        app.decide_transfer(
            decision_id, outcome=outcome, officer_id=None, from_post="所长", to_post=to_post, note="整改",
            decided_at=decided_at, to_enforcement_post=to_enforcement_post,
        )  # fmt: skip
    decided = [
        event
        for decision_id in (to_enforcement, off_enforcement, kept)
        for event in map(to_integration_event, app.stored_events(decision_id))
        if isinstance(event, PostTransferDecidedV1)
    ]
    assert [event.to_enforcement_post for event in decided] == [True, False, False]


def test_a_close_waits_for_the_entries_to_reach_the_facts(
    app: Assessments, facts: InMemoryFacts, clock: FixedClock
) -> None:
    month_of_evaluations(facts, 3, FIVE)
    app.record_public_evaluation(
        subject_type=UNIT, subject_id="STN06", unit_id="STN06", counts_for=date(2018, 3, 30),
        method=EvaluationMethod.CARD, score=Decimal(99), sample_size=12, evidence_ref="card 6",
    )  # fmt: skip
    at(clock, "2018-04-02")
    facts.facts[:] = [replace(f, source_position=1) for f in facts.facts]  # the projection is at position 1
    written = app.recorder.max_notification_id()
    with pytest.raises(FactsNotCaughtUpError) as refused:
        app.close_period(UNIT, "2018-03")
    assert refused.value.details["pending_entries"] == 1
    assert app.recorder.max_notification_id() == written
    # The facts projection applies the entry (at its notification position): the close goes ahead.
    facts.add(fact("STN06", "external_evaluation.public_score", 99, producer="assessment", position=written))
    ranking = app.close_period(UNIT, "2018-03")
    assert ranking.rows[0]["subject_id"] == "STN06"


@dataclass
class Streams:
    """What the facts projection's consumers would tell of each producer's stream."""

    answer: list[FeedProgress] = field(default_factory=list)
    unknown: bool = False

    def progress(self) -> list[FeedProgress]:
        if self.unknown:
            raise FactsProgressUnknownError("NATS is not reachable")
        return self.answer


def test_a_close_waits_while_another_producers_stream_holds_events_the_facts_have_not_settled(
    app: Assessments, facts: InMemoryFacts, clock: FixedClock
) -> None:
    month_of_evaluations(facts, 3, FIVE, producer="cases")
    at(clock, "2018-04-02")
    streams = Streams([FeedProgress("cases", unsettled=3, settled_through=5), FeedProgress("personnel", 0, 0)])
    app.facts_feed = streams
    written = app.recorder.max_notification_id()
    with pytest.raises(FactsNotCaughtUpError) as refused:
        app.close_period(UNIT, "2018-03")
    assert refused.value.code == "facts_not_caught_up"
    assert refused.value.details["unsettled_events"] == {"cases": 3}
    assert app.recorder.max_notification_id() == written
    streams.answer = [FeedProgress("cases", unsettled=0, settled_through=8), FeedProgress("personnel", 0, 0)]
    assert app.close_period(UNIT, "2018-03").rows[0]["subject_id"] == "STN01"


def test_a_close_is_refused_while_the_facts_are_being_rebuilt(
    app: Assessments, facts: InMemoryFacts, clock: FixedClock
) -> None:
    month_of_evaluations(facts, 3, FIVE, producer="cases")
    at(clock, "2018-04-02")
    written = app.recorder.max_notification_id()
    # The rebuild deleted the consumers (the projector has not made them again yet), or it emptied the
    # facts and their cursors after the streams were asked: the facts read hold nothing of personnel.
    for answer in (
        [FeedProgress("cases", unsettled=0, settled_through=8), FeedProgress("personnel", None, 0)],
        [FeedProgress("cases", unsettled=0, settled_through=8), FeedProgress("personnel", 0, 40)],
    ):
        app.facts_feed = Streams(answer)
        with pytest.raises(FactsNotCaughtUpError) as refused:
            app.close_period(UNIT, "2018-03")
        assert refused.value.details["rebuilding"] == ["personnel"]
        assert "being rebuilt" in refused.value.message
    app.facts_feed = Streams(unknown=True)
    with pytest.raises(FactsProgressUnknownError) as unknown:
        app.close_period(UNIT, "2018-03")
    assert (unknown.value.status, unknown.value.code) == (503, "facts_progress_unknown")
    assert app.recorder.max_notification_id() == written


def test_the_scheduler_leaves_a_period_for_later_while_the_facts_catch_up(
    app: Assessments, facts: InMemoryFacts, clock: FixedClock
) -> None:
    month_of_evaluations(facts, 3, FIVE)
    at(clock, "2018-04-02")
    app.close_period(UNIT, "2018-03")  # the secretariat starts the series by hand
    month_of_evaluations(facts, 4, FIVE)
    at(clock, "2018-05-05")
    app.facts_feed = Streams([FeedProgress("personnel", None, 0)])
    assert close_due_periods(app, grace_days=3) == []
    app.facts_feed = Streams(unknown=True)
    assert close_due_periods(app, grace_days=3) == []
    app.facts_feed = Streams([FeedProgress("assessment", 0, 12)])
    assert close_due_periods(app, grace_days=3) == ["unit/2018-04"]


def test_periods_close_in_order_and_only_after_they_end(
    app: Assessments, facts: InMemoryFacts, clock: FixedClock
) -> None:
    month_of_evaluations(facts, 3, FIVE)
    at(clock, "2018-03-31")
    with pytest.raises(PeriodNotEndedError):
        app.close_period(UNIT, "2018-03")
    at(clock, "2018-06-01")
    app.close_period(UNIT, "2018-03")
    with pytest.raises(PeriodOutOfOrderError) as refused:
        app.close_period(UNIT, "2018-05")
    assert refused.value.details["next_expected"] == "2018-04"
    with pytest.raises(PeriodNotRankedError):
        app.close_period(OFFICER, "2018-04")  # officers are ranked quarterly


def test_a_scheme_change_applies_from_its_effective_date_and_an_earlier_period_recomputes_to_its_old_result(
    app: Assessments, facts: InMemoryFacts, clock: FixedClock
) -> None:
    # March and April: case reviews and public evaluations that weigh differently under version 2.
    for month in (3, 4):
        facts.add(
            fact("STN01", "case_quality.review_score", 60, day=date(2018, month, 5), producer="assessment"),
            fact("STN02", "case_quality.review_score", 90, day=date(2018, month, 5), producer="assessment"),
        )
    month_of_evaluations(facts, 3, {"STN01": 100, "STN02": 60})
    month_of_evaluations(facts, 4, {"STN01": 100, "STN02": 60})
    values = DEFAULT_SCHEME.to_values()
    weights = {"case_quality": "10", "external_evaluation": "25"}  # public satisfaction now outweighs file quality
    for item in values["items"]:
        item["weight"] = weights.get(item["code"], item["weight"])
    at(clock, "2018-03-20")
    app.publish_scheme(effective_from=date(2018, 4, 1), values=values, note="2018 revision")

    at(clock, "2018-04-02")
    march = app.close_period(UNIT, "2018-03")
    # Version 1: STN01 (25 x 0.6 + 10 x 1) x 100/35 = 71.43; STN02 (25 x 0.9 + 10 x 0.6) x 100/35 = 81.43
    assert march.scheme_version == 1
    assert [(r["subject_id"], r["score"]) for r in march.rows] == [("STN02", "81.43"), ("STN01", "71.43")]
    published = [dict(r) for r in march.rows]

    # A late March fact arrives after the close; April closes under version 2.
    facts.add(fact("STN01", "case_quality.review_score", 100, day=date(2018, 3, 30), producer="assessment"))
    at(clock, "2018-05-02")
    april = app.close_period(UNIT, "2018-04")
    # Version 2: STN01 (10 x 0.6 + 25 x 1) x 100/35 = 88.57; STN02 (10 x 0.9 + 25 x 0.6) x 100/35 = 68.57
    assert april.scheme_version == 2
    assert [(r["subject_id"], r["score"]) for r in april.rows] == [("STN01", "88.57"), ("STN02", "68.57")]

    recomputed = app.recompute(UNIT, "2018-03")
    assert recomputed.matches
    assert recomputed.recomputed == published
    # The live preview sees the late fact: that is why a published ranking keeps its facts' positions.
    preview = app.preview(UNIT, "2018-03")
    assert preview.scheme_version == 1
    assert {r["subject_id"]: r["score"] for r in preview.rows()}["STN01"] != "71.43"

    with pytest.raises(SchemeChangeRetroactiveError) as refused:
        app.publish_scheme(effective_from=date(2018, 4, 15), values=values, note="too late")
    assert refused.value.details["earliest_effective_from"] == "2018-05-01"


def test_the_annual_ranking_waits_for_the_periodic_rankings_and_weights_them(
    app: Assessments, facts: InMemoryFacts, clock: FixedClock
) -> None:
    officers = {"a0000000-0000-0000-0000-00000000000a": 90, "b0000000-0000-0000-0000-00000000000b": 60}
    for quarter_month in (2, 5, 8, 11):
        facts.add(
            *(
                fact(o, "training_exam.exam_score", v, subject_type=OFFICER, day=date(2018, quarter_month, 1))
                for o, v in officers.items()
            )
        )
    at(clock, "2019-01-03")
    with pytest.raises(PeriodicPeriodsNotClosedError) as refused:
        app.close_period(OFFICER, "2018")
    assert refused.value.details["missing"] == ["2018-Q1", "2018-Q2", "2018-Q3", "2018-Q4"]
    for quarter in (1, 2, 3, 4):
        app.close_period(OFFICER, f"2018-Q{quarter}")
    year = app.close_period(OFFICER, "2018")
    rows = {r["subject_id"]: r for r in year.rows}
    low = rows["b0000000-0000-0000-0000-00000000000b"]
    assert low["score"] == "60.00"  # 0.4 x 60 + 0.6 x 60
    assert Decimal(low["explanation"]["periodic_contribution"]) == Decimal("24.00")
    assert low["talk_required"] is False  # the annual ranking makes no talk by default


def test_a_talk_is_recorded_as_held_late_or_on_time_but_never_in_the_future(
    app: Assessments, facts: InMemoryFacts, clock: FixedClock
) -> None:
    month_of_evaluations(facts, 3, FIVE)
    at(clock, "2018-04-12")
    (talk_id, *_) = app.close_period(UNIT, "2018-03").talk_ids
    written = app.recorder.max_notification_id()
    with pytest.raises(TimeInFutureError) as refused:
        app.hold_talk(talk_id, held_by="局长", minutes_ref="m", note="", held_at=datetime(2018, 4, 13, tzinfo=UTC))
    assert refused.value.details["field"] == "held_at"
    assert app.recorder.max_notification_id() == written
    app.hold_talk(talk_id, held_by="局长", minutes_ref="m", note="", held_at=datetime(2018, 4, 11, 2, tzinfo=UTC))
    talk = app.get_decision(talk_id)
    assert isinstance(talk, AdmonishmentTalk)
    assert talk.held  # due on 10 April: held a day late, recorded the day after
