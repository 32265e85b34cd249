"""Every stored event of personnel is either a public contract or deliberately private; the first
published payloads still decode."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from personnel.application import Personnel
from personnel.domain import (
    AssetKind,
    CancellationReason,
    DepartureReason,
    ExamKind,
    PostRank,
    PowerCategory,
    RemovalReason,
    ReplacementReason,
    ReviewResult,
    SuspensionReason,
    TargetItem,
    UnitKind,
)
from personnel.domain.roster import RosterChannel
from personnel.integration import to_integration_event
from shared.contracts import REGISTRY
from shared.contracts.personnel import CertificateIssuedV1
from shared.domain import FixedClock
from tests.support.personnel import certify, enrol, train_and_post

PRIVATE = {
    "Officer.PrePostTrainingCompleted",  # public as the session's attendance
    "Officer.CertificateLinked",  # public as the certificate's issue or replacement
    "Officer.RemovalGroundAdded",  # public as the exam taken, then as a removal once the one in force is lifted
    "RuleSet.Created",
    "RuleSet.VersionPublished",
    "IdempotencyRecord.Recorded",
}


def everything(personnel: Personnel, clock: FixedClock) -> None:
    """One of each command."""
    at = datetime(2018, 1, 2, 1, tzinfo=UTC)
    personnel.publish_rules(effective_from=date(2016, 1, 1), values={"exam_pass_mark": 60}, note="")
    personnel.register_unit(code="STN04", name="第四国土资源所", kind=UnitKind.STATION)
    director, deputy, officer = enrol(personnel, "局长", "LEAD"), enrol(personnel, "副局长", "LEAD"), enrol(personnel)
    personnel.assign_post(
        director.id, title="局长", rank=PostRank.DIRECTOR, enforcement=False, reason="r", decided_by="d"
    )
    personnel.assign_post(
        deputy.id, title="副局长", rank=PostRank.DEPUTY_DIRECTOR, enforcement=False, reason="r", decided_by="d"
    )
    personnel.appoint_unit_head("STN03", officer_id=officer.id)
    personnel.establish_leadership_group(leader_id=director.id, office_head_id=deputy.id, member_ids=[])
    personnel.hold_office_meeting(held_at=at, chair_id=deputy.id, attendee_ids=[], resolutions=["r"])
    personnel.sign_target_letter(
        year=2018,
        unit_id="STN03",
        head_officer_id=officer.id,
        director_id=director.id,
        targets=[TargetItem("case_quality", "d", 100, "m", "t")],
        signed_at=at,
    )
    personnel.confirm_enforcement_subject(code="MJ", name="孟津县国土资源局", legal_basis=["x"])
    power = personnel.publish_power_item(
        code="P1",
        subject_code="MJ",
        category=PowerCategory.PENALTY,
        name="n",
        legal_basis=["b"],
        responsible_unit_id="ENF",
        procedure_template_id="t",
    )
    train_and_post(personnel, officer.id)
    personnel.assign_duty(officer.id, power_ids=[power.id], standards="s", scope="c", responsibility="r")
    certify(personnel, officer.id, "HN-1")
    personnel.review_certificate("HN-1", period="2018", result=ReviewResult.PASSED, notes="", reviewed_at=at)
    personnel.suspend_certificate("HN-1", reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="d", at=at)
    personnel.reinstate_certificate("HN-1", note="", at=at)
    personnel.replace_certificate("HN-1", new_no="HN-2", reason=ReplacementReason.DAMAGED, at=at)
    personnel.cancel_certificate("HN-2", reason=CancellationReason.LOST, at=at)
    other = enrol(personnel, "乙")
    certify(personnel, other.id, "HN-3", expires_on=date(2018, 2, 1))
    from personnel.domain import RevocationReason

    personnel.revoke_certificate("HN-3", reason=RevocationReason.LENT, decided_by="d", at=at)
    certify(personnel, enrol(personnel, "丙").id, "HN-4", expires_on=date(2018, 2, 1))
    personnel.record_certificate_expiry("HN-4")
    personnel.record_exam(
        officer.id,
        exam_round="Q",
        kind=ExamKind.QUARTERLY_COURSE,
        attempt_no=1,
        score=10,
        closed_book=True,
        taken_at=at,
    )
    personnel.remove_from_enforcement_post(officer.id, reason=RemovalReason.ASSESSMENT, note="", decided_by="d", at=at)
    personnel.record_exam(
        officer.id,
        exam_round="Q",
        kind=ExamKind.QUARTERLY_COURSE,
        attempt_no=2,
        score=10,
        closed_book=True,
        taken_at=at.replace(hour=2),
    )
    personnel.restore_to_enforcement_post(officer.id, reason="r", decided_by="d", at=at)
    personnel.transfer_officer(
        officer.id, title="t", rank=PostRank.STAFF, enforcement=False, unit_id="OFFICE", reason="r", decided_by="d"
    )
    personnel.assign_unit(officer.id, unit_id="ENF", reason="r", decided_by="d")
    personnel.record_budget(year=2017, amount_yuan=Decimal(1300000), purpose="p")
    personnel.register_asset(asset_no="BC-1", kind=AssetKind.BODY_CAMERA, description="")
    personnel.assign_asset("BC-1", unit_id=None, officer_id=officer.id)
    # A lost card's suspension and failed review, carried over onto its replacement.
    certify(personnel, enrol(personnel, "戊").id, "HN-6")
    personnel.review_certificate("HN-6", period="2018", result=ReviewResult.FAILED, notes="", reviewed_at=at)
    personnel.suspend_certificate("HN-6", reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="d", at=at)
    personnel.cancel_certificate("HN-6", reason=CancellationReason.LOST, at=at)
    personnel.replace_certificate("HN-6", new_no="HN-7", reason=ReplacementReason.LOST, at=at)
    certify(personnel, enrol(personnel, "丁").id, "HN-5")
    personnel.publish_roster(channel=RosterChannel.WEBSITE)
    personnel.record_departure(other.id, reason=DepartureReason.RETIRED, note="", decided_by="d", at=at)


def test_every_stored_event_is_public_or_deliberately_private(personnel: Personnel, clock: FixedClock) -> None:
    everything(personnel, clock)
    public: set[str] = set()
    private: set[str] = set()
    stored: set[str] = set()
    for notification in personnel.recorder.select_notifications(1, 10_000):
        domain_event = personnel.mapper.to_domain_event(notification)
        stored.add(type(domain_event).__qualname__)
        event = to_integration_event(domain_event)
        if event is None:
            private.add(type(domain_event).__qualname__)
        else:
            assert REGISTRY[event.subject] is type(event)
            public.add(event.subject)
    assert private == PRIVATE - {"IdempotencyRecord.Recorded"}
    assert {"Certificate.SuspensionCarriedOver", "Certificate.ReviewCarriedOver"} <= stored
    personnel_subjects = {subject for subject in REGISTRY if subject.startswith("personnel.")}
    assert public == personnel_subjects  # every contract is published by some command


def test_the_first_published_certificate_payload_still_decodes() -> None:
    first = {
        "certificate_id": "0f1e2d3c-4b5a-4968-8776-655443322110",
        "certificate_no": "HN-LY-2017-0001",
        "officer_id": "8b6c1a0e-4f5d-4e2a-9f1b-3c2d1e0f9a87",
        "issuer": "henan_provincial_gov",
        "kind": "enforcement",
        "scope_field": "land_resources",
        "scope_area": "410322",
        "issued_on": "2017-06-01",
        "expires_on": "2022-06-01",
        "issued_at": "2017-06-01T09:30:00Z",
    }
    event = CertificateIssuedV1.model_validate(first)
    assert (event.review_due_on, event.replaces_no) == (None, None)


def test_events_stored_under_the_first_module_path_still_resolve() -> None:
    from eventsourcing.utils import resolve_topic

    from personnel.domain import Certificate, Officer

    assert resolve_topic("personnel.domain:Officer.Enrolled") is Officer.Enrolled
    assert resolve_topic("personnel.domain:Certificate.Issued") is Certificate.Issued
