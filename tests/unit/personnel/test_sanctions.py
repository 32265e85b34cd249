"""Accountability sanctions taking effect on certificates and posts: once per matter, whatever is
delivered again."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest

from personnel.application import Personnel, SanctionType
from personnel.domain import CertificateStatus
from personnel.domain.errors import NoCertificateToSanctionError
from shared.domain import InvalidInputError
from tests.support.personnel import certified_enforcer, refused

NO = "HN-LY-2017-0001"
WHEN = datetime(2018, 1, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def officer_id(personnel: Personnel) -> UUID:
    return certified_enforcer(personnel)


def sanction(personnel: Personnel, officer_id: UUID, kind: SanctionType, matter: UUID, **extra):
    return personnel.apply_sanction(
        accountability_id=matter,
        officer_id=officer_id,
        sanction_type=kind,
        decided_by="局长办公会",
        effective_at=WHEN,
        until=extra.get("until"),
    )


def test_a_suspension_sanction_applies_once_per_matter(personnel: Personnel, officer_id: UUID) -> None:
    matter = uuid4()
    sanction(personnel, officer_id, SanctionType.CERTIFICATE_SUSPENSION, matter, until=date(2018, 4, 15))
    certificate = personnel.get_certificate(NO)
    assert certificate.status_at(WHEN) == CertificateStatus.SUSPENDED
    assert certificate.blocks[-1].accountability_id == matter
    before = personnel.recorder.max_notification_id()
    again = sanction(personnel, officer_id, SanctionType.CERTIFICATE_SUSPENSION, matter, until=date(2018, 4, 15))
    assert personnel.recorder.max_notification_id() == before
    assert again.version == certificate.version


def test_a_suspension_sanction_states_its_end(personnel: Personnel, officer_id: UUID) -> None:
    refused(
        personnel,
        InvalidInputError,
        lambda: sanction(personnel, officer_id, SanctionType.CERTIFICATE_SUSPENSION, uuid4()),
    )


def test_a_removal_sanction_applies_once_per_matter(personnel: Personnel, officer_id: UUID) -> None:
    matter = uuid4()
    removed = sanction(personnel, officer_id, SanctionType.REMOVED_FROM_ENFORCEMENT_POST, matter)
    assert removed.removals[-1].accountability_id == matter
    before = personnel.recorder.max_notification_id()
    sanction(personnel, officer_id, SanctionType.REMOVED_FROM_ENFORCEMENT_POST, matter)
    assert personnel.recorder.max_notification_id() == before
    assert personnel.standing(officer_id, WHEN).reason == "removed_from_post"


@pytest.mark.parametrize("kind", [SanctionType.CERTIFICATE_REVOKED, SanctionType.QUALIFICATION_CANCELLED])
def test_a_revocation_sanction_applies_once_per_matter(
    personnel: Personnel, officer_id: UUID, kind: SanctionType
) -> None:
    matter = uuid4()
    sanction(personnel, officer_id, kind, matter)
    before = personnel.recorder.max_notification_id()
    sanction(personnel, officer_id, kind, matter)
    assert personnel.recorder.max_notification_id() == before
    assert personnel.standing(officer_id, WHEN).reason == "revoked"
    refused(personnel, NoCertificateToSanctionError, lambda: sanction(personnel, officer_id, kind, uuid4()))


def test_a_revocation_after_a_suspension_under_the_same_reference_takes_effect(
    personnel: Personnel, officer_id: UUID
) -> None:
    matter = uuid4()  # legal affairs records both sanctions of one matter under the matter's id
    sanction(personnel, officer_id, SanctionType.CERTIFICATE_SUSPENSION, matter, until=date(2018, 6, 1))
    later = datetime(2018, 2, 10, tzinfo=UTC)
    personnel.apply_sanction(
        accountability_id=matter,
        officer_id=officer_id,
        sanction_type=SanctionType.CERTIFICATE_REVOKED,
        decided_by="局长办公会",
        effective_at=later,
    )
    certificate = personnel.get_certificate(NO)
    assert certificate.status_at(datetime(2018, 7, 1, tzinfo=UTC)) == CertificateStatus.REVOKED
    assert [(b.status, b.accountability_id) for b in certificate.blocks] == [
        (CertificateStatus.SUSPENDED, matter),
        (CertificateStatus.REVOKED, matter),
    ]
    # Each delivered again records nothing.
    before = personnel.recorder.max_notification_id()
    sanction(personnel, officer_id, SanctionType.CERTIFICATE_SUSPENSION, matter, until=date(2018, 6, 1))
    for kind in (SanctionType.CERTIFICATE_REVOKED, SanctionType.QUALIFICATION_CANCELLED):
        personnel.apply_sanction(
            accountability_id=matter, officer_id=officer_id, sanction_type=kind, decided_by="d", effective_at=later
        )
    assert personnel.recorder.max_notification_id() == before
