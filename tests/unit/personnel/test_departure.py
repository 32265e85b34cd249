"""An officer leaving the bureau (retired, resigned, transferred out) hands in the enforcement card
(收回 / 注销 on retirement or leaving, DOMAIN §2.1) in the same transaction, and closes the record:
every later command on the officer is refused with `officer_departed`, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest

from personnel.application import Personnel, SanctionType
from personnel.domain import (
    AssetKind,
    CancellationReason,
    CertificateStatus,
    DepartureReason,
    ExamKind,
    Officer,
    PostRank,
    RemovalReason,
    ReplacementReason,
    SuspensionReason,
    TargetItem,
    TrainingKind,
)
from personnel.domain.common import RecordOutOfOrderError
from personnel.domain.errors import OfficerDepartedError
from personnel.jobs import ScheduledSanctionWatch
from shared.domain import CommandContext, FixedClock, command_context
from tests.support.personnel import certified_enforcer, consumer_reason, enrol, refused

NO = "HN-LY-2017-0001"
LEFT_AT = datetime(2018, 2, 1, 9, 0, tzinfo=UTC)
BEFORE = datetime(2018, 2, 1, 8, 59, tzinfo=UTC)


@pytest.fixture
def officer_id(personnel: Personnel) -> UUID:
    return certified_enforcer(personnel)


def leave(
    personnel: Personnel, officer_id: UUID, reason: DepartureReason = DepartureReason.RETIRED, at: datetime = LEFT_AT
) -> None:
    personnel.record_departure(officer_id, reason=reason, note="到龄退休", decided_by="县人社局", at=at)


def transfer_to_station_5(personnel: Personnel, officer_id: UUID, at: datetime) -> None:
    personnel.transfer_officer(
        officer_id,
        title="执法监察员",
        rank=PostRank.STAFF,
        enforcement=True,
        unit_id="STN05",
        reason="岗位调整",
        decided_by="局长办公会",
        at=at,
    )


@pytest.mark.parametrize(
    ("reason", "card_reason"),
    [
        (DepartureReason.RETIRED, "retired"),
        (DepartureReason.RESIGNED, "resigned"),
        (DepartureReason.TRANSFERRED_OUT, "transferred"),
    ],
)
def test_leaving_cancels_the_card_at_its_instant_for_the_matching_reason(
    personnel: Personnel, officer_id: UUID, reason: DepartureReason, card_reason: str
) -> None:
    leave(personnel, officer_id, reason)

    certificate = personnel.get_certificate(NO)
    assert certificate.status_at(BEFORE) is CertificateStatus.ACTIVE
    assert certificate.status_at(LEFT_AT) is CertificateStatus.CANCELLED
    cancelled = personnel.certificate_history(NO)[-1]
    assert (type(cancelled).__name__, cancelled.reason, cancelled.occurred_at) == (  # type: ignore[attr-defined]
        "Cancelled",
        card_reason,
        LEFT_AT,
    )
    for instant, expected in ((BEFORE, None), (LEFT_AT, "cancelled")):
        assert personnel.standing(officer_id, instant).reason == expected
        assert consumer_reason(personnel, officer_id, instant) == expected


def test_the_departure_and_the_cancellation_are_recorded_together(personnel: Personnel, officer_id: UUID) -> None:
    before = personnel.recorder.max_notification_id() or 0
    leave(personnel, officer_id)
    written = personnel.recorder.select_notifications(before + 1, 10)
    assert [n.topic.split(":")[-1] for n in written] == ["Officer.Departed", "Certificate.Cancelled"]
    officer = personnel.get_officer(officer_id)
    assert officer.departure is not None
    assert (officer.departure.reason, officer.departure.at, officer.departure.decided_by) == (
        DepartureReason.RETIRED,
        LEFT_AT,
        "县人社局",
    )
    assert not officer.on_enforcement_post


def test_an_officer_without_a_card_leaves_with_nothing_to_withdraw(personnel: Personnel) -> None:
    officer = enrol(personnel, "李文员", "OFFICE")
    before = personnel.recorder.max_notification_id() or 0
    leave(personnel, officer.id, DepartureReason.RESIGNED)
    written = personnel.recorder.select_notifications(before + 1, 10)
    assert [n.topic.split(":")[-1] for n in written] == ["Officer.Departed"]


def test_a_departure_dated_before_the_latest_post_change_is_refused(personnel: Personnel, officer_id: UUID) -> None:
    transfer_to_station_5(personnel, officer_id, datetime(2018, 2, 10, tzinfo=UTC))
    refused(personnel, RecordOutOfOrderError, lambda: leave(personnel, officer_id))
    assert personnel.get_officer(officer_id).departure is None


def test_a_departure_dated_before_the_card_s_latest_change_is_refused_whole(
    personnel: Personnel, officer_id: UUID
) -> None:
    personnel.suspend_certificate(
        NO,
        reason=SuspensionReason.NOT_SHOWN,
        until=date(2018, 2, 20),
        decided_by="法制办",
        at=datetime(2018, 2, 5, 9, 0, tzinfo=UTC),
    )
    error = refused(personnel, RecordOutOfOrderError, lambda: leave(personnel, officer_id))
    assert error.details["certificate_no"] == NO  # type: ignore[attr-defined]
    assert "departure" in error.message  # type: ignore[attr-defined]


def _commands_on_a_departed_officer(personnel: Personnel, officer_id: UUID) -> dict[str, Callable[[], object]]:
    director = enrol(personnel, "局长", "LEAD")
    personnel.assign_post(
        director.id, title="局长", rank=PostRank.DIRECTOR, enforcement=False, reason="任命", decided_by="县委"
    )
    personnel.register_asset(asset_no="BC-9", kind=AssetKind.BODY_CAMERA, description="执法记录仪")
    leave(personnel, officer_id)
    return {
        "leave again": lambda: leave(personnel, officer_id, at=datetime(2018, 2, 2, tzinfo=UTC)),
        "assign unit": lambda: personnel.assign_unit(officer_id, unit_id="STN05", reason="r", decided_by="d"),
        "transfer": lambda: personnel.transfer_officer(
            officer_id, title="科员", rank=PostRank.STAFF, enforcement=False, unit_id=None, reason="r", decided_by="d"
        ),
        "remove from post": lambda: personnel.remove_from_enforcement_post(
            officer_id, reason=RemovalReason.ASSESSMENT, note="", decided_by="d"
        ),
        "record exam": lambda: personnel.record_exam(
            officer_id,
            exam_round="2018Q1",
            kind=ExamKind.QUARTERLY_COURSE,
            attempt_no=1,
            score=90,
            closed_book=True,
            taken_at=datetime(2018, 2, 20, tzinfo=UTC),
        ),
        "apply for a card": lambda: personnel.apply_for_certificate(officer_id, training_session_ids=[]),
        "issue a card": lambda: personnel.issue_certificate(
            officer_id=officer_id,
            certificate_no="HN-LY-2018-0009",
            issuer="henan_provincial_gov",
            kind="enforcement",
            scope_field="land_resources",
            scope_area="410322",
            issued_on=date(2018, 2, 20),
        ),
        "attend training": lambda: personnel.hold_training_session(
            kind=TrainingKind.WEEKLY_FRIDAY,
            held_at=datetime(2018, 2, 23, tzinfo=UTC),
            topics=["土地管理法"],
            trainer="法制股",
            attendee_ids=[officer_id],
        ),
        "head a unit": lambda: personnel.appoint_unit_head("STN03", officer_id=officer_id),
        "hold equipment": lambda: personnel.assign_asset("BC-9", unit_id=None, officer_id=officer_id),
        "be given duties": lambda: personnel.assign_duty(
            officer_id, power_ids=[], standards="s", scope="c", responsibility="r"
        ),
        "be sanctioned later": lambda: personnel.apply_sanction(
            accountability_id=uuid4(),
            officer_id=officer_id,
            sanction_type=SanctionType.REMOVED_FROM_ENFORCEMENT_POST,
            decided_by="d",
            effective_at=datetime(2018, 4, 1, tzinfo=UTC),
        ),
    }


COMMANDS = [
    "leave again",
    "assign unit",
    "transfer",
    "remove from post",
    "record exam",
    "apply for a card",
    "issue a card",
    "attend training",
    "head a unit",
    "hold equipment",
    "be given duties",
    "be sanctioned later",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_the_record_of_an_officer_who_left_takes_no_further_changes(
    personnel: Personnel, officer_id: UUID, command: str
) -> None:
    run = _commands_on_a_departed_officer(personnel, officer_id)[command]
    error = refused(personnel, OfficerDepartedError, run)
    assert error.details["departed_at"] == LEFT_AT.isoformat()  # type: ignore[attr-defined]


def test_a_unit_head_who_left_cannot_sign_the_unit_s_letter(personnel: Personnel, officer_id: UUID) -> None:
    director = enrol(personnel, "局长", "LEAD")
    personnel.assign_post(
        director.id, title="局长", rank=PostRank.DIRECTOR, enforcement=False, reason="任命", decided_by="县委"
    )
    personnel.appoint_unit_head("STN03", officer_id=officer_id, at=datetime(2018, 1, 5, tzinfo=UTC))
    leave(personnel, officer_id)
    refused(
        personnel,
        OfficerDepartedError,
        lambda: personnel.sign_target_letter(
            year=2018,
            unit_id="STN03",
            head_officer_id=officer_id,
            director_id=director.id,
            targets=[TargetItem("case_quality", "d", 100, "m", "t")],
        ),
    )


def test_a_lost_card_is_not_replaced_once_its_holder_has_left(personnel: Personnel, officer_id: UUID) -> None:
    personnel.cancel_certificate(NO, reason=CancellationReason.LOST, at=datetime(2018, 1, 20, tzinfo=UTC))
    leave(personnel, officer_id)
    refused(
        personnel,
        OfficerDepartedError,
        lambda: personnel.replace_certificate(NO, new_no="HN-LY-2018-0010", reason=ReplacementReason.LOST),
    )


def test_a_sanction_still_waiting_is_cancelled_with_the_departure(
    personnel: Personnel, officer_id: UUID, clock: FixedClock
) -> None:
    matter = uuid4()
    clock.set(datetime(2018, 1, 10, tzinfo=UTC))
    personnel.apply_sanction(
        accountability_id=matter,
        officer_id=officer_id,
        sanction_type=SanctionType.REMOVED_FROM_ENFORCEMENT_POST,
        decided_by="局长办公会",
        effective_at=datetime(2018, 3, 1, tzinfo=UTC),
    )
    clock.set(datetime(2018, 2, 2, tzinfo=UTC))
    leave(personnel, officer_id)
    (settled,) = personnel.get_officer(officer_id).scheduled_sanctions.values()
    assert (settled.cancellation, settled.cancelled_at) == ("officer_departed", LEFT_AT)
    assert personnel.get_officer(officer_id).pending_sanctions() == []
    clock.set(datetime(2018, 3, 2, tzinfo=UTC))
    assert ScheduledSanctionWatch(personnel).run() == []  # nothing left for the scheduler when due
    assert personnel.get_officer(officer_id).removals == []


SANCTION_DECIDED = datetime(2018, 1, 10, tzinfo=UTC)
SANCTION_DUE = datetime(2018, 1, 20, tzinfo=UTC)  # before the departure, not yet applied by the scheduler
STAFF_OFFICE = CommandContext(actor_id="hr-wang", actor_role="director", correlation_id="leave-1")


def schedule_sanction(personnel: Personnel, officer_id: UUID, kind: SanctionType, clock: FixedClock) -> UUID:
    matter = uuid4()
    clock.set(SANCTION_DECIDED)
    personnel.apply_sanction(
        accountability_id=matter,
        officer_id=officer_id,
        sanction_type=kind,
        decided_by="局长办公会",
        effective_at=SANCTION_DUE,
        until=date(2018, 3, 1) if kind == SanctionType.CERTIFICATE_SUSPENSION else None,
    )
    clock.set(datetime(2018, 2, 2, tzinfo=UTC))  # the scheduler has not run since the sanction fell due
    return matter


def test_a_removal_due_before_the_departure_takes_effect_first_as_the_scheduler(
    personnel: Personnel, officer_id: UUID, clock: FixedClock
) -> None:
    matter = schedule_sanction(personnel, officer_id, SanctionType.REMOVED_FROM_ENFORCEMENT_POST, clock)
    before = personnel.recorder.max_notification_id() or 0
    with command_context(STAFF_OFFICE):
        leave(personnel, officer_id)

    officer = personnel.get_officer(officer_id)
    ((removal_matter, removed_at),) = [(r.accountability_id, r.started_at) for r in officer.removals]
    assert (removal_matter, removed_at) == (matter, SANCTION_DUE)
    (settled,) = officer.scheduled_sanctions.values()
    assert (settled.pending, settled.cancellation) == (False, None)  # applied, not cancelled
    assert officer.departure is not None
    assert officer.departure.at == LEFT_AT
    assert personnel.standing(officer_id, datetime(2018, 1, 25, tzinfo=UTC)).reason == "removed_from_post"
    written = [personnel.mapper.to_domain_event(n) for n in personnel.recorder.select_notifications(before + 1, 10)]
    assert [(type(e).__qualname__, e.actor_id, e.correlation_id) for e in written] == [  # type: ignore[attr-defined]
        ("Officer.EnforcementPostRemoved", "scheduler:scheduled-sanctions", "leave-1"),
        ("Officer.ScheduledSanctionApplied", "scheduler:scheduled-sanctions", "leave-1"),
        ("Officer.Departed", "hr-wang", "leave-1"),
        ("Certificate.Cancelled", "hr-wang", "leave-1"),
    ]
    assert ScheduledSanctionWatch(personnel).run() == []  # nothing left for the scheduler


def test_a_suspension_due_before_the_departure_shows_on_the_card_until_it_is_withdrawn(
    personnel: Personnel, officer_id: UUID, clock: FixedClock
) -> None:
    schedule_sanction(personnel, officer_id, SanctionType.CERTIFICATE_SUSPENSION, clock)
    leave(personnel, officer_id)
    certificate = personnel.get_certificate(NO)
    assert certificate.status_at(datetime(2018, 1, 19, tzinfo=UTC)) is CertificateStatus.ACTIVE
    assert certificate.status_at(SANCTION_DUE) is CertificateStatus.SUSPENDED
    assert certificate.status_at(LEFT_AT) is CertificateStatus.CANCELLED
    assert consumer_reason(personnel, officer_id, datetime(2018, 1, 25, tzinfo=UTC)) == "suspended"
    assert consumer_reason(personnel, officer_id, LEFT_AT) == "cancelled"


def test_a_refused_departure_leaves_a_due_sanction_to_the_scheduler_and_writes_nothing(
    personnel: Personnel, officer_id: UUID, clock: FixedClock
) -> None:
    schedule_sanction(personnel, officer_id, SanctionType.REMOVED_FROM_ENFORCEMENT_POST, clock)
    transfer_to_station_5(personnel, officer_id, datetime(2018, 2, 1, 10, tzinfo=UTC))
    refused(personnel, RecordOutOfOrderError, lambda: leave(personnel, officer_id))  # dated before the transfer
    assert len(personnel.get_officer(officer_id).pending_sanctions()) == 1


def test_a_retried_departure_that_settled_a_sanction_answers_the_departure(
    personnel: Personnel, officer_id: UUID, clock: FixedClock
) -> None:
    """The command's Idempotency-Key stays with the departure, not with the sanction settled first."""
    schedule_sanction(personnel, officer_id, SanctionType.CERTIFICATE_SUSPENSION, clock)

    def depart() -> Officer:
        return personnel.record_departure(
            officer_id, reason=DepartureReason.RETIRED, note="到龄退休", decided_by="县人社局", at=LEFT_AT
        )

    first = personnel.run_command(depart, idempotency_key="leave-2018-02", fingerprint="f")
    again = personnel.run_command(depart, idempotency_key="leave-2018-02", fingerprint="f")
    officer = personnel.get_officer(officer_id)
    assert (first.aggregate_id, first.version) == (officer.id, officer.version)
    assert again.replayed
    assert (again.aggregate_id, again.version) == (officer.id, officer.version)
