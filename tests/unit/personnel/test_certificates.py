"""Certificates: apply (a passed exam), issue (number, issuer, scope, validity), review, suspend,
reinstate, revoke, cancel, replace, expire — each rule and each refusal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from personnel.application import Personnel
from personnel.domain import (
    CancellationReason,
    Certificate,
    CertificateNotFoundError,
    CertificateNumberTakenError,
    CertificateStatus,
    ExamKind,
    OfficerNotFoundError,
    ReplacementReason,
    ReviewResult,
    RevocationReason,
    StaffKind,
    StaffNotCertifiableError,
    SuspensionReason,
    TrainingKind,
)
from personnel.domain.common import RecordOutOfOrderError
from personnel.domain.errors import (
    ApplicationAlreadyOpenError,
    CertificateAlreadyEndedError,
    CertificateAlreadyHeldError,
    CertificateAlreadyReplacedError,
    CertificateApplicationRequiredError,
    CertificateNotYetExpiredError,
    IssuedBeforeQualificationError,
    IssuedBeforeTrainingError,
    PassedExamRequiredError,
    PeriodAlreadyReviewedError,
    ReapplicationBarredError,
    ReinstatementRequiresSuspensionError,
    ReplacementRequiresCertificateInForceError,
    ReviewRequiresCertificateInForceError,
    SanctionSuspensionNotReinstatedError,
    SuspensionAlreadyRunningError,
    SuspensionRequiresActiveCertificateError,
    SuspensionToReinstateAmbiguousError,
    TrainingNotAttendedError,
)
from shared.domain import FixedClock, InvalidInputError
from tests.support.personnel import certify, enrol, pass_qualification, refused

NO = "HN-LY-2017-0001"


def issue(personnel: Personnel, officer_id, number: str = NO, **extra):
    return personnel.issue_certificate(
        officer_id=officer_id,
        certificate_no=number,
        issuer="henan_provincial_gov",
        kind="enforcement",
        scope_field="land_resources",
        scope_area="410322",
        issued_on=extra.get("issued_on", date(2017, 6, 1)),
        expires_on=extra.get("expires_on"),
    )


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- apply and issue ----------------------------------------------------------------------------


def test_an_application_needs_a_passed_qualification_exam(personnel: Personnel) -> None:
    officer = enrol(personnel)
    error = refused(
        personnel, PassedExamRequiredError, lambda: personnel.apply_for_certificate(officer.id, training_session_ids=[])
    )
    assert error.details["missing"] == ["passed_qualification_exam"]  # type: ignore[attr-defined]
    personnel.record_exam(
        officer.id,
        exam_round="QUAL",
        kind=ExamKind.GENERAL_LAW,
        attempt_no=1,
        score=59,
        closed_book=True,
        taken_at=at(2017, 4, 25),
    )
    refused(
        personnel, PassedExamRequiredError, lambda: personnel.apply_for_certificate(officer.id, training_session_ids=[])
    )
    personnel.record_exam(
        officer.id,
        exam_round="QUAL",
        kind=ExamKind.GENERAL_LAW,
        attempt_no=2,
        score=72,
        closed_book=True,
        taken_at=at(2017, 5, 2),
    )
    applied = personnel.apply_for_certificate(officer.id, training_session_ids=[])
    assert applied.open_application is not None
    refused(
        personnel,
        ApplicationAlreadyOpenError,
        lambda: personnel.apply_for_certificate(officer.id, training_session_ids=[]),
    )


def test_a_quarterly_course_exam_does_not_qualify_for_a_certificate(personnel: Personnel) -> None:
    officer = enrol(personnel)
    personnel.record_exam(
        officer.id,
        exam_round="2017Q2",
        kind=ExamKind.QUARTERLY_COURSE,
        attempt_no=1,
        score=95,
        closed_book=True,
        taken_at=at(2017, 4, 25),
    )
    refused(
        personnel, PassedExamRequiredError, lambda: personnel.apply_for_certificate(officer.id, training_session_ids=[])
    )


@pytest.mark.parametrize("kind", [StaffKind.CONTRACT, StaffKind.TEMPORARY, StaffKind.SERVICE])
def test_contract_temporary_and_service_staff_get_no_certificate(personnel: Personnel, kind: StaffKind) -> None:
    officer = personnel.enroll_officer(name="李四", unit_id="STN01", staff_kind=kind)
    pass_qualification(personnel, officer.id)
    error = refused(
        personnel,
        StaffNotCertifiableError,
        lambda: personnel.apply_for_certificate(officer.id, training_session_ids=[]),
    )
    assert error.details["staff_kind"] == kind.value  # type: ignore[attr-defined]


def test_training_named_in_an_application_must_have_been_attended(personnel: Personnel) -> None:
    officer, other = enrol(personnel, "甲"), enrol(personnel, "乙")
    pass_qualification(personnel, officer.id)
    session = personnel.hold_training_session(
        kind=TrainingKind.QUARTERLY_COURSE, held_at=at(2017, 3, 1), topics=[], trainer="t", attendee_ids=[other.id]
    )
    refused(
        personnel,
        TrainingNotAttendedError,
        lambda: personnel.apply_for_certificate(officer.id, training_session_ids=[session.id]),
    )


def test_issuing_needs_a_passed_exam_then_an_open_application(personnel: Personnel) -> None:
    officer = enrol(personnel)
    refused(personnel, PassedExamRequiredError, lambda: issue(personnel, officer.id))
    pass_qualification(personnel, officer.id)
    error = refused(personnel, CertificateApplicationRequiredError, lambda: issue(personnel, officer.id))
    assert error.details == {"missing": ["certificate_application"]}  # type: ignore[attr-defined]


def test_a_certificate_is_issued_with_the_validity_and_review_in_force(personnel: Personnel) -> None:
    officer = enrol(personnel)
    certificate = certify(personnel, officer.id, "hn-ly-2017-0001")
    assert certificate.certificate_no == NO  # numbers are normalised
    assert (certificate.expires_on, certificate.review_due_on, certificate.rules_version) == (
        date(2022, 6, 1),
        date(2018, 6, 1),
        0,
    )
    stored = personnel.get_officer(officer.id)
    assert stored.certificate_nos == [NO]
    assert stored.open_application is None  # the application is closed by the issue
    assert personnel.get_certificate(NO).application_id == certificate.application_id


def test_a_later_rule_version_sets_the_validity_of_later_certificates(personnel: Personnel) -> None:
    personnel.publish_rules(
        effective_from=date(2017, 1, 1), values={"certificate_validity_years": 6, "review_interval_months": 36}, note=""
    )
    certificate = certify(personnel, enrol(personnel).id)
    assert (certificate.expires_on, certificate.review_due_on, certificate.rules_version) == (
        date(2023, 6, 1),
        date(2020, 6, 1),
        1,
    )


def test_a_certificate_number_is_issued_only_once(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel, "甲").id, "HN-0002")
    second = enrol(personnel, "乙")
    pass_qualification(personnel, second.id)
    personnel.apply_for_certificate(second.id, training_session_ids=[])
    refused(personnel, CertificateNumberTakenError, lambda: issue(personnel, second.id, "hn-0002"))


def test_a_certificate_must_expire_after_it_is_issued_and_not_be_issued_in_the_future(personnel: Personnel) -> None:
    officer = enrol(personnel)
    pass_qualification(personnel, officer.id)
    personnel.apply_for_certificate(officer.id, training_session_ids=[])
    refused(personnel, InvalidInputError, lambda: issue(personnel, officer.id, expires_on=date(2017, 6, 1)))
    refused(personnel, InvalidInputError, lambda: issue(personnel, officer.id, issued_on=date(2018, 3, 2)))


def test_a_certificate_is_not_valid_before_its_holder_qualified_nor_longer_than_the_rules_allow(
    personnel: Personnel,
) -> None:
    officer = enrol(personnel)
    pass_qualification(personnel, officer.id, taken_at=at(2017, 6, 10, 6))  # 14:00 in the bureau, 10 June
    personnel.apply_for_certificate(officer.id, training_session_ids=[])
    error = refused(
        personnel, IssuedBeforeQualificationError, lambda: issue(personnel, officer.id, issued_on=date(2017, 6, 9))
    )
    assert error.details == {"issued_on": "2017-06-09", "qualified_on": "2017-06-10"}  # type: ignore[attr-defined]
    too_long = refused(
        personnel,
        InvalidInputError,
        lambda: issue(personnel, officer.id, issued_on=date(2017, 6, 10), expires_on=date(2022, 6, 11)),
    )
    assert too_long.details["latest"] == "2022-06-10"  # type: ignore[attr-defined]
    certificate = issue(personnel, officer.id, issued_on=date(2017, 6, 10), expires_on=date(2022, 6, 10))
    assert (certificate.issued_on, certificate.expires_on) == (date(2017, 6, 10), date(2022, 6, 10))
    assert not personnel.standing(officer.id, at(2017, 6, 9, 12)).can_enforce


def test_a_certificate_is_not_issued_before_the_training_its_application_names(personnel: Personnel) -> None:
    officer = enrol(personnel)
    pass_qualification(personnel, officer.id)
    session = personnel.hold_training_session(
        kind=TrainingKind.PRE_POST,
        held_at=at(2017, 6, 5, 16, 30),  # 00:30 on 6 June in the bureau
        topics=["行政处罚法"],
        trainer="县政府法制办",
        attendee_ids=[officer.id],
    )
    personnel.apply_for_certificate(officer.id, training_session_ids=[session.id])
    error = refused(
        personnel, IssuedBeforeTrainingError, lambda: issue(personnel, officer.id, issued_on=date(2017, 6, 5))
    )
    assert error.details == {  # type: ignore[attr-defined]
        "issued_on": "2017-06-05",
        "trained_on": "2017-06-06",
        "session_id": str(session.id),
    }
    assert issue(personnel, officer.id, issued_on=date(2017, 6, 6)).issued_on == date(2017, 6, 6)


def test_an_unknown_officer_or_number_is_not_found(personnel: Personnel) -> None:
    refused(personnel, OfficerNotFoundError, lambda: issue(personnel, uuid4()))
    with pytest.raises(CertificateNotFoundError):
        personnel.get_certificate("HN-NONE")


def test_one_certificate_in_force_at_a_time(personnel: Personnel) -> None:
    officer = enrol(personnel)
    certify(personnel, officer.id)
    refused(
        personnel,
        CertificateAlreadyHeldError,
        lambda: personnel.apply_for_certificate(officer.id, training_session_ids=[]),
    )


# --- review ---------------------------------------------------------------------------------------


def test_a_passed_review_moves_the_next_due_date(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    reviewed = personnel.review_certificate(
        NO, period="2018", result=ReviewResult.PASSED, notes="", reviewed_at=at(2018, 2, 1)
    )
    assert reviewed.review_due_at(at(2018, 2, 2)) == date(2019, 2, 1)
    assert personnel.certificate_history(NO)[-1].rules_version == 0  # type: ignore[attr-defined]
    refused(
        personnel,
        PeriodAlreadyReviewedError,
        lambda: personnel.review_certificate(NO, period="2018", result=ReviewResult.PASSED, notes=""),
    )


def test_a_review_follows_the_interval_in_force_and_records_its_version(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    personnel.publish_rules(effective_from=date(2018, 1, 1), values={"review_interval_months": 24}, note="")
    personnel.review_certificate(NO, period="2018", result=ReviewResult.PASSED, notes="", reviewed_at=at(2018, 2, 1))
    reviewed = personnel.certificate_history(NO)[-1]
    assert (reviewed.next_review_due_on, reviewed.rules_version) == (date(2020, 2, 1), 1)  # type: ignore[attr-defined]


def test_a_failed_review_can_be_followed_by_a_passed_one(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    personnel.review_certificate(NO, period="2018", result=ReviewResult.FAILED, notes="", reviewed_at=at(2018, 1, 10))
    assert personnel.get_certificate(NO).unusable_reason(at(2018, 1, 11)) == "review_failed"
    personnel.review_certificate(NO, period="2018", result=ReviewResult.PASSED, notes="", reviewed_at=at(2018, 2, 10))
    assert personnel.get_certificate(NO).unusable_reason(at(2018, 2, 11)) is None


def test_an_expired_certificate_cannot_be_reviewed(personnel: Personnel, clock: FixedClock) -> None:
    certify(personnel, enrol(personnel).id, expires_on=date(2018, 1, 1))
    error = refused(
        personnel,
        ReviewRequiresCertificateInForceError,
        lambda: personnel.review_certificate(NO, period="2018", result=ReviewResult.PASSED, notes=""),
    )
    assert error.details["status"] == "expired"  # type: ignore[attr-defined]


def test_reviews_are_recorded_in_order(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    personnel.review_certificate(NO, period="2018", result=ReviewResult.FAILED, notes="", reviewed_at=at(2018, 2, 1))
    refused(
        personnel,
        RecordOutOfOrderError,
        lambda: personnel.review_certificate(
            NO, period="2018", result=ReviewResult.PASSED, notes="", reviewed_at=at(2018, 1, 1)
        ),
    )


# --- suspend and reinstate ------------------------------------------------------------------------


def test_a_suspension_lapses_on_its_end_day_or_ends_on_reinstatement(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    personnel.suspend_certificate(
        NO, reason=SuspensionReason.NOT_SHOWN, until=date(2017, 9, 1), decided_by="法规股", at=at(2017, 8, 1)
    )
    certificate = personnel.get_certificate(NO)
    assert certificate.status_at(at(2017, 8, 15)) == CertificateStatus.SUSPENDED
    assert certificate.status_at(at(2017, 8, 31, 16)) == CertificateStatus.ACTIVE  # 1 Sep 00:00 in Beijing
    personnel.suspend_certificate(
        NO, reason=SuspensionReason.REFUSED_SUPERVISION, until=None, decided_by="法规股", at=at(2017, 10, 1)
    )
    personnel.reinstate_certificate(NO, note="整改", at=at(2017, 11, 1))
    certificate = personnel.get_certificate(NO)
    assert certificate.status_at(at(2017, 10, 31)) == CertificateStatus.SUSPENDED
    assert certificate.status_at(at(2017, 11, 1)) == CertificateStatus.ACTIVE


def test_only_a_certificate_in_force_is_suspended(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    personnel.cancel_certificate(NO, reason=CancellationReason.RETIRED, at=at(2017, 8, 1))
    error = refused(
        personnel,
        SuspensionRequiresActiveCertificateError,
        lambda: personnel.suspend_certificate(
            NO, reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="d", at=at(2017, 8, 2)
        ),
    )
    assert error.details["status"] == "cancelled"  # type: ignore[attr-defined]


def test_a_reinstatement_is_not_recorded_ahead_of_the_clock(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    personnel.suspend_certificate(NO, reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="d", at=at(2017, 8, 1))
    refused(
        personnel,
        InvalidInputError,
        lambda: personnel.reinstate_certificate(NO, note="", at=at(2030, 1, 1)),
    )


def test_a_second_suspension_for_the_same_reason_while_one_runs_is_refused(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    personnel.suspend_certificate(
        NO, reason=SuspensionReason.NOT_SHOWN, until=date(2017, 9, 1), decided_by="d", at=at(2017, 8, 1)
    )
    error = refused(
        personnel,
        SuspensionAlreadyRunningError,
        lambda: personnel.suspend_certificate(
            NO, reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="d", at=at(2017, 8, 10)
        ),
    )
    assert error.details == {  # type: ignore[attr-defined]
        "reason": "not_shown",
        "accountability_id": None,
        "suspended_since": at(2017, 8, 1).isoformat(),
        "until": "2017-09-01",
    }
    # Once it has lapsed, the same reason may suspend the card again.
    personnel.suspend_certificate(NO, reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="d", at=at(2017, 9, 2))
    assert personnel.get_certificate(NO).status_at(at(2017, 9, 3)) == CertificateStatus.SUSPENDED


def test_overlapping_suspensions_each_end_on_their_own(personnel: Personnel) -> None:
    officer = enrol(personnel)
    certify(personnel, officer.id)
    personnel.suspend_certificate(
        NO, reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="法规股", at=at(2017, 8, 1)
    )
    personnel.suspend_certificate(
        NO, reason=SuspensionReason.REFUSED_SUPERVISION, until=None, decided_by="法规股", at=at(2017, 8, 5)
    )
    matter = uuid4()
    personnel.suspend_certificate(
        NO,
        reason=SuspensionReason.ACCOUNTABILITY_SANCTION,
        until=date(2017, 11, 1),
        decided_by="局长办公会",
        at=at(2017, 8, 10),
        accountability_id=matter,
    )
    # Two running that a reinstatement may end: it must say which; nothing is written meanwhile.
    error = refused(
        personnel,
        SuspensionToReinstateAmbiguousError,
        lambda: personnel.reinstate_certificate(NO, note="", at=at(2017, 8, 20)),
    )
    assert [r["reason"] for r in error.details["running"]] == ["not_shown", "refused_supervision"]  # type: ignore[attr-defined]
    missing = refused(
        personnel,
        ReinstatementRequiresSuspensionError,
        lambda: personnel.reinstate_certificate(
            NO, note="", at=at(2017, 8, 20), reason=SuspensionReason.UNREVIEWED_CARD
        ),
    )
    assert len(missing.details["running"]) == 3  # type: ignore[attr-defined]
    # Each ends its own; the sanction runs on to its end day.
    personnel.reinstate_certificate(NO, note="亮证整改", at=at(2017, 8, 20), reason=SuspensionReason.NOT_SHOWN)
    personnel.reinstate_certificate(
        NO, note="接受监督", at=at(2017, 8, 21), reason=SuspensionReason.REFUSED_SUPERVISION
    )
    certificate = personnel.get_certificate(NO)
    assert certificate.status_at(at(2017, 8, 22)) == CertificateStatus.SUSPENDED
    assert personnel.standing(officer.id, at(2017, 8, 22)).reason == "suspended"
    assert certificate.status_at(at(2017, 8, 5)) == CertificateStatus.SUSPENDED  # the past reads as before
    assert certificate.status_at(at(2017, 10, 31, 16)) == CertificateStatus.ACTIVE  # 1 Nov 00:00 in Beijing
    # The sanction's suspension is the accountability decision's to end, not a reinstatement's.
    for named in (None, SuspensionReason.ACCOUNTABILITY_SANCTION):
        kept = refused(
            personnel,
            SanctionSuspensionNotReinstatedError,
            lambda named=named: personnel.reinstate_certificate(NO, note="", at=at(2017, 9, 1), reason=named),  # type: ignore[misc]
        )
        assert [r["accountability_id"] for r in kept.details["running"]] == [str(matter)]  # type: ignore[attr-defined]
    # The sanction revoked on appeal ends it.
    personnel.reinstate_certificate(
        NO,
        note="处分撤销",
        at=at(2017, 9, 1),
        reason=SuspensionReason.ACCOUNTABILITY_SANCTION,
        accountability_id=matter,
        sanction_revoked=True,
    )
    assert personnel.get_certificate(NO).status_at(at(2017, 9, 1)) == CertificateStatus.ACTIVE
    reinstated = [e for e in personnel.certificate_history(NO) if type(e).__name__ == "Reinstated"]
    assert [(e.reason, e.accountability_id) for e in reinstated] == [  # type: ignore[attr-defined]
        ("not_shown", None),
        ("refused_supervision", None),
        ("accountability_sanction", matter),
    ]


def test_a_lost_card_s_overlapping_suspensions_all_continue_on_its_replacement(personnel: Personnel) -> None:
    officer = enrol(personnel)
    certify(personnel, officer.id)
    matter = uuid4()
    personnel.suspend_certificate(
        NO, reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="法规股", at=at(2018, 1, 2)
    )
    personnel.suspend_certificate(
        NO,
        reason=SuspensionReason.ACCOUNTABILITY_SANCTION,
        until=date(2018, 3, 1),
        decided_by="局长办公会",
        at=at(2018, 1, 3),
        accountability_id=matter,
    )
    personnel.cancel_certificate(NO, reason=CancellationReason.LOST, at=at(2018, 1, 4))
    new = personnel.replace_certificate(NO, new_no="HN-N-1", reason=ReplacementReason.LOST, at=at(2018, 1, 5))
    assert [(b.reason, b.accountability_id, b.until) for b in new.blocks] == [
        ("not_shown", None, None),
        ("accountability_sanction", matter, date(2018, 3, 1)),
    ]
    personnel.reinstate_certificate("HN-N-1", note="", at=at(2018, 1, 10), reason=SuspensionReason.NOT_SHOWN)
    assert personnel.standing(officer.id, at(2018, 1, 10)).reason == "suspended"  # the sanction still runs
    assert personnel.standing(officer.id, at(2018, 2, 28, 16)).can_enforce  # 1 March 00:00 in Beijing


def test_a_suspension_ends_after_it_starts(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    refused(
        personnel,
        InvalidInputError,
        lambda: personnel.suspend_certificate(
            NO, reason=SuspensionReason.NOT_SHOWN, until=date(2017, 8, 1), decided_by="d", at=at(2017, 8, 1, 5)
        ),
    )


def test_a_revoked_certificate_cannot_be_reinstated(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    personnel.suspend_certificate(NO, reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="d", at=at(2017, 8, 1))
    personnel.revoke_certificate(NO, reason=RevocationReason.LENT, decided_by="法制办", at=at(2017, 9, 1))
    error = refused(
        personnel, ReinstatementRequiresSuspensionError, lambda: personnel.reinstate_certificate(NO, note="")
    )
    assert error.details["status"] == "revoked"  # type: ignore[attr-defined]


def test_an_active_certificate_cannot_be_reinstated(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    refused(personnel, ReinstatementRequiresSuspensionError, lambda: personnel.reinstate_certificate(NO, note=""))


# --- revoke, cancel, replace ----------------------------------------------------------------------


def test_revoking_for_lending_bars_a_new_application_for_two_years(personnel: Personnel, clock: FixedClock) -> None:
    officer = enrol(personnel)
    certify(personnel, officer.id)
    personnel.revoke_certificate(NO, reason=RevocationReason.LENT, decided_by="法制办", at=at(2017, 9, 1))
    revoked = personnel.get_certificate(NO)
    assert revoked.reapply_not_before == date(2019, 9, 1)
    assert personnel.certificate_history(NO)[-1].rules_version == 0  # type: ignore[attr-defined]
    refused(
        personnel,
        CertificateAlreadyEndedError,
        lambda: personnel.revoke_certificate(NO, reason=RevocationReason.LENT, decided_by="d"),
    )
    error = refused(
        personnel,
        ReapplicationBarredError,
        lambda: personnel.apply_for_certificate(officer.id, training_session_ids=[]),
    )
    assert error.details["reapply_not_before"] == "2019-09-01"  # type: ignore[attr-defined]
    clock.set(at(2019, 9, 1, 1))
    personnel.apply_for_certificate(officer.id, training_session_ids=[])


def test_a_revocation_for_altering_or_lending_cannot_shorten_the_bar_the_rules_set(personnel: Personnel) -> None:
    officer = enrol(personnel)
    certify(personnel, officer.id)
    error = refused(
        personnel,
        InvalidInputError,
        lambda: personnel.revoke_certificate(
            NO, reason=RevocationReason.ALTERED, decided_by="d", at=at(2017, 9, 1), reapply_not_before=date(2017, 9, 2)
        ),
    )
    assert error.details["earliest"] == "2019-09-01"  # type: ignore[attr-defined]
    personnel.revoke_certificate(
        NO, reason=RevocationReason.ALTERED, decided_by="d", at=at(2017, 9, 1), reapply_not_before=date(2020, 9, 1)
    )
    assert personnel.get_certificate(NO).reapply_not_before == date(2020, 9, 1)  # a harsher decision stands


def test_a_revocation_ends_a_running_suspension(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    personnel.suspend_certificate(NO, reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="d", at=at(2017, 8, 1))
    personnel.revoke_certificate(NO, reason=RevocationReason.ALTERED, decided_by="d", at=at(2017, 9, 1))
    certificate = personnel.get_certificate(NO)
    assert [(b.status, b.ends_at) for b in certificate.blocks] == [
        (CertificateStatus.SUSPENDED, at(2017, 9, 1)),
        (CertificateStatus.REVOKED, None),
    ]


@pytest.mark.parametrize("reason", list(CancellationReason))
def test_a_cancelled_certificate_is_ended(personnel: Personnel, reason: CancellationReason) -> None:
    certify(personnel, enrol(personnel).id)
    personnel.cancel_certificate(NO, reason=reason, at=at(2017, 12, 1))
    assert personnel.get_certificate(NO).status_at(at(2017, 12, 2)) == CertificateStatus.CANCELLED
    refused(personnel, CertificateAlreadyEndedError, lambda: personnel.cancel_certificate(NO, reason=reason))
    refused(
        personnel,
        CertificateAlreadyEndedError,
        lambda: personnel.revoke_certificate(NO, reason=RevocationReason.LENT, decided_by="d"),
    )


def test_a_damaged_card_is_replaced_keeping_its_expiry(personnel: Personnel) -> None:
    officer = enrol(personnel)
    certify(personnel, officer.id)
    new = personnel.replace_certificate(
        NO, new_no="hn-ly-2018-0107", reason=ReplacementReason.DAMAGED, at=at(2018, 1, 2)
    )
    old = personnel.get_certificate(NO)
    assert (old.status_at(at(2018, 1, 3)), old.replaced_by) == (CertificateStatus.REPLACED, "HN-LY-2018-0107")
    assert (new.certificate_no, new.issued_on, new.expires_on, new.replaces_no) == (
        "HN-LY-2018-0107",
        date(2018, 1, 2),
        date(2022, 6, 1),
        NO,
    )
    assert new.review_due_on == date(2018, 6, 1)
    assert personnel.get_officer(officer.id).certificate_nos == [NO, "HN-LY-2018-0107"]


def test_a_periodic_renewal_gets_a_fresh_validity(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    new = personnel.replace_certificate(
        NO, new_no="HN-R-1", reason=ReplacementReason.PERIODIC_RENEWAL, at=at(2018, 2, 1)
    )
    assert (new.expires_on, new.review_due_on) == (date(2023, 2, 1), date(2019, 2, 1))


def test_a_lost_card_is_cancelled_then_replaced(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    personnel.cancel_certificate(NO, reason=CancellationReason.LOST, at=at(2018, 1, 5))
    refused(
        personnel,
        ReplacementRequiresCertificateInForceError,
        lambda: personnel.replace_certificate(NO, new_no="HN-N-2", reason=ReplacementReason.DAMAGED),
    )
    personnel.replace_certificate(NO, new_no="HN-N-1", reason=ReplacementReason.LOST, at=at(2018, 1, 8))
    old = personnel.get_certificate(NO)
    assert (old.status_at(at(2018, 1, 9)), old.replaced_by) == (CertificateStatus.CANCELLED, "HN-N-1")


def test_a_suspended_or_revoked_card_is_not_replaced(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    personnel.suspend_certificate(NO, reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="d", at=at(2017, 8, 1))
    refused(
        personnel,
        ReplacementRequiresCertificateInForceError,
        lambda: personnel.replace_certificate(NO, new_no="HN-S-1", reason=ReplacementReason.DAMAGED),
    )


def test_a_replacement_number_cannot_be_taken(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel, "甲").id)
    certify(personnel, enrol(personnel, "乙").id, "HN-OTHER")
    refused(
        personnel,
        CertificateNumberTakenError,
        lambda: personnel.replace_certificate(NO, new_no="HN-OTHER", reason=ReplacementReason.DAMAGED),
    )


def test_a_card_is_replaced_once_so_a_lost_card_leaves_one_replacement_in_force(personnel: Personnel) -> None:
    officer = enrol(personnel)
    certify(personnel, officer.id)
    personnel.cancel_certificate(NO, reason=CancellationReason.LOST, at=at(2018, 1, 2))
    personnel.replace_certificate(NO, new_no="HN-N-1", reason=ReplacementReason.LOST, at=at(2018, 1, 3))
    error = refused(
        personnel,
        CertificateAlreadyReplacedError,
        lambda: personnel.replace_certificate(NO, new_no="HN-N-2", reason=ReplacementReason.LOST, at=at(2018, 1, 4)),
    )
    assert isinstance(error, CertificateAlreadyReplacedError)
    assert (error.code, error.status, error.details) == ("certificate_already_replaced", 409, {"replaced_by": "HN-N-1"})
    numbers = personnel.get_officer(officer.id).certificate_nos
    in_force = [
        n for n in numbers if personnel.get_certificate(n).status_at(at(2018, 1, 5)) == CertificateStatus.ACTIVE
    ]
    assert in_force == ["HN-N-1"]
    # A card replaced while in force is refused under the same rule.
    personnel.replace_certificate("HN-N-1", new_no="HN-N-3", reason=ReplacementReason.DAMAGED, at=at(2018, 1, 6))
    refused(
        personnel,
        CertificateAlreadyReplacedError,
        lambda: personnel.replace_certificate("HN-N-1", new_no="HN-N-4", reason=ReplacementReason.DAMAGED),
    )


def test_a_lost_card_is_not_replaced_once_its_holder_is_certified_anew_nor_the_other_way_round(
    personnel: Personnel,
) -> None:
    officer = enrol(personnel)
    certify(personnel, officer.id)
    personnel.cancel_certificate(NO, reason=CancellationReason.LOST, at=at(2018, 1, 2))
    personnel.apply_for_certificate(officer.id, training_session_ids=[])
    issue(personnel, officer.id, "HN-NEW-1", issued_on=date(2018, 1, 10))
    error = refused(
        personnel,
        CertificateAlreadyHeldError,
        lambda: personnel.replace_certificate(NO, new_no="HN-N-1", reason=ReplacementReason.LOST),
    )
    assert error.details == {"certificate_no": "HN-NEW-1"}  # type: ignore[attr-defined]
    # The other order: replaced while an application is open, the application issues nothing.
    other = enrol(personnel, "乙")
    certify(personnel, other.id, "HN-B-1")
    personnel.cancel_certificate("HN-B-1", reason=CancellationReason.LOST, at=at(2018, 1, 2))
    personnel.apply_for_certificate(other.id, training_session_ids=[])
    personnel.replace_certificate("HN-B-1", new_no="HN-B-2", reason=ReplacementReason.LOST, at=at(2018, 1, 3))
    refused(personnel, CertificateAlreadyHeldError, lambda: issue(personnel, other.id, "HN-B-3"))
    in_force = [
        n
        for o in (officer, other)
        for n in personnel.get_officer(o.id).certificate_nos
        if personnel.get_certificate(n).current_status() == CertificateStatus.ACTIVE
    ]
    assert in_force == ["HN-NEW-1", "HN-B-2"]


def test_a_replacement_card_is_valid_from_the_instant_of_the_replacement(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    new = personnel.replace_certificate(NO, new_no="HN-N-1", reason=ReplacementReason.DAMAGED, at=at(2018, 1, 2, 3))
    assert new.issued_on == date(2018, 1, 2)
    assert new.status_at(at(2018, 1, 2, 3) - timedelta(microseconds=1)) == CertificateStatus.NOT_YET_VALID
    assert new.status_at(at(2018, 1, 2, 3)) == CertificateStatus.ACTIVE


def test_a_lost_card_s_suspension_continues_on_its_replacement_until_reinstated(personnel: Personnel) -> None:
    officer = enrol(personnel)
    certify(personnel, officer.id)
    personnel.suspend_certificate(
        NO, reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="法规股", at=at(2018, 1, 2)
    )
    personnel.cancel_certificate(NO, reason=CancellationReason.LOST, at=at(2018, 1, 3))
    new = personnel.replace_certificate(NO, new_no="HN-N-1", reason=ReplacementReason.LOST, at=at(2018, 1, 4))
    assert new.status_at(at(2018, 1, 5)) == CertificateStatus.SUSPENDED
    assert (new.blocks[-1].reason, new.blocks[-1].decided_by, new.blocks[-1].starts_at) == (
        "not_shown",
        "法规股",
        at(2018, 1, 4),
    )
    assert personnel.standing(officer.id, at(2018, 1, 5)).reason == "suspended"
    personnel.reinstate_certificate("HN-N-1", note="亮证整改", at=at(2018, 1, 10))
    assert personnel.standing(officer.id, at(2018, 1, 10)).can_enforce
    carried = [type(e).__qualname__ for e in personnel.certificate_history("HN-N-1")]
    assert carried[:2] == ["Certificate.Issued", "Certificate.SuspensionCarriedOver"]


def test_a_lost_card_s_suspension_runs_to_its_decided_end_day_on_the_replacement(personnel: Personnel) -> None:
    officer = enrol(personnel)
    certify(personnel, officer.id)
    matter = uuid4()
    personnel.suspend_certificate(
        NO,
        reason=SuspensionReason.ACCOUNTABILITY_SANCTION,
        until=date(2018, 2, 1),
        decided_by="局长办公会",
        at=at(2018, 1, 2),
        accountability_id=matter,
    )
    personnel.cancel_certificate(NO, reason=CancellationReason.LOST, at=at(2018, 1, 3))
    new = personnel.replace_certificate(NO, new_no="HN-N-1", reason=ReplacementReason.LOST, at=at(2018, 1, 4))
    assert (new.blocks[-1].until, new.blocks[-1].accountability_id) == (date(2018, 2, 1), matter)
    assert personnel.standing(officer.id, at(2018, 1, 31, 15)).reason == "suspended"  # 23:00 in Beijing
    assert personnel.standing(officer.id, at(2018, 1, 31, 16)).can_enforce  # 1 February 00:00 in Beijing


def test_a_suspension_over_before_the_replacement_is_not_carried_over(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    personnel.suspend_certificate(
        NO, reason=SuspensionReason.NOT_SHOWN, until=date(2018, 1, 10), decided_by="d", at=at(2018, 1, 2)
    )
    personnel.cancel_certificate(NO, reason=CancellationReason.LOST, at=at(2018, 1, 3))
    new = personnel.replace_certificate(NO, new_no="HN-N-1", reason=ReplacementReason.LOST, at=at(2018, 1, 20))
    assert (new.blocks, new.status_at(at(2018, 1, 20))) == ([], CertificateStatus.ACTIVE)


@pytest.mark.parametrize("reason", [ReplacementReason.DAMAGED, ReplacementReason.PERIODIC_RENEWAL])
def test_a_failed_latest_review_continues_on_the_replacement_until_a_review_of_it_passes(
    personnel: Personnel, reason: ReplacementReason
) -> None:
    officer = enrol(personnel)
    certify(personnel, officer.id)
    personnel.review_certificate(NO, period="2018", result=ReviewResult.FAILED, notes="", reviewed_at=at(2018, 2, 1))
    new = personnel.replace_certificate(NO, new_no="HN-N-1", reason=reason, at=at(2018, 2, 3))
    assert [(r.period, r.result, r.reviewed_at) for r in new.reviews] == [("2018", ReviewResult.FAILED, at(2018, 2, 1))]
    assert personnel.standing(officer.id, at(2018, 2, 4)).reason == "review_failed"
    personnel.review_certificate(
        "HN-N-1", period="2018", result=ReviewResult.PASSED, notes="", reviewed_at=at(2018, 2, 10)
    )
    assert personnel.standing(officer.id, at(2018, 2, 10)).can_enforce


def test_a_periodic_renewal_does_not_clear_a_review_already_overdue(personnel: Personnel, clock: FixedClock) -> None:
    officer = enrol(personnel)
    certify(personnel, officer.id)  # first review due 2018-06-01
    clock.set(at(2018, 7, 1))
    new = personnel.replace_certificate(
        NO, new_no="HN-R-1", reason=ReplacementReason.PERIODIC_RENEWAL, at=at(2018, 6, 30)
    )
    assert (new.expires_on, new.review_due_on) == (date(2023, 6, 30), date(2018, 6, 1))
    assert personnel.standing(officer.id, at(2018, 6, 30, 1)).reason == "not_reviewed"


# --- expiry --------------------------------------------------------------------------------------


def test_expiry_is_recorded_once_on_its_day(personnel: Personnel, clock: FixedClock) -> None:
    certify(personnel, enrol(personnel).id, expires_on=date(2018, 3, 10))
    refused(personnel, CertificateNotYetExpiredError, lambda: personnel.record_certificate_expiry(NO))
    clock.set(at(2018, 3, 9, 16))  # 10 March 00:00 in Beijing
    expired = personnel.record_certificate_expiry(NO)
    assert expired is not None
    events = personnel.certificate_history(NO)
    assert type(events[-1]).__qualname__ == "Certificate.Expired"
    assert events[-1].occurred_at == expired.expires_at  # type: ignore[attr-defined]
    assert personnel.record_certificate_expiry(NO) is None  # nothing more to record
    assert len(personnel.certificate_history(NO)) == len(events)


def test_an_ended_certificate_records_no_expiry(personnel: Personnel, clock: FixedClock) -> None:
    certify(personnel, enrol(personnel).id, expires_on=date(2018, 3, 10))
    personnel.cancel_certificate(NO, reason=CancellationReason.RETIRED, at=at(2018, 2, 1))
    clock.advance(timedelta(days=30))
    assert personnel.record_certificate_expiry(NO) is None


def test_a_certificate_history_is_its_stored_events(personnel: Personnel) -> None:
    certify(personnel, enrol(personnel).id)
    personnel.review_certificate(NO, period="2018", result=ReviewResult.PASSED, notes="")
    assert [type(e).__qualname__ for e in personnel.certificate_history(NO)] == [
        "Certificate.Issued",
        "Certificate.Reviewed",
    ]
    assert isinstance(personnel.get_certificate(NO), Certificate)
