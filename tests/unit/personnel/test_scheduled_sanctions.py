"""Sanctions decided now that take effect later: recorded when decided, nothing changes before their
instant, applied once by the scheduler at that instant, withdrawn by a revocation that comes first,
and not revived by a redelivery or a rebuild."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest

from personnel.application import Personnel, SanctionType
from personnel.domain import CertificateStatus, ReplacementReason
from personnel.domain.certificate_terms import RevocationReason
from personnel.domain.errors import NoCertificateToSanctionError, NoScheduledSanctionError, NotOnEnforcementPostError
from personnel.jobs import ScheduledSanctionWatch, scheduled_jobs
from personnel.projections.assessment_decisions import DecisionEffects
from shared.contracts.assessment import SanctionImposedV1, SanctionRevokedV1
from shared.domain import FixedClock, InvalidInputError
from shared.scheduler import run_job
from tests.support.personnel import certified_enforcer, enrol, refused

NO = "HN-LY-2017-0001"
DECIDED = datetime(2018, 3, 1, 2, tzinfo=UTC)
TAKES_EFFECT = datetime(2018, 3, 15, tzinfo=UTC)
SUSPENDED_UNTIL = date(2018, 5, 1)


@pytest.fixture
def officer_id(personnel: Personnel, clock: FixedClock) -> UUID:
    officer_id = certified_enforcer(personnel)
    clock.set(DECIDED)
    return officer_id


def schedule(personnel: Personnel, officer_id: UUID, kind: SanctionType, matter: UUID, **extra):
    return personnel.apply_sanction(
        accountability_id=matter,
        officer_id=officer_id,
        sanction_type=kind,
        decided_by="局长办公会",
        effective_at=extra.get("effective_at", TAKES_EFFECT),
        until=extra.get("until"),
    )


def event_names(personnel: Personnel, officer_id: UUID) -> list[str]:
    return [type(e).__qualname__ for e in personnel.officer_history(officer_id)]


def test_a_future_suspension_is_recorded_now_and_changes_nothing_before_its_instant(
    personnel: Personnel, officer_id: UUID, clock: FixedClock
) -> None:
    matter = uuid4()
    schedule(personnel, officer_id, SanctionType.CERTIFICATE_SUSPENSION, matter, until=SUSPENDED_UNTIL)
    officer = personnel.get_officer(officer_id)
    (waiting,) = officer.pending_sanctions()
    assert (waiting.accountability_id, waiting.takes_effect_at, waiting.scheduled_at) == (matter, TAKES_EFFECT, DECIDED)
    assert personnel.get_certificate(NO).status_at(TAKES_EFFECT) is CertificateStatus.ACTIVE
    before = personnel.recorder.max_notification_id()
    schedule(personnel, officer_id, SanctionType.CERTIFICATE_SUSPENSION, matter, until=SUSPENDED_UNTIL)
    assert personnel.recorder.max_notification_id() == before  # delivered again: nothing written

    watch = ScheduledSanctionWatch(personnel)
    assert watch.run() == []  # not due yet
    clock.set(datetime(2018, 3, 15, 0, 0, 10, tzinfo=UTC))
    assert watch.run() == [(officer_id, matter, "certificate_suspension")]
    assert watch.run() == []
    assert ScheduledSanctionWatch(personnel).run() == []  # a restarted scheduler knows it is applied

    certificate = personnel.get_certificate(NO)
    assert certificate.blocks[-1].starts_at == TAKES_EFFECT  # at its instant, not when the job ran
    assert certificate.status_at(datetime(2018, 3, 14, 23, tzinfo=UTC)) is CertificateStatus.ACTIVE
    assert certificate.status_at(TAKES_EFFECT) is CertificateStatus.SUSPENDED
    assert personnel.get_officer(officer_id).pending_sanctions() == []
    assert event_names(personnel, officer_id)[-2:] == ["Officer.SanctionScheduled", "Officer.ScheduledSanctionApplied"]


def test_a_future_removal_is_applied_by_the_scheduler_job_as_the_scheduler(
    personnel: Personnel, officer_id: UUID, clock: FixedClock
) -> None:
    matter = uuid4()
    schedule(personnel, officer_id, SanctionType.REMOVED_FROM_ENFORCEMENT_POST, matter)
    assert personnel.standing(officer_id, TAKES_EFFECT).reason != "removed_from_post"
    clock.set(datetime(2018, 3, 16, tzinfo=UTC))
    job = next(j for j in scheduled_jobs(personnel, every_seconds=60) if j.name == "scheduled-sanctions")
    assert run_job(job) == [(officer_id, matter, "removed_from_enforcement_post")]
    officer = personnel.get_officer(officer_id)
    assert officer.removals[-1].started_at == TAKES_EFFECT
    assert officer.removals[-1].accountability_id == matter
    assert personnel.standing(officer_id, TAKES_EFFECT).reason == "removed_from_post"
    removed = next(e for e in personnel.officer_history(officer_id) if type(e).__qualname__.endswith("PostRemoved"))
    assert (removed.actor_id, removed.actor_role) == ("scheduler:scheduled-sanctions", "system")


def test_a_revocation_before_the_instant_withdraws_it_and_nothing_revives_it(
    personnel: Personnel, officer_id: UUID, clock: FixedClock
) -> None:
    effects = DecisionEffects(personnel)
    sanction = SanctionImposedV1(
        sanction_id=uuid4(), matter_id=uuid4(), officer_id=officer_id, unit_id=None,
        sanction_type="certificate_suspension", tier="2", effective_at=TAKES_EFFECT,
        ends_at=datetime(2018, 4, 30, 16, tzinfo=UTC), decided_by="director-zhang",
        suspends_certificate=True, removes_from_enforcement_post=True,
    )  # fmt: skip
    assert effects.impose(sanction, decided_at=DECIDED) == "scheduled"
    assert len(personnel.get_officer(officer_id).pending_sanctions()) == 2
    revocation = SanctionRevokedV1(
        sanction_id=sanction.sanction_id, matter_id=sanction.matter_id, officer_id=officer_id, unit_id=None,
        reason="appeal upheld", revoked_at=datetime(2018, 3, 5, tzinfo=UTC),
    )  # fmt: skip
    assert effects.lift(revocation) == "withdrawn_before_effect"
    assert personnel.get_officer(officer_id).pending_sanctions() == []

    clock.set(datetime(2018, 3, 20, tzinfo=UTC))
    assert ScheduledSanctionWatch(personnel).run() == []
    before = personnel.recorder.max_notification_id()
    # Delivered again after its instant: judged at its own decision, and withdrawn, it records nothing.
    assert effects.impose(sanction, decided_at=DECIDED) == "scheduled"
    assert personnel.recorder.max_notification_id() == before
    assert personnel.get_certificate(NO).status_at(TAKES_EFFECT) is CertificateStatus.ACTIVE
    assert personnel.get_officer(officer_id).on_enforcement_post


def test_a_revocation_after_the_instant_lifts_it_like_any_other(
    personnel: Personnel, officer_id: UUID, clock: FixedClock
) -> None:
    matter = uuid4()
    schedule(personnel, officer_id, SanctionType.REMOVED_FROM_ENFORCEMENT_POST, matter)
    clock.set(datetime(2018, 3, 16, tzinfo=UTC))
    ScheduledSanctionWatch(personnel).run()
    assert personnel.cancel_scheduled_sanctions(officer_id, matter, reason="appeal upheld") == 0
    assert personnel.get_officer(officer_id).active_removal is not None


def test_what_would_be_refused_when_due_is_refused_when_decided(personnel: Personnel, officer_id: UUID) -> None:
    refused(
        personnel,
        InvalidInputError,
        lambda: schedule(personnel, officer_id, SanctionType.CERTIFICATE_SUSPENSION, uuid4(), until=date(2018, 3, 10)),
    )
    other = enrol(personnel, "乙").id
    refused(
        personnel,
        NoCertificateToSanctionError,
        lambda: schedule(personnel, other, SanctionType.CERTIFICATE_REVOKED, uuid4()),
    )
    refused(
        personnel,
        NotOnEnforcementPostError,
        lambda: schedule(personnel, other, SanctionType.REMOVED_FROM_ENFORCEMENT_POST, uuid4()),
    )
    officer = personnel.get_officer(officer_id)
    with pytest.raises(NoScheduledSanctionError):
        officer.cancel_scheduled_sanction(uuid4(), "certificate_revoked", cancellation="x", at=DECIDED)


def test_a_sanction_the_rules_refuse_when_due_is_cancelled_with_the_code(
    personnel: Personnel, officer_id: UUID, clock: FixedClock
) -> None:
    matter = uuid4()
    schedule(personnel, officer_id, SanctionType.CERTIFICATE_SUSPENSION, matter, until=SUSPENDED_UNTIL)
    clock.set(datetime(2018, 3, 10, tzinfo=UTC))
    personnel.revoke_certificate(
        NO, reason=RevocationReason.SERIOUS_FAULT, decided_by="director", reapply_not_before=None
    )
    clock.set(datetime(2018, 3, 16, tzinfo=UTC))
    assert ScheduledSanctionWatch(personnel).run() == [(officer_id, matter, "certificate_suspension")]
    (cancelled,) = personnel.get_officer(officer_id).scheduled_sanctions.values()
    assert cancelled.cancellation == f"refused:{NoCertificateToSanctionError.code}"
    assert ScheduledSanctionWatch(personnel).run() == []


def test_a_suspension_of_a_card_replaced_before_it_takes_effect_falls_on_the_replacement(
    personnel: Personnel, officer_id: UUID, clock: FixedClock
) -> None:
    matter = uuid4()
    personnel.apply_sanction(
        accountability_id=matter,
        officer_id=officer_id,
        sanction_type=SanctionType.CERTIFICATE_SUSPENSION,
        decided_by="局长办公会",
        effective_at=TAKES_EFFECT,
        until=SUSPENDED_UNTIL,
        certificate_no=NO,
    )
    personnel.replace_certificate(NO, new_no="HN-NEW", reason=ReplacementReason.DAMAGED, at=DECIDED)
    clock.set(datetime(2018, 3, 16, tzinfo=UTC))
    assert personnel.apply_scheduled_sanction(officer_id, matter, SanctionType.CERTIFICATE_SUSPENSION.value)
    scheduled = personnel.get_officer(officer_id).scheduled_sanction(matter, "certificate_suspension")
    assert scheduled is not None
    assert (scheduled.applied_at, scheduled.cancellation) == (TAKES_EFFECT, None)
    assert personnel.get_certificate("HN-NEW").status_at(TAKES_EFFECT) is CertificateStatus.SUSPENDED
    standing = personnel.standing(officer_id, TAKES_EFFECT)
    assert (standing.can_enforce, standing.certificate_no, standing.reason) == (False, "HN-NEW", "suspended")
