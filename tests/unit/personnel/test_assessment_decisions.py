"""Assessment's decisions taking effect in personnel (the command half of personnel's consumer):
a sanction suspends, removes or revokes once; its revocation lifts only what it did; a decided
transfer moves the officer off the post, withdrawing the card, once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest

from personnel.application import Personnel, SanctionType
from personnel.domain import CertificateStatus, SuspensionReason
from personnel.projections.assessment_decisions import DecisionEffects, sanction_types, suspension_until
from shared.contracts.assessment import PostTransferDecidedV1, SanctionImposedV1, SanctionRevokedV1
from shared.domain import FixedClock
from tests.support.personnel import certify, enrol, train_and_post

NO = "HN-LY-2017-0001"
EFFECTIVE = datetime(2018, 4, 1, tzinfo=UTC)
RECORDED = datetime(2018, 8, 1, tzinfo=UTC)  # when assessment recorded each decision below
TAKES_EFFECT = datetime(2018, 9, 1, tzinfo=UTC)


@pytest.fixture
def officer_id(personnel: Personnel, clock: FixedClock) -> UUID:
    officer = enrol(personnel)
    train_and_post(personnel, officer.id)
    certify(personnel, officer.id)
    clock.set(RECORDED)  # every decision below is recorded after it happened
    return officer.id


def imposed(officer_id: UUID, sanction_type: str, **flags: bool) -> SanctionImposedV1:
    return SanctionImposedV1(
        sanction_id=uuid4(), matter_id=uuid4(), officer_id=officer_id, unit_id=None, sanction_type=sanction_type,
        tier="2", effective_at=EFFECTIVE, ends_at=datetime(2018, 6, 30, 16, tzinfo=UTC), decided_by="director-zhang",
        suspends_certificate=flags.get("suspends", False),
        removes_from_enforcement_post=flags.get("removes", False), revokes_certificate=flags.get("revokes", False),
        officer_unit_id="STN03",
    )  # fmt: skip


def revoked(sanction: SanctionImposedV1, at: datetime) -> SanctionRevokedV1:
    return SanctionRevokedV1(
        sanction_id=sanction.sanction_id, matter_id=sanction.matter_id, officer_id=sanction.officer_id,
        unit_id=None, reason="appeal upheld", revoked_at=at,
    )  # fmt: skip


def test_a_suspension_ends_on_the_first_instant_of_a_bureau_day() -> None:
    assert suspension_until(datetime(2018, 6, 30, 16, tzinfo=UTC)) == date(2018, 7, 1)  # 00:00 on 1 July in Henan
    assert suspension_until(datetime(2018, 6, 30, 17, tzinfo=UTC)) == date(2018, 7, 2)  # never shorter


def test_which_sanctions_personnel_acts_upon() -> None:
    officer = uuid4()
    assert sanction_types(imposed(officer, "circulated_criticism")) == []
    assert sanction_types(imposed(officer, "certificate_suspension", suspends=True)) == [
        SanctionType.CERTIFICATE_SUSPENSION
    ]
    assert sanction_types(imposed(officer, "qualification_cancelled", revokes=True)) == [
        SanctionType.QUALIFICATION_CANCELLED
    ]
    assert sanction_types(imposed(officer, "off_post_training", removes=True)) == [
        SanctionType.REMOVED_FROM_ENFORCEMENT_POST
    ]


def test_a_suspension_takes_effect_once_and_its_revocation_lifts_it(personnel: Personnel, officer_id: UUID) -> None:
    effects = DecisionEffects(personnel)
    sanction = imposed(officer_id, "certificate_suspension", suspends=True)
    assert effects.impose(sanction, decided_at=RECORDED) == "in_effect"
    certificate = personnel.get_certificate(NO)
    assert certificate.status_at(datetime(2018, 5, 1, tzinfo=UTC)) is CertificateStatus.SUSPENDED
    assert certificate.blocks[-1].accountability_id == sanction.sanction_id
    assert certificate.blocks[-1].ends_at == datetime(2018, 6, 30, 16, tzinfo=UTC)  # 00:00 on 1 July in Henan
    before = personnel.recorder.max_notification_id()
    assert effects.impose(sanction, decided_at=RECORDED) == "in_effect"  # delivered again: nothing written
    assert personnel.recorder.max_notification_id() == before

    lifted_at = datetime(2018, 5, 10, tzinfo=UTC)
    assert effects.lift(revoked(sanction, lifted_at)) == "lifted"
    assert personnel.get_certificate(NO).status_at(datetime(2018, 5, 11, tzinfo=UTC)) is CertificateStatus.ACTIVE
    written = personnel.recorder.max_notification_id()
    assert effects.lift(revoked(sanction, lifted_at)) == "lifted"  # again: the suspension has already ended
    assert personnel.recorder.max_notification_id() == written


def test_a_sanction_suspends_a_card_already_suspended_and_its_revocation_lifts_only_its_own(
    personnel: Personnel, officer_id: UUID
) -> None:
    personnel.suspend_certificate(
        NO, reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="法规股", at=datetime(2018, 3, 20, tzinfo=UTC)
    )
    effects = DecisionEffects(personnel)
    sanction = imposed(officer_id, "certificate_suspension", suspends=True)
    assert effects.impose(sanction, decided_at=RECORDED) == "in_effect"
    running = personnel.get_certificate(NO).running_suspensions(datetime(2018, 5, 1, tzinfo=UTC))
    assert [(b.reason, b.accountability_id) for b in running] == [
        ("not_shown", None),
        ("accountability_sanction", sanction.sanction_id),
    ]
    assert effects.lift(revoked(sanction, datetime(2018, 5, 10, tzinfo=UTC))) == "lifted"
    certificate = personnel.get_certificate(NO)
    # The appeal ends the sanction's suspension; the card not shown stays suspended until shown.
    assert [b.reason for b in certificate.running_suspensions(datetime(2018, 5, 11, tzinfo=UTC))] == ["not_shown"]
    assert personnel.standing(officer_id, datetime(2018, 8, 1, tzinfo=UTC)).reason == "suspended"


def test_a_removal_is_restored_only_by_the_revocation_of_its_own_sanction(
    personnel: Personnel, officer_id: UUID
) -> None:
    effects = DecisionEffects(personnel)
    removal = imposed(officer_id, "removed_from_enforcement_post", removes=True)
    effects.impose(removal, decided_at=RECORDED)
    other = imposed(officer_id, "certificate_suspension", suspends=True)
    effects.lift(revoked(other, datetime(2018, 5, 1, tzinfo=UTC)))  # another sanction's revocation: no change
    assert personnel.get_officer(officer_id).active_removal is not None
    effects.lift(revoked(removal, datetime(2018, 5, 1, tzinfo=UTC)))
    assert personnel.get_officer(officer_id).active_removal is None


def test_a_revoked_certificate_stays_revoked_when_the_sanction_is_revoked(
    personnel: Personnel, officer_id: UUID
) -> None:
    effects = DecisionEffects(personnel)
    sanction = imposed(officer_id, "certificate_revoked", revokes=True)
    effects.impose(sanction, decided_at=RECORDED)
    assert effects.lift(revoked(sanction, datetime(2018, 5, 1, tzinfo=UTC))) == "revocation_stands"
    assert personnel.standing(officer_id, datetime(2018, 5, 2, tzinfo=UTC)).reason == "revoked"


def test_a_decided_transfer_moves_the_officer_off_the_enforcement_post_once(
    personnel: Personnel, officer_id: UUID
) -> None:
    effects = DecisionEffects(personnel)
    decided = PostTransferDecidedV1(
        decision_id=uuid4(), period="2018-Q2", subject_type="officer", subject_id=str(officer_id), unit_id="STN03",
        outcome="transferred", officer_id=str(officer_id), from_post="执法监察员", to_post="档案管理员",
        decided_at=datetime(2018, 7, 10, tzinfo=UTC), decided_by="局长办公会",
    )  # fmt: skip
    assert effects.transfer(decided) == "transferred"
    officer = personnel.get_officer(officer_id)
    assert (officer.post.title, officer.post.enforcement) == ("档案管理员", False)  # type: ignore[union-attr]
    assert personnel.standing(officer_id, datetime(2018, 7, 10, tzinfo=UTC)).reason == "cancelled"  # card withdrawn
    written = personnel.recorder.max_notification_id()
    effects.transfer(decided)
    assert personnel.recorder.max_notification_id() == written


def test_a_decided_transfer_to_an_enforcement_post_keeps_the_card(personnel: Personnel, officer_id: UUID) -> None:
    """A unit head moved off the head post onto an enforcement post (调离所长岗位) still enforces."""
    decided = PostTransferDecidedV1(
        decision_id=uuid4(), period="2018-04", subject_type="unit", subject_id="STN03", unit_id="STN03",
        outcome="transferred", officer_id=str(officer_id), from_post="所长", to_post="执法监察大队执法监察员",
        decided_at=datetime(2018, 5, 20, tzinfo=UTC), decided_by="局长办公会", to_enforcement_post=True,
    )  # fmt: skip
    assert DecisionEffects(personnel).transfer(decided) == "transferred"
    officer = personnel.get_officer(officer_id)
    assert (officer.post.title, officer.post.enforcement) == ("执法监察大队执法监察员", True)  # type: ignore[union-attr]
    assert personnel.standing(officer_id, datetime(2018, 5, 21, tzinfo=UTC)).can_enforce  # the card is not withdrawn


def test_whether_a_sanction_was_scheduled_is_judged_at_its_decision_not_when_it_is_applied(
    personnel: Personnel, officer_id: UUID, clock: FixedClock
) -> None:
    """A consumer that lags (or a replay) applies the decision later: the outcome, and what it
    records, are those of the decision's own time."""
    effects = DecisionEffects(personnel)
    sanction = imposed(officer_id, "certificate_suspension", suspends=True).model_copy(
        update={"effective_at": TAKES_EFFECT, "ends_at": datetime(2018, 10, 31, 16, tzinfo=UTC)}
    )
    clock.set(datetime(2019, 1, 1, tzinfo=UTC))  # applied long after its instant
    assert effects.impose(sanction, decided_at=RECORDED) == "scheduled"
    (waiting,) = personnel.get_officer(officer_id).pending_sanctions()
    assert (waiting.scheduled_at, waiting.takes_effect_at) == (RECORDED, TAKES_EFFECT)
    before = personnel.recorder.max_notification_id()
    assert effects.impose(sanction, decided_at=RECORDED) == "scheduled"  # again: the same answer, nothing written
    assert personnel.recorder.max_notification_id() == before
