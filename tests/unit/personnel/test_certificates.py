"""Enrolling officers and issuing certificates, on in-memory persistence."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from personnel.application import Personnel
from personnel.domain import (
    CertificateNumberTakenError,
    OfficerNotFoundError,
    StaffKind,
    StaffNotCertifiableError,
)
from shared.domain import CommandContext, InvalidInputError, VersionConflictError, command_context


@pytest.fixture
def personnel() -> Personnel:
    return Personnel()


def issue(personnel: Personnel, officer_id, number: str = "HN-0001"):  # type: ignore[no-untyped-def]
    return personnel.issue_certificate(
        officer_id=officer_id,
        certificate_no=number,
        issuer="henan_provincial_gov",
        kind="enforcement",
        scope_field="land_resources",
        scope_area="410322",
        issued_on=date(2017, 6, 1),
        expires_on=date(2022, 6, 1),
    )


def test_a_permanent_officer_receives_a_certificate(personnel: Personnel) -> None:
    officer = personnel.enroll_officer(name="王建国", unit_id="STN03", staff_kind=StaffKind.PERMANENT)
    certificate = issue(personnel, officer.id, "hn-0001")
    stored = personnel.get_certificate("HN-0001")
    assert stored.id == certificate.id
    assert stored.officer_id == officer.id
    assert stored.certificate_no == "HN-0001"  # numbers are normalised


@pytest.mark.parametrize("kind", [StaffKind.CONTRACT, StaffKind.TEMPORARY, StaffKind.SERVICE])
def test_contract_temporary_and_service_staff_get_no_certificate(personnel: Personnel, kind: StaffKind) -> None:
    officer = personnel.enroll_officer(name="李四", unit_id="STN01", staff_kind=kind)
    with pytest.raises(StaffNotCertifiableError) as refused:
        issue(personnel, officer.id)
    assert refused.value.details["staff_kind"] == kind.value
    assert personnel.recorder.max_notification_id() == 1  # nothing but the enrolment was written


def test_a_certificate_number_is_issued_only_once(personnel: Personnel) -> None:
    first = personnel.enroll_officer(name="甲", unit_id="ENF", staff_kind=StaffKind.PERMANENT)
    second = personnel.enroll_officer(name="乙", unit_id="ENF", staff_kind=StaffKind.PERMANENT)
    issue(personnel, first.id, "HN-0002")
    with pytest.raises(CertificateNumberTakenError):
        issue(personnel, second.id, "hn-0002")
    assert personnel.get_certificate("HN-0002").officer_id == first.id


def test_a_certificate_must_expire_after_it_is_issued(personnel: Personnel) -> None:
    officer = personnel.enroll_officer(name="丙", unit_id="ENF", staff_kind=StaffKind.PERMANENT)
    with pytest.raises(InvalidInputError):
        personnel.issue_certificate(
            officer_id=officer.id,
            certificate_no="HN-0003",
            issuer="henan_provincial_gov",
            kind="enforcement",
            scope_field="land_resources",
            scope_area="410322",
            issued_on=date(2018, 1, 1),
            expires_on=date(2018, 1, 1),
        )


def test_an_unknown_officer_cannot_be_certified(personnel: Personnel) -> None:
    with pytest.raises(OfficerNotFoundError):
        issue(personnel, uuid4())


def test_a_blank_name_is_refused(personnel: Personnel) -> None:
    with pytest.raises(InvalidInputError):
        personnel.enroll_officer(name="   ", unit_id="ENF", staff_kind=StaffKind.PERMANENT)


def test_a_stale_version_is_a_conflict(personnel: Personnel) -> None:
    officer = personnel.enroll_officer(name="丁", unit_id="ENF", staff_kind=StaffKind.PERMANENT)
    assert personnel.get_officer(officer.id, expected_version=1).name == "丁"
    with pytest.raises(VersionConflictError) as conflict:
        personnel.get_officer(officer.id, expected_version=2)
    assert conflict.value.details == {"aggregate_id": str(officer.id), "expected_version": 2, "actual_version": 1}


def test_the_history_of_an_officer_names_who_enrolled_them(personnel: Personnel) -> None:
    with command_context(CommandContext(actor_id="director-1", actor_role="director", correlation_id="c-9")):
        officer = personnel.enroll_officer(name="戊", unit_id="LEGAL", staff_kind=StaffKind.PERMANENT)
    (enrolled,) = personnel.officer_history(officer.id)
    assert type(enrolled).__qualname__ == "Officer.Enrolled"
    assert (enrolled.actor_id, enrolled.actor_role, enrolled.correlation_id) == ("director-1", "director", "c-9")
