"""Personnel scenarios for tests: an officer taken through the rules (trained, examined, applied,
certified), and, for tests of the backbone that only need events to carry, a certificate seeded
straight into the event store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest

from personnel.application import Personnel
from personnel.domain import Certificate, ExamKind, Officer, PostRank, StaffKind, TrainingKind, UnitKind
from personnel.integration import to_integration_event
from shared.contracts.personnel import (
    ENDINGS,
    CertificateCancelledV1,
    CertificateIssuedV1,
    CertificateRecord,
    CertificateReinstatedV1,
    CertificateReplacedV1,
    CertificateReviewedV1,
    CertificateRevokedV1,
    CertificateSuspendedV1,
    EnforcementPostRemovedV1,
    EnforcementPostRestoredV1,
    Period,
    ReviewRecord,
    enforcement_standing,
    suspension_ends_at,
)

TRAINED_AT = datetime(2017, 4, 20, 9, 0, tzinfo=UTC)
EXAMINED_AT = datetime(2017, 4, 25, 9, 0, tzinfo=UTC)


def seed_certificate(
    personnel: Personnel,
    officer_id: UUID,
    number: str,
    *,
    issued_on: date = date(2017, 6, 1),
    expires_on: date = date(2022, 6, 1),
) -> Certificate:
    """One `Certificate.Issued` and nothing else: bypasses the exam and application rules on purpose,
    so that a backbone test counts exactly one public event per certificate."""
    certificate = Certificate(
        certificate_no=number,
        officer_id=officer_id,
        issuer="henan_provincial_gov",
        kind="enforcement",
        scope_field="land_resources",
        scope_area="410322",
        issued_on=issued_on,
        expires_on=expires_on,
        review_due_on=None,
        rules_version=0,
        application_id=None,
        replaces_no=None,
        occurred_at=None,
    )
    personnel.save(certificate)
    return certificate


# The units the tests enrol officers into; personnel refuses a unit it has not registered.
TEST_UNITS: dict[str, UnitKind] = {
    "LEAD": UnitKind.LEADERSHIP,
    "OFFICE": UnitKind.SECTION,
    "LEGAL": UnitKind.SECTION,
    "ENF": UnitKind.SECTION,
    "LANDUSE": UnitKind.SECTION,
    "STN01": UnitKind.STATION,
    "STN02": UnitKind.STATION,
    "STN03": UnitKind.STATION,
    "STN05": UnitKind.STATION,
    "STN06": UnitKind.STATION,
}


def register_units(personnel: Personnel, units: dict[str, UnitKind] = TEST_UNITS) -> None:
    for code, kind in units.items():
        personnel.register_unit(code=code, name=f"{code} unit", kind=kind)


def seed_officer(personnel: Personnel, name: str, unit_id: str) -> Officer:
    """One `Officer.Enrolled` stored as is: bypasses the unit check on purpose, so that a backbone test
    counts exactly the public events it writes (no `Unit.Registered` for each unit named)."""
    officer = Officer(name=name, unit_id=unit_id, staff_kind=StaffKind.PERMANENT.value)
    personnel.save(officer)
    return officer


def enrol(personnel: Personnel, name: str = "王建国", unit_id: str = "STN03") -> Officer:
    return personnel.enroll_officer(name=name, unit_id=unit_id, staff_kind=StaffKind.PERMANENT)


def train_and_post(personnel: Personnel, officer_id: UUID, *, trained_at: datetime = TRAINED_AT) -> None:
    """Pre-post training, then a first enforcement post."""
    personnel.hold_training_session(
        kind=TrainingKind.PRE_POST,
        held_at=trained_at,
        topics=["行政处罚法"],
        trainer="县政府法制办",
        attendee_ids=[officer_id],
    )
    personnel.assign_post(
        officer_id,
        title="执法监察员",
        rank=PostRank.STAFF,
        enforcement=True,
        reason="岗前培训合格",
        decided_by="局长办公会",
        at=trained_at,
    )


def pass_qualification(personnel: Personnel, officer_id: UUID, *, taken_at: datetime = EXAMINED_AT) -> None:
    personnel.record_exam(
        officer_id,
        exam_round="QUAL-2017",
        kind=ExamKind.GENERAL_LAW,
        attempt_no=1,
        score=82,
        closed_book=True,
        taken_at=taken_at,
    )


def certify(
    personnel: Personnel,
    officer_id: UUID,
    number: str = "HN-LY-2017-0001",
    *,
    issued_on: date = date(2017, 6, 1),
    expires_on: date | None = None,
    scope_field: str = "land_resources",
) -> Certificate:
    """A passed qualification exam, an application, and the certificate issued on it."""
    pass_qualification(personnel, officer_id)
    personnel.apply_for_certificate(officer_id, training_session_ids=[])
    return personnel.issue_certificate(
        officer_id=officer_id,
        certificate_no=number,
        issuer="henan_provincial_gov",
        kind="enforcement",
        scope_field=scope_field,
        scope_area="410322",
        issued_on=issued_on,
        expires_on=expires_on,
    )


def certified_enforcer(personnel: Personnel) -> UUID:
    """An officer trained and posted to enforcement (April 2017) with certificate HN-LY-2017-0001,
    issued on 1 June 2017."""
    officer = enrol(personnel)
    train_and_post(personnel, officer.id)
    certify(personnel, officer.id)
    return officer.id


def refused(personnel: Personnel, error: type[Exception], command: Callable[[], object]) -> Exception:
    """Run `command`, expect `error`, and check that nothing was written."""
    before = personnel.recorder.max_notification_id()
    with pytest.raises(error) as raised:
        command()
    assert personnel.recorder.max_notification_id() == before, "a refused command wrote events"
    return raised.value


def read_as_a_consumer(personnel: Personnel) -> tuple[dict[UUID, list[CertificateRecord]], dict[UUID, list[Period]]]:
    """Every public event personnel stored, read as `shared.contracts.personnel` tells consumers to:
    each officer's certificates (with their periods and reviews) and removals."""
    certificates: dict[str, dict[str, Any]] = {}
    owners: dict[str, UUID] = {}
    removals: dict[UUID, list[Period]] = {}

    def end_suspension(number: str, at: datetime) -> None:
        blocks = certificates[number]["blocks"]
        for i, block in enumerate(blocks):
            if block.status == "suspended" and block.covers(at):
                blocks[i] = replace(block, ends_at=at)

    def end(number: str, status: str, at: datetime) -> None:
        end_suspension(number, at)
        if not any(b.status in ENDINGS for b in certificates[number]["blocks"]):
            certificates[number]["blocks"].append(Period(status, at))

    for notification in personnel.recorder.select_notifications(1, 1_000_000):
        event = to_integration_event(personnel.mapper.to_domain_event(notification))
        match event:
            case CertificateIssuedV1():
                owners[event.certificate_no] = event.officer_id
                certificates[event.certificate_no] = {
                    "fields": (
                        event.certificate_no,
                        event.kind,
                        event.scope_field,
                        event.issued_on,
                        event.expires_on,
                        event.review_due_on,
                    ),
                    "blocks": [],
                    "reviews": [],
                    "valid_from": event.valid_from(),
                }
            case CertificateSuspendedV1():
                certificates[event.certificate_no]["blocks"].append(
                    Period("suspended", event.suspended_from, suspension_ends_at(event.until))
                )
            case CertificateReinstatedV1():
                end_suspension(event.certificate_no, event.reinstated_at)
            case CertificateRevokedV1():
                end(event.certificate_no, "revoked", event.revoked_at)
            case CertificateCancelledV1():
                end(event.certificate_no, "cancelled", event.cancelled_at)
            case CertificateReplacedV1():
                end(event.old_no, "replaced", event.replaced_at)
            case CertificateReviewedV1():
                certificates[event.certificate_no]["reviews"].append(
                    ReviewRecord(event.reviewed_at, event.result, event.next_review_due_on)
                )
            case EnforcementPostRemovedV1():
                removals.setdefault(event.officer_id, []).append(Period("removed", event.removed_at))
            case EnforcementPostRestoredV1():
                periods = removals[event.officer_id]
                periods[-1] = replace(periods[-1], ends_at=event.restored_at)
            case _:
                pass
    records: dict[UUID, list[CertificateRecord]] = {}
    for number, data in certificates.items():
        fields: tuple[str, str, str, date, date, date | None] = data["fields"]
        record = CertificateRecord(*fields, tuple(data["blocks"]), tuple(data["reviews"]), data["valid_from"])
        records.setdefault(owners[number], []).append(record)
    return records, removals


def consumer_reason(personnel: Personnel, officer_id: UUID, instant: datetime) -> str | None:
    """Why the officer could not enforce at `instant` as a consumer of the public events sees it
    (`shared.contracts.personnel.enforcement_standing`); None if the officer could."""
    records, removals = read_as_a_consumer(personnel)
    return enforcement_standing(records.get(officer_id, []), removals.get(officer_id, []), instant).reason
