"""Officers: enrolment, unit, post, transfer, removal from and restoration to the enforcement post."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from personnel.application import Personnel, SanctionType
from personnel.domain import OfficerNotFoundError, PostRank, RemovalReason, StaffKind, TrainingKind
from personnel.domain.common import RecordOutOfOrderError, TimeInFutureError, TimeOutOfRangeError
from personnel.domain.errors import (
    AlreadyPostedError,
    NoPostError,
    NotOnEnforcementPostError,
    NotRemovedError,
    PowerItemNotFoundError,
    PrePostTrainingRequiredError,
    RemovedFromEnforcementPostError,
    TransferChangesNothingError,
    UnitNotFoundError,
)
from shared.domain import CommandContext, InvalidInputError, VersionConflictError, command_context
from shared.domain.access import ForbiddenError
from tests.support.personnel import enrol, refused, train_and_post

JUNE = datetime(2017, 6, 1, 9, 0, tzinfo=UTC)


def post(personnel: Personnel, officer_id, *, enforcement: bool = True, at: datetime | None = None):
    return personnel.assign_post(
        officer_id,
        title="执法监察员",
        rank=PostRank.STAFF,
        enforcement=enforcement,
        reason="录用",
        decided_by="局长办公会",
        at=at,
    )


def test_a_blank_name_is_refused(personnel: Personnel) -> None:
    refused(
        personnel,
        InvalidInputError,
        lambda: personnel.enroll_officer(name="   ", unit_id="ENF", staff_kind=StaffKind.PERMANENT),
    )


def test_a_stale_version_is_a_conflict(personnel: Personnel) -> None:
    officer = enrol(personnel)
    assert personnel.get_officer(officer.id, expected_version=1).name == "王建国"
    with pytest.raises(VersionConflictError) as conflict:
        personnel.get_officer(officer.id, expected_version=2)
    assert conflict.value.details == {"aggregate_id": str(officer.id), "expected_version": 2, "actual_version": 1}


def test_the_history_of_an_officer_names_who_enrolled_them(personnel: Personnel) -> None:
    with command_context(CommandContext(actor_id="director-1", actor_role="director", correlation_id="c-9")):
        officer = enrol(personnel)
    (enrolled,) = personnel.officer_history(officer.id)
    assert type(enrolled).__qualname__ == "Officer.Enrolled"
    assert (enrolled.actor_id, enrolled.actor_role, enrolled.correlation_id) == ("director-1", "director", "c-9")


def test_an_officer_moves_to_another_unit_with_reason_and_decider(personnel: Personnel) -> None:
    officer = enrol(personnel, unit_id="STN03")
    moved = personnel.assign_unit(officer.id, unit_id="ENF", reason="大队缺员", decided_by="局长办公会")
    assert moved.unit_id == "ENF"
    refused(
        personnel,
        TransferChangesNothingError,
        lambda: personnel.assign_unit(officer.id, unit_id="ENF", reason="again", decided_by="x"),
    )


def test_no_first_enforcement_post_without_pre_post_training(personnel: Personnel) -> None:
    officer = enrol(personnel)
    error = refused(personnel, PrePostTrainingRequiredError, lambda: post(personnel, officer.id))
    assert error.details == {"missing": ["pre_post_training"]}  # type: ignore[attr-defined]
    post(personnel, officer.id, enforcement=False)  # a non-enforcement post needs none
    assert personnel.get_officer(officer.id).post is not None


def test_pre_post_training_must_come_before_the_post(personnel: Personnel) -> None:
    officer = enrol(personnel)
    personnel.hold_training_session(
        kind=TrainingKind.PRE_POST, held_at=JUNE, topics=[], trainer="法制办", attendee_ids=[officer.id]
    )
    refused(
        personnel,
        PrePostTrainingRequiredError,
        lambda: post(personnel, officer.id, at=datetime(2017, 5, 1, tzinfo=UTC)),
    )
    assert post(personnel, officer.id, at=JUNE).on_enforcement_post


def test_a_first_post_is_given_once_then_officers_are_transferred(personnel: Personnel) -> None:
    officer = enrol(personnel)
    refused(
        personnel,
        NoPostError,
        lambda: personnel.transfer_officer(
            officer.id, title="x", rank=PostRank.STAFF, enforcement=False, unit_id=None, reason="r", decided_by="d"
        ),
    )
    post(personnel, officer.id, enforcement=False)
    refused(personnel, AlreadyPostedError, lambda: post(personnel, officer.id, enforcement=False))
    moved = personnel.transfer_officer(
        officer.id,
        title="股长",
        rank=PostRank.UNIT_HEAD,
        enforcement=False,
        unit_id="LEGAL",
        reason="岗位调整",
        decided_by="局长办公会",
    )
    assert (moved.post.title, moved.post.rank, moved.unit_id) == ("股长", PostRank.UNIT_HEAD, "LEGAL")  # type: ignore[union-attr]
    refused(
        personnel,
        TransferChangesNothingError,
        lambda: personnel.transfer_officer(
            officer.id,
            title="股长",
            rank=PostRank.UNIT_HEAD,
            enforcement=False,
            unit_id=None,
            reason="r",
            decided_by="d",
        ),
    )


def test_a_transfer_into_a_first_enforcement_post_needs_pre_post_training(personnel: Personnel) -> None:
    officer = enrol(personnel)
    post(personnel, officer.id, enforcement=False)
    refused(
        personnel,
        PrePostTrainingRequiredError,
        lambda: personnel.transfer_officer(
            officer.id, title="执法", rank=PostRank.STAFF, enforcement=True, unit_id="ENF", reason="r", decided_by="d"
        ),
    )


def test_removal_and_restoration_record_reason_decider_and_time(personnel: Personnel) -> None:
    officer = enrol(personnel)
    train_and_post(personnel, officer.id)
    removed_at = datetime(2017, 9, 1, tzinfo=UTC)
    removed = personnel.remove_from_enforcement_post(
        officer.id, reason=RemovalReason.ASSESSMENT, note="连续排名末位", decided_by="领导小组", at=removed_at
    )
    assert not removed.on_enforcement_post
    assert removed.removed_at(removed_at) is not None
    assert removed.removed_at(datetime(2017, 8, 31, tzinfo=UTC)) is None
    refused(
        personnel,
        NotOnEnforcementPostError,
        lambda: personnel.remove_from_enforcement_post(
            officer.id, reason=RemovalReason.ASSESSMENT, note="", decided_by="x"
        ),
    )
    refused(
        personnel,
        RemovedFromEnforcementPostError,
        lambda: personnel.transfer_officer(
            officer.id, title="执法", rank=PostRank.STAFF, enforcement=True, unit_id="ENF", reason="r", decided_by="d"
        ),
    )
    refused(
        personnel,
        RecordOutOfOrderError,
        lambda: personnel.restore_to_enforcement_post(
            officer.id, reason="r", decided_by="d", at=datetime(2017, 8, 1, tzinfo=UTC)
        ),
    )
    restored_at = datetime(2017, 12, 1, tzinfo=UTC)
    restored = personnel.restore_to_enforcement_post(
        officer.id, reason="整改到位", decided_by="领导小组", at=restored_at
    )
    assert restored.on_enforcement_post
    assert restored.removed_at(restored_at) is None
    assert restored.removed_at(datetime(2017, 11, 30, tzinfo=UTC)) is not None
    refused(
        personnel,
        NotRemovedError,
        lambda: personnel.restore_to_enforcement_post(officer.id, reason="r", decided_by="d"),
    )


def test_a_removal_for_a_twice_failed_exam_is_not_entered_by_hand(personnel: Personnel) -> None:
    officer = enrol(personnel)
    train_and_post(personnel, officer.id)
    refused(
        personnel,
        InvalidInputError,
        lambda: personnel.remove_from_enforcement_post(
            officer.id, reason=RemovalReason.EXAM_FAILED_TWICE, note="", decided_by="x"
        ),
    )


def test_a_record_cannot_be_dated_in_the_future(personnel: Personnel) -> None:
    officer = enrol(personnel)
    refused(
        personnel,
        TimeInFutureError,
        lambda: personnel.assign_unit(
            officer.id, unit_id="ENF", reason="r", decided_by="d", at=datetime(2030, 1, 1, tzinfo=UTC)
        ),
    )


@pytest.mark.parametrize(
    "instant", ["0001-01-01T00:00:00+14:00", "1899-12-31T23:59:59+00:00", "9999-12-31T23:59:59-14:00"]
)
def test_a_time_outside_the_bureau_s_calendar_is_invalid_input_and_writes_nothing(
    personnel: Personnel, instant: str
) -> None:
    officer = enrol(personnel)
    when = datetime.fromisoformat(instant)
    error = refused(
        personnel,
        TimeOutOfRangeError,
        lambda: personnel.assign_unit(officer.id, unit_id="ENF", reason="r", decided_by="d", at=when),
    )
    assert (error.status, error.code) == (422, "time_out_of_range")  # type: ignore[attr-defined]
    refused(personnel, TimeOutOfRangeError, lambda: personnel.standing(officer.id, when))
    refused(
        personnel,
        TimeOutOfRangeError,
        lambda: personnel.apply_sanction(
            accountability_id=uuid4(),
            officer_id=officer.id,
            sanction_type=SanctionType.REMOVED_FROM_ENFORCEMENT_POST,
            decided_by="d",
            effective_at=when,
        ),
    )


def test_duties_name_published_powers_and_a_unit_head_assigns_only_in_the_unit(personnel: Personnel) -> None:
    officer = enrol(personnel, unit_id="STN03")
    refused(
        personnel,
        PowerItemNotFoundError,
        lambda: personnel.assign_duty(officer.id, power_ids=[uuid4()], standards="s", scope="c", responsibility="r"),
    )
    personnel.confirm_enforcement_subject(code="MJ", name="孟津县国土资源局", legal_basis=["土地管理法"])
    from personnel.domain import PowerCategory

    power = personnel.publish_power_item(
        code="XZCF-001",
        subject_code="MJ",
        category=PowerCategory.PENALTY,
        name="对非法占地的处罚",
        legal_basis=["土地管理法第七十六条"],
        responsible_unit_id="ENF",
        procedure_template_id="penalty_general",
    )
    station5_head = CommandContext(actor_id="head-5", actor_role="unit_head", correlation_id="c", actor_unit="STN05")
    with command_context(station5_head):
        refused(
            personnel,
            ForbiddenError,
            lambda: personnel.assign_duty(
                officer.id, power_ids=[power.id], standards="s", scope="c", responsibility="r"
            ),
        )
    station3_head = CommandContext(actor_id="head-3", actor_role="unit_head", correlation_id="c", actor_unit="STN03")
    with command_context(station3_head):
        assigned = personnel.assign_duty(
            officer.id, power_ids=[power.id, power.id], standards="按程序", scope="辖区", responsibility="核查"
        )
    assert assigned.duties[-1]["power_ids"] == [power.id]


def test_an_unknown_officer_is_not_found(personnel: Personnel) -> None:
    refused(
        personnel, OfficerNotFoundError, lambda: personnel.assign_unit(uuid4(), unit_id="X", reason="r", decided_by="d")
    )


def test_an_officer_is_enrolled_only_into_a_registered_unit(personnel: Personnel) -> None:
    error = refused(
        personnel,
        UnitNotFoundError,
        lambda: personnel.enroll_officer(name="王建国", unit_id="NOPE", staff_kind=StaffKind.PERMANENT),
    )
    assert error.details == {"unit_id": "NOPE", "field": "unit_id"}  # type: ignore[attr-defined]


def test_an_officer_is_assigned_or_transferred_only_to_a_registered_unit(personnel: Personnel) -> None:
    officer = enrol(personnel)
    post(personnel, officer.id, enforcement=False)
    refused(
        personnel,
        UnitNotFoundError,
        lambda: personnel.assign_unit(officer.id, unit_id="NOPE", reason="调整", decided_by="局长办公会"),
    )
    refused(
        personnel,
        UnitNotFoundError,
        lambda: personnel.transfer_officer(
            officer.id,
            title="科员",
            rank=PostRank.STAFF,
            enforcement=False,
            unit_id="NOPE",
            reason="调整",
            decided_by="局长办公会",
        ),
    )
    assert personnel.get_officer(officer.id).unit_id == "STN03"
    assert personnel.assign_unit(officer.id, unit_id="STN05", reason="调整", decided_by="局长办公会").unit_id == "STN05"
