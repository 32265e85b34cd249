"""A transfer off the enforcement post withdraws the enforcement card (收回 / 注销, DOMAIN §2.1): the
card is cancelled as `transferred` at the transfer's instant, in the same transaction, and every
consumer reading the public events sees the officer stop being able to enforce there."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from personnel.application import Personnel
from personnel.domain import CertificateStatus, PostRank, RevocationReason, SuspensionReason
from personnel.domain.common import RecordOutOfOrderError
from tests.support.personnel import (
    certified_enforcer,
    consumer_reason,
    enrol,
    pass_qualification,
    refused,
    train_and_post,
)

NO = "HN-LY-2017-0001"
TRANSFERRED_AT = datetime(2018, 1, 10, 9, 0, tzinfo=UTC)
BEFORE = datetime(2018, 1, 10, 8, 59, tzinfo=UTC)


@pytest.fixture
def officer_id(personnel: Personnel) -> UUID:
    return certified_enforcer(personnel)


def transfer(personnel: Personnel, officer_id: UUID, *, enforcement: bool, at: datetime = TRANSFERRED_AT) -> None:
    personnel.transfer_officer(
        officer_id,
        title="办公室科员" if not enforcement else "执法监察员",
        rank=PostRank.STAFF,
        enforcement=enforcement,
        unit_id="OFFICE" if not enforcement else "STN05",
        reason="岗位调整",
        decided_by="局长办公会",
        at=at,
    )


def test_a_transfer_off_the_enforcement_post_cancels_the_card_at_its_instant(
    personnel: Personnel, officer_id: UUID
) -> None:
    transfer(personnel, officer_id, enforcement=False)

    certificate = personnel.get_certificate(NO)
    assert certificate.status_at(BEFORE) is CertificateStatus.ACTIVE
    assert certificate.status_at(TRANSFERRED_AT) is CertificateStatus.CANCELLED
    cancelled = personnel.certificate_history(NO)[-1]
    assert (type(cancelled).__name__, cancelled.reason, cancelled.occurred_at) == (  # type: ignore[attr-defined]
        "Cancelled",
        "transferred",
        TRANSFERRED_AT,
    )
    for instant, expected in ((BEFORE, None), (TRANSFERRED_AT, "cancelled")):
        assert personnel.standing(officer_id, instant).reason == expected
        assert consumer_reason(personnel, officer_id, instant) == expected


def test_the_transfer_and_the_cancellation_are_recorded_together(personnel: Personnel, officer_id: UUID) -> None:
    before = personnel.recorder.max_notification_id() or 0
    transfer(personnel, officer_id, enforcement=False)
    written = personnel.recorder.select_notifications(before + 1, 10)
    assert [n.topic.split(":")[-1] for n in written] == ["Officer.PostTransferred", "Certificate.Cancelled"]


def test_a_move_between_enforcement_posts_keeps_the_card(personnel: Personnel, officer_id: UUID) -> None:
    transfer(personnel, officer_id, enforcement=True)
    assert personnel.get_certificate(NO).status_at(TRANSFERRED_AT) is CertificateStatus.ACTIVE
    assert personnel.standing(officer_id, TRANSFERRED_AT).can_enforce


def test_a_suspended_card_is_withdrawn_too(personnel: Personnel, officer_id: UUID) -> None:
    personnel.suspend_certificate(
        NO,
        reason=SuspensionReason.NOT_SHOWN,
        until=date(2018, 2, 5),
        decided_by="法制办",
        at=datetime(2018, 1, 5, 9, 0, tzinfo=UTC),
    )
    transfer(personnel, officer_id, enforcement=False)
    assert personnel.get_certificate(NO).status_at(TRANSFERRED_AT) is CertificateStatus.CANCELLED
    assert personnel.get_certificate(NO).status_at(datetime(2018, 3, 1, tzinfo=UTC)) is CertificateStatus.CANCELLED


def test_a_supervision_card_is_not_an_enforcement_card_and_stays(personnel: Personnel) -> None:
    officer = enrol(personnel, "李监督")
    train_and_post(personnel, officer.id)
    pass_qualification(personnel, officer.id)
    personnel.apply_for_certificate(officer.id, training_session_ids=[])
    personnel.issue_certificate(
        officer_id=officer.id,
        certificate_no="HN-JD-2017-0001",
        issuer="henan_provincial_gov",
        kind="supervision",
        scope_field="land_resources",
        scope_area="410322",
        issued_on=date(2017, 7, 1),
    )
    transfer(personnel, officer.id, enforcement=False)
    assert personnel.get_certificate("HN-JD-2017-0001").status_at(TRANSFERRED_AT) is CertificateStatus.ACTIVE


def test_a_card_already_ended_is_left_as_it_is(personnel: Personnel, officer_id: UUID) -> None:
    personnel.revoke_certificate(
        NO, reason=RevocationReason.ALTERED, decided_by="法制办", at=datetime(2017, 12, 1, 9, 0, tzinfo=UTC)
    )
    events_before = len(personnel.certificate_history(NO))
    transfer(personnel, officer_id, enforcement=False)
    assert len(personnel.certificate_history(NO)) == events_before
    assert personnel.get_certificate(NO).status_at(TRANSFERRED_AT) is CertificateStatus.REVOKED


def test_a_transfer_dated_before_the_card_s_latest_change_is_refused_whole(
    personnel: Personnel, officer_id: UUID
) -> None:
    personnel.suspend_certificate(
        NO,
        reason=SuspensionReason.NOT_SHOWN,
        until=date(2018, 2, 10),
        decided_by="法制办",
        at=datetime(2018, 2, 1, 9, 0, tzinfo=UTC),
    )
    error = refused(personnel, RecordOutOfOrderError, lambda: transfer(personnel, officer_id, enforcement=False))
    assert error.details["certificate_no"] == NO  # type: ignore[attr-defined]
    assert NO in error.message  # type: ignore[attr-defined]
    assert personnel.get_officer(officer_id).post.enforcement  # type: ignore[union-attr]
