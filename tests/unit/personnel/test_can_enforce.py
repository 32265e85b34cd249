"""`can_enforce(officer, at)` (DOMAIN §2.2) at instants before, during and after a suspension, a
revocation and an expiry — and the same answers from the public events, read as every consumer reads
them (`shared.contracts.personnel.enforcement_standing`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from uuid import UUID

import pytest

from personnel.application import Personnel
from personnel.domain import (
    CancellationReason,
    ReplacementReason,
    ReviewResult,
    RevocationReason,
    SuspensionReason,
)
from personnel.domain.common import day_start
from shared.contracts.personnel import BUREAU_TIMEZONE as CONTRACT_TIMEZONE
from shared.contracts.personnel import enforcement_standing
from shared.domain import FixedClock
from shared.domain.calendar import BUREAU_TIMEZONE
from tests.support.personnel import certify, consumer_reason, enrol, read_as_a_consumer, train_and_post

NO = "HN-LY-2017-0001"


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def reason(personnel: Personnel, officer_id: UUID, instant: datetime) -> str | None:
    standing = personnel.standing(officer_id, instant)
    assert standing.can_enforce == (standing.reason is None)
    return standing.reason


def both(personnel: Personnel, officer_id: UUID, instant: datetime) -> str | None:
    """The producer's answer, checked against the consumers' reading of the same history."""
    answer = reason(personnel, officer_id, instant)
    assert consumer_reason(personnel, officer_id, instant) == answer, instant
    return answer


@pytest.fixture
def officer_id(personnel: Personnel) -> UUID:
    officer = enrol(personnel)
    train_and_post(personnel, officer.id)
    certify(personnel, officer.id)  # issued 2017-06-01, expires 2022-06-01, first review due 2018-06-01
    return officer.id


def test_the_contract_reads_days_in_the_bureau_s_time_zone() -> None:
    assert CONTRACT_TIMEZONE == BUREAU_TIMEZONE


def test_no_certificate_and_out_of_scope(personnel: Personnel) -> None:
    nobody = enrol(personnel, "甲")
    assert both(personnel, nobody.id, at(2018, 1, 1)) == "no_certificate"
    planner = enrol(personnel, "乙")
    certify(personnel, planner.id, "HN-SURVEY-1", scope_field="surveying_mapping")
    assert both(personnel, planner.id, at(2018, 1, 1)) == "out_of_scope"


def test_validity_starts_on_the_issue_day_in_the_bureau_s_time_zone(personnel: Personnel, officer_id: UUID) -> None:
    issue_day = day_start(date(2017, 6, 1))
    assert issue_day.tzinfo == BUREAU_TIMEZONE
    assert both(personnel, officer_id, issue_day - timedelta(microseconds=1)) == "not_yet_valid"
    assert both(personnel, officer_id, issue_day) is None


def test_before_during_and_after_a_suspension(personnel: Personnel, officer_id: UUID) -> None:
    personnel.suspend_certificate(
        NO, reason=SuspensionReason.NOT_SHOWN, until=date(2017, 10, 1), decided_by="法规股", at=at(2017, 8, 1, 2)
    )
    assert both(personnel, officer_id, at(2017, 8, 1, 1)) is None
    assert both(personnel, officer_id, at(2017, 8, 1, 2)) == "suspended"
    assert both(personnel, officer_id, at(2017, 9, 30, 15, 59)) == "suspended"
    assert both(personnel, officer_id, at(2017, 9, 30, 16)) is None  # 1 October 00:00 in Beijing


def test_a_reinstatement_ends_the_suspension_at_its_instant(personnel: Personnel, officer_id: UUID) -> None:
    personnel.suspend_certificate(
        NO, reason=SuspensionReason.UNREVIEWED_CARD, until=None, decided_by="d", at=at(2017, 8, 1)
    )
    personnel.reinstate_certificate(NO, note="", at=at(2017, 8, 20, 10))
    assert both(personnel, officer_id, at(2017, 8, 20, 9, 59)) == "suspended"
    assert both(personnel, officer_id, at(2017, 8, 20, 10)) is None
    assert both(personnel, officer_id, at(2017, 12, 1)) is None


def test_before_during_and_after_a_revocation(personnel: Personnel, officer_id: UUID) -> None:
    personnel.revoke_certificate(NO, reason=RevocationReason.ALTERED, decided_by="法制办", at=at(2017, 11, 1, 8))
    assert both(personnel, officer_id, at(2017, 11, 1, 7, 59)) is None
    assert both(personnel, officer_id, at(2017, 11, 1, 8)) == "revoked"
    assert both(personnel, officer_id, at(2023, 1, 1)) == "revoked"  # ended, whatever the expiry says


def test_before_during_and_after_an_expiry(personnel: Personnel, officer_id: UUID, clock: FixedClock) -> None:
    personnel.review_certificate(NO, period="2018", result=ReviewResult.PASSED, notes="", reviewed_at=at(2018, 2, 1))
    expiry = day_start(date(2022, 6, 1))
    reviewed_until = day_start(date(2019, 2, 1))
    assert both(personnel, officer_id, reviewed_until - timedelta(seconds=1)) is None
    # Later instants: the officer's reviews stop in 2018, so review comes first, then the expiry.
    assert both(personnel, officer_id, expiry - timedelta(seconds=1)) == "not_reviewed"
    assert both(personnel, officer_id, expiry) == "expired"
    clock.set(expiry + timedelta(hours=1))
    personnel.record_certificate_expiry(NO)  # recording it changes no answer
    assert both(personnel, officer_id, at(2018, 6, 1)) is None
    assert both(personnel, officer_id, expiry) == "expired"


def test_an_expiry_without_review_trouble(personnel: Personnel, clock: FixedClock) -> None:
    officer = enrol(personnel, "丙")
    certify(personnel, officer.id, "HN-SHORT", expires_on=date(2018, 3, 1))
    expiry = day_start(date(2018, 3, 1))
    assert both(personnel, officer.id, expiry - timedelta(microseconds=1)) is None
    assert both(personnel, officer.id, expiry) == "expired"


def test_an_overdue_review_and_a_failed_review_stop_enforcement(
    personnel: Personnel, officer_id: UUID, clock: FixedClock
) -> None:
    due = day_start(date(2018, 6, 1))
    assert both(personnel, officer_id, due - timedelta(seconds=1)) is None
    assert both(personnel, officer_id, due) == "not_reviewed"
    clock.set(at(2018, 7, 1))
    personnel.review_certificate(NO, period="2018", result=ReviewResult.FAILED, notes="", reviewed_at=at(2018, 6, 10))
    assert both(personnel, officer_id, at(2018, 6, 11)) == "not_reviewed"  # overdue is reported first
    personnel.review_certificate(NO, period="2018", result=ReviewResult.PASSED, notes="", reviewed_at=at(2018, 6, 20))
    assert both(personnel, officer_id, at(2018, 6, 21)) is None
    assert both(personnel, officer_id, at(2018, 6, 15)) == "not_reviewed"  # the past stays as it was


def test_a_failed_review_before_the_due_date(personnel: Personnel, officer_id: UUID) -> None:
    personnel.review_certificate(NO, period="2018", result=ReviewResult.FAILED, notes="", reviewed_at=at(2018, 2, 1))
    assert both(personnel, officer_id, at(2018, 1, 31)) is None
    assert both(personnel, officer_id, at(2018, 2, 2)) == "review_failed"


def test_a_removal_from_the_enforcement_post_stops_enforcement_while_it_lasts(
    personnel: Personnel, officer_id: UUID
) -> None:
    from personnel.domain import RemovalReason

    personnel.remove_from_enforcement_post(
        officer_id, reason=RemovalReason.ACCOUNTABILITY, note="", decided_by="d", at=at(2017, 9, 1)
    )
    personnel.restore_to_enforcement_post(officer_id, reason="r", decided_by="d", at=at(2017, 12, 1))
    assert both(personnel, officer_id, at(2017, 8, 31)) is None
    assert both(personnel, officer_id, at(2017, 10, 1)) == "removed_from_post"
    assert both(personnel, officer_id, at(2017, 12, 1)) is None


def test_a_replacement_hands_over_from_the_old_card_to_the_new(personnel: Personnel, officer_id: UUID) -> None:
    personnel.replace_certificate(NO, new_no="HN-NEW", reason=ReplacementReason.DAMAGED, at=at(2018, 1, 2, 3))
    before = personnel.standing(officer_id, at(2018, 1, 1))
    after = personnel.standing(officer_id, at(2018, 1, 3))
    assert (before.certificate_no, after.certificate_no) == (NO, "HN-NEW")
    assert both(personnel, officer_id, at(2018, 1, 3)) is None
    assert personnel.get_certificate(NO).unusable_reason(at(2018, 1, 3)) == "replaced"


def test_a_replacement_later_the_same_day_leaves_the_earlier_instants_as_they_were(
    personnel: Personnel, officer_id: UUID
) -> None:
    beijing = timezone(timedelta(hours=8))
    personnel.suspend_certificate(
        NO, reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="d", at=datetime(2018, 1, 2, 8, tzinfo=beijing)
    )
    personnel.reinstate_certificate(NO, note="", at=datetime(2018, 1, 2, 10, tzinfo=beijing))
    instants = [datetime(2018, 1, 2, hour, tzinfo=beijing) for hour in range(24)]
    before = [personnel.standing(officer_id, instant) for instant in instants]
    personnel.replace_certificate(
        NO, new_no="HN-NEW", reason=ReplacementReason.DAMAGED, at=datetime(2018, 1, 2, 11, tzinfo=beijing)
    )
    after = [personnel.standing(officer_id, instant) for instant in instants]
    assert [s.reason for s in after[:11]] == [s.reason for s in before[:11]]
    assert after[9].reason == "suspended"
    assert (after[11].can_enforce, after[11].certificate_no) == (True, "HN-NEW")
    # Cases and assessment read the same answers from the public events, hour by hour.
    assert [both(personnel, officer_id, instant) for instant in instants] == [s.reason for s in after]


def test_a_replacement_continues_the_old_card_s_standing_for_every_consumer(
    personnel: Personnel, officer_id: UUID
) -> None:
    personnel.review_certificate(NO, period="2018", result=ReviewResult.FAILED, notes="", reviewed_at=at(2018, 1, 10))
    personnel.suspend_certificate(NO, reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="d", at=at(2018, 2, 1))
    personnel.cancel_certificate(NO, reason=CancellationReason.LOST, at=at(2018, 2, 2))
    personnel.replace_certificate(NO, new_no="HN-NEW", reason=ReplacementReason.LOST, at=at(2018, 2, 5))
    assert both(personnel, officer_id, at(2018, 2, 3)) == "cancelled"
    assert both(personnel, officer_id, at(2018, 2, 6)) == "suspended"
    personnel.reinstate_certificate("HN-NEW", note="", at=at(2018, 2, 10))
    assert both(personnel, officer_id, at(2018, 2, 11)) == "review_failed"
    personnel.review_certificate(
        "HN-NEW", period="2018", result=ReviewResult.PASSED, notes="", reviewed_at=at(2018, 2, 20)
    )
    assert both(personnel, officer_id, at(2018, 2, 21)) is None
    assert both(personnel, officer_id, at(2018, 2, 15)) == "review_failed"


def test_a_cancellation_reports_cancelled(personnel: Personnel, officer_id: UUID) -> None:
    personnel.cancel_certificate(NO, reason=CancellationReason.TRANSFERRED, at=at(2018, 1, 2))
    assert both(personnel, officer_id, at(2018, 1, 1)) is None
    assert both(personnel, officer_id, at(2018, 1, 3)) == "cancelled"


def test_a_busy_history_reads_the_same_at_every_day(personnel: Personnel, officer_id: UUID, clock: FixedClock) -> None:
    personnel.suspend_certificate(
        NO, reason=SuspensionReason.NOT_SHOWN, until=date(2017, 9, 15), decided_by="d", at=at(2017, 8, 1)
    )
    personnel.review_certificate(NO, period="2018", result=ReviewResult.FAILED, notes="", reviewed_at=at(2017, 12, 1))
    personnel.review_certificate(NO, period="2018", result=ReviewResult.PASSED, notes="", reviewed_at=at(2018, 1, 10))
    personnel.suspend_certificate(NO, reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="d", at=at(2018, 2, 1))
    personnel.revoke_certificate(NO, reason=RevocationReason.SERIOUS_FAULT, decided_by="d", at=at(2018, 2, 20))
    records, removals = read_as_a_consumer(personnel)
    day = at(2017, 5, 20)
    while day < at(2018, 3, 1):
        for hour in (0, 12):
            instant = day + timedelta(hours=hour)
            expected = personnel.standing(officer_id, instant).reason
            assert enforcement_standing(records[officer_id], removals.get(officer_id, []), instant).reason == expected
        day += timedelta(days=1)
