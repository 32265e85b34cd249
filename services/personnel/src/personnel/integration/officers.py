"""Officers, training and exams, as public events."""

from __future__ import annotations

from personnel.domain.officer import Officer
from personnel.domain.training import TrainingSession
from personnel.integration.base import to_integration_event
from shared.contracts import IntegrationEvent
from shared.contracts.personnel import (
    CertificateAppliedV1,
    DutyAssignedV1,
    EnforcementPostRemovedV1,
    EnforcementPostRestoredV1,
    ExamTakenV1,
    OfficerDepartedV1,
    OfficerEnrolledV1,
    OfficerPostAssignedV1,
    OfficerPostTransferredV1,
    OfficerUnitAssignedV1,
    PostV1,
    TrainingSessionHeldV1,
)


@to_integration_event.register
def _(e: Officer.Enrolled) -> IntegrationEvent:
    return OfficerEnrolledV1(officer_id=e.originator_id, name=e.name, unit_id=e.unit_id, staff_kind=e.staff_kind)


@to_integration_event.register
def _(e: Officer.UnitAssigned) -> IntegrationEvent:
    return OfficerUnitAssignedV1(
        officer_id=e.originator_id,
        from_unit_id=e.from_unit_id,
        unit_id=e.unit_id,
        reason=e.reason,
        decided_by=e.decided_by,
        assigned_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: Officer.PostAssigned) -> IntegrationEvent:
    return OfficerPostAssignedV1(
        officer_id=e.originator_id,
        post=PostV1.model_validate(e.post),
        reason=e.reason,
        decided_by=e.decided_by,
        assigned_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: Officer.PostTransferred) -> IntegrationEvent:
    return OfficerPostTransferredV1(
        officer_id=e.originator_id,
        from_post=PostV1.model_validate(e.from_post),
        to_post=PostV1.model_validate(e.to_post),
        from_unit_id=e.from_unit_id,
        to_unit_id=e.to_unit_id,
        reason=e.reason,
        decided_by=e.decided_by,
        transferred_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: Officer.EnforcementPostRemoved) -> IntegrationEvent:
    return EnforcementPostRemovedV1(
        officer_id=e.originator_id,
        reason=e.reason,
        note=e.note,
        decided_by=e.decided_by,
        removed_at=e.occurred_at,
        accountability_id=e.accountability_id,
        exam_id=e.exam_id,
    )


@to_integration_event.register
def _(e: Officer.EnforcementPostRestored) -> IntegrationEvent:
    return EnforcementPostRestoredV1(
        officer_id=e.originator_id, reason=e.reason, decided_by=e.decided_by, restored_at=e.occurred_at
    )


@to_integration_event.register
def _(e: Officer.Departed) -> IntegrationEvent:
    return OfficerDepartedV1(
        officer_id=e.originator_id, reason=e.reason, note=e.note, decided_by=e.decided_by, departed_at=e.occurred_at
    )


@to_integration_event.register
def _(e: Officer.DutyAssigned) -> IntegrationEvent:
    return DutyAssignedV1(
        officer_id=e.originator_id,
        power_ids=list(e.power_ids),
        standards=e.standards,
        scope=e.scope,
        responsibility=e.responsibility,
        assigned_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: Officer.ExamTaken) -> IntegrationEvent:
    return ExamTakenV1(
        exam_id=e.exam_id,
        officer_id=e.originator_id,
        exam_round=e.exam_round,
        kind=e.kind,
        closed_book=e.closed_book,
        score=e.score,
        pass_mark=e.pass_mark,
        passed=e.passed,
        attempt_no=e.attempt_no,
        taken_at=e.occurred_at,
        rules_version=e.rules_version,
    )


@to_integration_event.register
def _(e: Officer.CertificateApplied) -> IntegrationEvent:
    return CertificateAppliedV1(
        application_id=e.application_id,
        officer_id=e.originator_id,
        unit_id=e.unit_id,
        applied_at=e.occurred_at,
        training_session_ids=list(e.training_session_ids),
        exam_ids=list(e.exam_ids),
    )


@to_integration_event.register
def _(e: TrainingSession.Held) -> IntegrationEvent:
    return TrainingSessionHeldV1(
        session_id=e.originator_id,
        kind=e.kind,
        held_at=e.occurred_at,
        topics=list(e.topics),
        trainer=e.trainer,
        attendee_ids=list(e.attendee_ids),
    )
