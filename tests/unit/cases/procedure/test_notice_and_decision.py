"""The pre-decision notice, the party's statement, the hearing by threshold, and the decision."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from cases.domain.errors import OccurredBeforeError, StepAlreadyCompletedError, StepsMissingError
from cases.domain.penalties import Penalty
from cases.domain.penalty_case.decision import (
    HearingRequestPeriodOpenError,
    NoPenaltyReasonNotAllowedError,
    PenaltyExceedsNoticeError,
    StatementNotReviewedError,
    StatementPeriodOpenError,
)
from cases.domain.penalty_case.notice import (
    HearingBeforeScheduledTimeError,
    HearingNoticeTooLateError,
    HearingRequestTooLateError,
    OralStatementUnrecordedError,
    PenaltyIncreasedAfterDefenceError,
    PresiderIsInvestigatorError,
)
from tests.unit.cases.procedure.support import World, at, new_world


def reviewed_case(world: World, case_no: str = "MJ-2018-001", party_type: str = "person") -> UUID:
    lead = world.lead(f"L-{case_no}")
    world.verify(lead)
    case_id = world.file(lead, case_no, party={"type": party_type, "name": "某公司", "id_no": None}).id
    world.investigate(case_id)
    world.report(case_id)
    world.review(case_id)
    return case_id


def test_the_decision_waits_for_the_statement_period(world: World) -> None:
    case_id = reviewed_case(world)
    world.notice(case_id, day="2018-03-14")  # Wednesday: 3 working days end on Monday 19 March
    assert world.cases.get_case(case_id).notice["statement_due_on"] == date(2018, 3, 19)  # type: ignore[index]
    with pytest.raises(StatementPeriodOpenError) as open_period:
        world.decide(case_id, day="2018-03-19")
    assert open_period.value.details == {"statement_due_on": "2018-03-19"}
    world.decide(case_id, day="2018-03-20")
    case = world.cases.get_case(case_id)
    assert "statement_and_defence" in case.completed
    assert case.stage == "decided"


def test_a_statement_is_re_examined_before_the_decision(world: World) -> None:
    case_id = reviewed_case(world)
    world.notice(case_id)
    with pytest.raises(OralStatementUnrecordedError):
        world.cases.receive_statement(
            case_id, form="oral", summary="I had a permit", record_no=None, received_at=at("2018-03-15")
        )
    world.cases.receive_statement(
        case_id, form="oral", summary="I had a permit", record_no="CS-1", received_at=at("2018-03-15")
    )
    with pytest.raises(StatementNotReviewedError):
        world.decide(case_id, day="2018-03-26")
    world.cases.review_statement(case_id, adopted=False, reason="no permit on file", reviewed_at=at("2018-03-16"))
    world.decide(case_id, day="2018-03-26")
    assert world.cases.get_case(case_id).documents["statement_record"] == ["CS-1"]


def test_the_decision_never_exceeds_the_notice_without_a_new_notice(world: World) -> None:
    case_id = reviewed_case(world)
    world.notice(case_id, penalties=[Penalty("fine", 3_000)])
    with pytest.raises(PenaltyExceedsNoticeError) as refused:
        world.decide(case_id, day="2018-03-26", penalties=[Penalty("fine", 4_000)])
    assert refused.value.details["excess"] == [
        {
            "kind": "fine",
            "noticed": {"amount_yuan": 3_000, "area_m2": 0.0},
            "decided": {"amount_yuan": 4_000, "area_m2": 0.0},
        }
    ]
    with pytest.raises(PenaltyExceedsNoticeError):
        world.decide(case_id, day="2018-03-26", penalties=[Penalty("fine", 3_000), Penalty("warning")])
    world.decide(case_id, day="2018-03-26", penalties=[Penalty("fine", 2_500)])  # a lighter penalty is fine


def test_a_new_notice_opens_a_new_statement_period(world: World) -> None:
    case_id = reviewed_case(world)
    world.notice(case_id, day="2018-03-14", penalties=[Penalty("fine", 3_000)])
    world.notice(case_id, day="2018-03-26", penalties=[Penalty("fine", 4_000)])
    with pytest.raises(StatementPeriodOpenError):
        world.decide(case_id, day="2018-03-27", penalties=[Penalty("fine", 4_000)])
    world.decide(case_id, day="2018-03-30", penalties=[Penalty("fine", 4_000)])


def test_no_heavier_penalty_is_noticed_after_the_party_defended(world: World) -> None:
    case_id = reviewed_case(world)
    world.notice(case_id, day="2018-03-14", penalties=[Penalty("fine", 3_000)])
    world.cases.receive_statement(
        case_id, form="written", summary="I had a permit", record_no=None, received_at=at("2018-03-15")
    )
    world.cases.review_statement(case_id, adopted=False, reason="no permit on file", reviewed_at=at("2018-03-16"))
    version = world.cases.get_case(case_id).version
    with pytest.raises(PenaltyIncreasedAfterDefenceError) as heavier:
        world.notice(case_id, day="2018-03-19", penalties=[Penalty("fine", 4_000)])
    assert heavier.value.status == 409
    assert heavier.value.details["defended_notice_no"] == "GZ-2018-03-14"
    with pytest.raises(PenaltyIncreasedAfterDefenceError):  # a penalty of another kind is heavier too
        world.notice(case_id, day="2018-03-19", penalties=[Penalty("fine", 3_000), Penalty("warning")])
    assert world.cases.get_case(case_id).version == version  # nothing written
    world.notice(case_id, day="2018-03-19", penalties=[Penalty("fine", 2_000)])  # lighter: allowed
    with pytest.raises(PenaltyIncreasedAfterDefenceError):  # nor back up once the party has defended
        world.notice(case_id, day="2018-03-20", penalties=[Penalty("fine", 3_000)])


def test_no_heavier_penalty_is_noticed_after_the_party_asked_for_a_hearing(world: World) -> None:
    case_id = reviewed_case(world)
    world.notice(case_id, penalties=[Penalty("fine", 8_000)])
    world.cases.notify_hearing_right(case_id, doc_no="TZ-1", served_at=at("2018-03-14", 11))
    world.cases.request_hearing(case_id, requested_at=at("2018-03-15"))
    with pytest.raises(PenaltyIncreasedAfterDefenceError):
        world.notice(case_id, day="2018-03-16", penalties=[Penalty("fine", 12_000)])


@pytest.mark.parametrize(
    ("party_type", "amount", "eligible"),
    [
        ("person", 4_999, False),
        ("person", 5_000, True),
        ("organisation", 49_999, False),
        ("organisation", 50_000, True),
    ],
)
def test_a_large_fine_gives_the_right_to_a_hearing(world: World, party_type: str, amount: int, eligible: bool) -> None:
    case_id = reviewed_case(world, party_type=party_type)
    world.notice(case_id, penalties=[Penalty("fine", amount)])
    if eligible:
        with pytest.raises(StepsMissingError) as missing:
            world.decide(case_id, penalties=[Penalty("fine", amount)])
        assert missing.value.details["missing_steps"] == ["hearing_right_notice"]
    else:
        world.decide(case_id, penalties=[Penalty("fine", amount)])


def test_a_hearing_requested_in_time_is_held_before_the_decision(world: World) -> None:
    case_id = reviewed_case(world)
    world.notice(case_id, penalties=[Penalty("fine", 8_000)])
    world.cases.notify_hearing_right(case_id, doc_no="TZ-1", served_at=at("2018-03-14", 11))
    world.cases.waive_statement(case_id, written=True, waived_at=at("2018-03-15"))
    with pytest.raises(HearingRequestPeriodOpenError) as open_period:
        world.decide(case_id, day="2018-03-16", penalties=[Penalty("fine", 8_000)])
    assert open_period.value.details == {"request_due_on": "2018-03-19"}
    world.cases.request_hearing(case_id, requested_at=at("2018-03-16"))
    with pytest.raises(StepsMissingError) as missing:
        world.decide(case_id, day="2018-03-26", penalties=[Penalty("fine", 8_000)])
    assert missing.value.details["missing_steps"] == ["hearing"]
    with pytest.raises(PresiderIsInvestigatorError):
        world.cases.schedule_hearing(
            case_id,
            notice_no="TT-1",
            hearing_at=at("2018-03-30"),
            presider_id=world.a,
            public=True,
            notified_at=at("2018-03-19"),
        )
    with pytest.raises(HearingNoticeTooLateError) as late:
        world.cases.schedule_hearing(
            case_id,
            notice_no="TT-1",
            hearing_at=at("2018-03-27"),
            presider_id=world.legal,
            public=True,
            notified_at=at("2018-03-19"),
        )
    assert late.value.details["earliest_hearing_on"] == "2018-03-28"
    world.cases.schedule_hearing(
        case_id,
        notice_no="TT-1",
        hearing_at=at("2018-03-28"),
        presider_id=world.legal,
        public=True,
        notified_at=at("2018-03-19"),
    )
    world.cases.hold_hearing(case_id, transcript_no="BL-1", report_no="BG-1", held_at=at("2018-03-28", 15))
    # A decision after a hearing is major: it needs a legal review too.
    with pytest.raises(StepsMissingError) as major:
        world.decide(case_id, day="2018-04-02", penalties=[Penalty("fine", 8_000)])
    assert major.value.details["missing_steps"] == ["legal_review"]
    world.cases.complete_legal_review(
        case_id, reviewer_id=world.legal, opinion_no="FZ-1", result="passed", issues=[], reviewed_at=at("2018-03-30")
    )
    world.decide(case_id, day="2018-04-02", penalties=[Penalty("fine", 8_000)])
    assert world.cases.get_case(case_id).decision["penalties"] == [  # type: ignore[index]
        {"kind": "fine", "amount_yuan": 8_000, "area_m2": None}
    ]


def test_a_legal_review_passed_before_the_hearing_is_done_again_after_it(world: World) -> None:
    lead = world.lead("L-MJ-2018-001")
    world.verify(lead)
    case_id = world.file(lead, "MJ-2018-001").id
    world.investigate(case_id)
    world.report(case_id, is_major=True, proposed_penalties=[Penalty("fine", 8_000)])
    world.review(case_id)
    world.cases.complete_legal_review(
        case_id, reviewer_id=world.legal, opinion_no="FZ-1", result="passed", issues=[], reviewed_at=at("2018-03-13")
    )
    world.notice(case_id, penalties=[Penalty("fine", 8_000)])
    world.cases.notify_hearing_right(case_id, doc_no="TZ-1", served_at=at("2018-03-14", 11))
    world.cases.waive_statement(case_id, written=True, waived_at=at("2018-03-15"))
    world.cases.request_hearing(case_id, requested_at=at("2018-03-16"))
    world.cases.schedule_hearing(
        case_id,
        notice_no="TT-1",
        hearing_at=at("2018-03-28"),
        presider_id=world.legal,
        public=True,
        notified_at=at("2018-03-19"),
    )
    world.cases.hold_hearing(case_id, transcript_no="BL-1", report_no="BG-1", held_at=at("2018-03-28", 15))
    version = world.cases.get_case(case_id).version
    with pytest.raises(StepsMissingError) as missing:
        world.decide(case_id, day="2018-04-02", penalties=[Penalty("fine", 8_000)])
    assert missing.value.details["missing_steps"] == ["legal_review"]
    assert world.cases.get_case(case_id).version == version  # nothing written
    world.cases.complete_legal_review(
        case_id, reviewer_id=world.legal, opinion_no="FZ-2", result="passed", issues=[], reviewed_at=at("2018-03-30")
    )
    world.decide(case_id, day="2018-04-02", penalties=[Penalty("fine", 8_000)])
    assert world.cases.get_case(case_id).documents["legal_review_opinion"] == ["FZ-1", "FZ-2"]


def legally_reviewed_case(world: World, proposed: list[Penalty]) -> UUID:
    """A major case whose legal review passed on 13 March 2018, before any notice, on the proposed penalty."""
    case_id = world.filed_case()
    world.investigate(case_id)
    world.report(case_id, is_major=True, proposed_penalties=proposed)
    world.review(case_id)
    world.cases.complete_legal_review(
        case_id, reviewer_id=world.legal, opinion_no="FZ-1", result="passed", issues=[], reviewed_at=at("2018-03-13")
    )
    return case_id


@pytest.mark.parametrize(
    "heavier",
    [[Penalty("fine", 4_000)], [Penalty("fine", 3_000), Penalty("warning")]],
    ids=["larger_fine", "added_kind"],
)
def test_a_notice_served_again_with_a_heavier_penalty_after_the_legal_review_needs_a_new_review(
    world: World, heavier: list[Penalty]
) -> None:
    case_id = legally_reviewed_case(world, [Penalty("fine", 3_000)])
    world.notice(case_id, day="2018-03-14", penalties=[Penalty("fine", 3_000)])
    world.notice(case_id, day="2018-03-19", penalties=heavier)
    world.cases.waive_statement(case_id, written=True, waived_at=at("2018-03-20"))
    version = world.cases.get_case(case_id).version
    with pytest.raises(StepsMissingError) as missing:
        world.decide(case_id, day="2018-03-26", penalties=heavier)
    assert missing.value.details["missing_steps"] == ["legal_review"]
    assert world.cases.get_case(case_id).version == version  # nothing written
    world.cases.complete_legal_review(
        case_id, reviewer_id=world.legal, opinion_no="FZ-2", result="passed", issues=[], reviewed_at=at("2018-03-21")
    )
    world.decide(case_id, day="2018-03-26", penalties=heavier)
    case = world.cases.get_case(case_id)
    assert case.documents["legal_review_opinion"] == ["FZ-1", "FZ-2"]
    assert case.outcome == "penalty"


def test_a_first_notice_heavier_than_the_penalty_proposed_at_the_legal_review_needs_a_new_review(
    world: World,
) -> None:
    case_id = legally_reviewed_case(world, [Penalty("fine", 3_000)])
    world.notice(case_id, day="2018-03-14", penalties=[Penalty("fine", 4_000)])
    world.cases.waive_statement(case_id, written=True, waived_at=at("2018-03-15"))
    with pytest.raises(StepsMissingError) as missing:
        world.decide(case_id, day="2018-03-26", penalties=[Penalty("fine", 4_000)])
    assert missing.value.details["missing_steps"] == ["legal_review"]
    world.cases.complete_legal_review(
        case_id, reviewer_id=world.legal, opinion_no="FZ-2", result="passed", issues=[], reviewed_at=at("2018-03-16")
    )
    world.decide(case_id, day="2018-03-26", penalties=[Penalty("fine", 4_000)])


@pytest.mark.parametrize("renoticed", [3_000, 2_000], ids=["same", "lighter"])
def test_a_notice_served_again_with_the_same_or_a_lighter_penalty_keeps_the_legal_review(
    world: World, renoticed: int
) -> None:
    case_id = legally_reviewed_case(world, [Penalty("fine", 3_000)])
    world.notice(case_id, day="2018-03-14", penalties=[Penalty("fine", 3_000)])
    world.notice(case_id, day="2018-03-19", penalties=[Penalty("fine", renoticed)])
    world.cases.waive_statement(case_id, written=True, waived_at=at("2018-03-20"))
    with pytest.raises(StepAlreadyCompletedError):  # the review still covers the decision
        world.cases.complete_legal_review(
            case_id,
            reviewer_id=world.legal,
            opinion_no="FZ-2",
            result="passed",
            issues=[],
            reviewed_at=at("2018-03-21"),
        )
    world.decide(case_id, day="2018-03-26", penalties=[Penalty("fine", renoticed)])
    assert world.cases.get_case(case_id).documents["legal_review_opinion"] == ["FZ-1"]


def test_a_legal_review_after_the_heavier_notice_covers_it(world: World) -> None:
    case_id = world.filed_case()
    world.investigate(case_id)
    world.report(case_id, is_major=True, proposed_penalties=[Penalty("fine", 3_000)])
    world.review(case_id)
    world.notice(case_id, day="2018-03-14", penalties=[Penalty("fine", 3_000)])
    world.notice(case_id, day="2018-03-19", penalties=[Penalty("fine", 4_000)])
    world.cases.complete_legal_review(
        case_id, reviewer_id=world.legal, opinion_no="FZ-1", result="passed", issues=[], reviewed_at=at("2018-03-20")
    )
    world.cases.waive_statement(case_id, written=True, waived_at=at("2018-03-21"))
    world.decide(case_id, day="2018-03-26", penalties=[Penalty("fine", 4_000)])
    assert world.cases.get_case(case_id).documents["legal_review_opinion"] == ["FZ-1"]


def test_a_hearing_request_after_its_period_is_refused(world: World) -> None:
    case_id = reviewed_case(world)
    world.notice(case_id, penalties=[Penalty("fine", 8_000)])
    world.cases.notify_hearing_right(case_id, doc_no="TZ-1", served_at=at("2018-03-14", 11))
    with pytest.raises(HearingRequestTooLateError):
        world.cases.request_hearing(case_id, requested_at=at("2018-03-20"))
    world.decide(case_id, day="2018-03-20", penalties=[Penalty("fine", 8_000)])


@pytest.fixture
def world_2024() -> Iterator[World]:
    yield from new_world(datetime(2025, 6, 30, tzinfo=UTC))


def test_under_the_2024_measures_a_demolition_order_gives_the_right_to_a_hearing(world_2024: World) -> None:
    world = world_2024
    for officer in (world.a, world.b):
        world.directory.certify(officer, "2020-01-01", "2030-01-01")
    lead = world.lead("L-2024", received_at=at("2024-06-03"))
    world.verify(lead, verified_at=at("2024-06-04"))
    case_id = world.file(lead, "MJ-2024-001", filed_at=at("2024-06-05")).id
    world.investigate(case_id, day="2024-06-06")
    world.report(case_id, day="2024-06-11")
    world.review(case_id, day="2024-06-12")
    world.notice(case_id, day="2024-06-13", penalties=[Penalty("demolish_within", None, 660.0)])
    case = world.cases.get_case(case_id)
    assert case.notice["statement_due_on"] == date(2024, 6, 20)  # type: ignore[index]  # 5 working days
    assert case.hearing_grounds() == ["demolish_within"]


def test_the_2014_measures_know_no_first_minor_corrected_exemption(world: World) -> None:
    case_id = reviewed_case(world)
    with pytest.raises(NoPenaltyReasonNotAllowedError):
        world.cases.decide_no_penalty(
            case_id, decision_no="BY-1", reason="first_minor_corrected", approved_by=world.director, decided_at=None
        )
    world.cases.decide_no_penalty(
        case_id, decision_no="BY-1", reason="minor", approved_by=world.director, decided_at=None
    )
    assert world.cases.get_case(case_id).outcome == "no_penalty"


def test_a_further_statement_is_re_examined_before_the_decision(world: World) -> None:
    case_id = reviewed_case(world)
    world.notice(case_id, day="2018-03-14")
    world.cases.receive_statement(
        case_id, form="written", summary="first", record_no=None, received_at=at("2018-03-15")
    )
    world.cases.review_statement(case_id, adopted=False, reason="no permit", reviewed_at=at("2018-03-15", 15))
    world.cases.receive_statement(
        case_id, form="written", summary="new evidence", record_no=None, received_at=at("2018-03-16")
    )
    version = world.cases.get_case(case_id).version
    with pytest.raises(StatementNotReviewedError):
        world.decide(case_id, day="2018-03-26")
    assert world.cases.get_case(case_id).version == version  # nothing written
    with pytest.raises(OccurredBeforeError):  # re-examined before it came in
        world.cases.review_statement(case_id, adopted=False, reason="no", reviewed_at=at("2018-03-15", 16))
    world.cases.review_statement(case_id, adopted=False, reason="the evidence is forged", reviewed_at=at("2018-03-19"))
    world.decide(case_id, day="2018-03-26")


def test_a_decision_is_not_dated_before_the_notice_it_follows(world: World) -> None:
    case_id = reviewed_case(world)
    world.notice(case_id, day="2018-03-20")
    world.cases.waive_statement(case_id, written=True, waived_at=at("2018-03-21"))
    with pytest.raises(OccurredBeforeError) as early:
        world.decide(case_id, day="2018-03-08")
    assert early.value.status == 422
    assert early.value.details["step"] == "penalty_decision"
    assert early.value.details["follows"] == "statement_and_defence"
    world.decide(case_id, day="2018-03-22")


def test_a_hearing_is_held_no_earlier_than_the_party_was_told(world: World) -> None:
    case_id = reviewed_case(world)
    world.notice(case_id, penalties=[Penalty("fine", 8_000)])
    world.cases.notify_hearing_right(case_id, doc_no="TZ-1", served_at=at("2018-03-14", 11))
    with pytest.raises(OccurredBeforeError):  # asked for before the notice of the right was served
        world.cases.request_hearing(case_id, requested_at=at("2018-03-14", 10))
    world.cases.request_hearing(case_id, requested_at=at("2018-03-15"))
    world.cases.schedule_hearing(
        case_id,
        notice_no="TT-1",
        hearing_at=at("2018-03-28", 9),
        presider_id=world.legal,
        public=True,
        notified_at=at("2018-03-16"),
    )
    version = world.cases.get_case(case_id).version
    with pytest.raises(HearingBeforeScheduledTimeError) as early:
        world.cases.hold_hearing(case_id, transcript_no="BL-1", report_no="BG-1", held_at=at("2018-03-19"))
    assert early.value.details["hearing_at"] == at("2018-03-28", 9).isoformat()
    assert world.cases.get_case(case_id).version == version  # nothing written
    world.cases.hold_hearing(case_id, transcript_no="BL-1", report_no="BG-1", held_at=at("2018-03-28", 11))
    assert "hearing" in world.cases.get_case(case_id).completed
