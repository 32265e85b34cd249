"""Public events of penalty cases: filing, every recorded step, decisions, deadlines, closure, errors."""

from __future__ import annotations

from cases.domain.penalty_case import PenaltyCase
from cases.domain.penalty_case.base import CaseEvent
from cases.domain.penalty_case.challenges import Challenges
from cases.domain.penalty_case.clock import Clock
from cases.domain.penalty_case.closure import Closure
from cases.domain.penalty_case.decision import Decision
from cases.integration.base import to_integration_event
from shared.contracts import IntegrationEvent
from shared.contracts.cases import (
    BodyCameraClip,
    CaseArchivedV1,
    CaseChallengeDecidedV1,
    CaseClosedV1,
    CaseDeadlineBreachedV1,
    CaseDeadlineExtendedV1,
    CaseDecidedV1,
    CaseErrorFoundV1,
    CaseFiledV1,
    CaseStepCompletedV1,
    DocumentRef,
    PenaltyItem,
    ResponsibleOfficer,
)


@to_integration_event.register
def _(e: PenaltyCase.Filed) -> IntegrationEvent:
    return CaseFiledV1(
        case_id=e.originator_id,
        case_no=e.case_no,
        lead_id=e.lead_id,
        unit_id=e.unit_id,
        filed_at=e.occurred_at,
        approved_by=e.approved_by,
        handling_officer_ids=e.handling_officer_ids,
        violation_type=e.violation_type,
        party_type=e.party["type"],
        template_id=e.template_id,
        template_version=e.template_version,
        rule_version=e.rule_version,
        filing_due_on=e.filing_due_on,
        on_time=e.filing_on_time,
        decision_due_on=e.decision_due_on,
    )


@to_integration_event.register
def _(e: CaseEvent) -> IntegrationEvent | None:
    """Every step record an event chooses to publish (private ones answer None)."""
    record = e.step_record()
    if record is None:
        return None
    return CaseStepCompletedV1(
        case_id=e.originator_id,
        case_no=e.case_no,
        unit_id=e.unit_id,
        step=record.step,
        record=record.record,
        completed_at=e.occurred_at,
        officer_ids=list(record.officer_ids),
        certificate_nos=list(record.certificate_nos),
        documents=[DocumentRef(kind=kind, doc_no=number) for kind, number in record.documents],
        outcome=record.outcome,
        due_on=record.due_on,
        on_time=record.on_time,
        clips=[BodyCameraClip.model_validate(clip) for clip in record.clips],
    )


def _decided(
    e: Decision.PenaltyDecided | Decision.NoPenaltyDecided | Decision.CaseTransferred, outcome: str
) -> CaseDecidedV1:
    return CaseDecidedV1(
        case_id=e.originator_id,
        case_no=e.case_no,
        unit_id=e.unit_id,
        outcome=outcome,
        decision_no=e.decision_no,
        decided_at=e.occurred_at,
        approved_by=e.approved_by,
        penalties=[PenaltyItem.model_validate(p) for p in getattr(e, "penalties", [])],
        reason=getattr(e, "reason", None),
        transferred_to=getattr(e, "to", None),
        hearing=getattr(e, "hearing", None),
        decision_due_on=e.decision_due_on,
        on_time=e.on_time,
    )


@to_integration_event.register
def _(e: Decision.PenaltyDecided) -> IntegrationEvent:
    return _decided(e, "penalty")


@to_integration_event.register
def _(e: Decision.NoPenaltyDecided) -> IntegrationEvent:
    return _decided(e, "no_penalty")


@to_integration_event.register
def _(e: Decision.CaseTransferred) -> IntegrationEvent:
    return _decided(e, "transferred")


@to_integration_event.register
def _(e: Clock.DeadlineExtended) -> IntegrationEvent:
    return CaseDeadlineExtendedV1(
        case_id=e.originator_id,
        case_no=e.case_no,
        unit_id=e.unit_id,
        deadline_kind=e.deadline,
        extension_kind=e.kind,
        days=e.days,
        approved_by=e.approved_by,
        previous_due_on=e.previous_due_on,
        new_due_on=e.new_due_on,
        extended_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: Clock.DeadlineBreached) -> IntegrationEvent:
    return CaseDeadlineBreachedV1(
        case_id=e.originator_id,
        case_no=e.case_no,
        unit_id=e.unit_id,
        deadline_kind=e.kind,
        due_on=e.due_on,
        detected_at=e.detected_at,
        officer_ids=e.officer_ids,
    )


@to_integration_event.register
def _(e: Closure.CaseClosed) -> IntegrationEvent:
    return CaseClosedV1(
        case_id=e.originator_id,
        case_no=e.case_no,
        unit_id=e.unit_id,
        reason=e.reason,
        closed_at=e.occurred_at,
        approved_by=e.approved_by,
        archive_due_on=e.archive_due_on,
    )


@to_integration_event.register
def _(e: Closure.CaseArchived) -> IntegrationEvent:
    return CaseArchivedV1(
        case_id=e.originator_id,
        case_no=e.case_no,
        unit_id=e.unit_id,
        archive_no=e.archive_no,
        archived_at=e.occurred_at,
        volumes=e.volumes,
        pages=e.pages,
        due_on=e.due_on,
        on_time=e.on_time,
    )


@to_integration_event.register
def _(e: Challenges.ChallengeDecided) -> IntegrationEvent:
    return CaseChallengeDecidedV1(
        case_id=e.originator_id,
        case_no=e.case_no,
        unit_id=e.unit_id,
        proceeding=e.proceeding,
        reference=e.reference,
        outcome=e.outcome,
        decided_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: Challenges.ErrorFound) -> IntegrationEvent:
    return CaseErrorFoundV1(
        error_id=e.error_id,
        case_id=e.originator_id,
        case_no=e.case_no,
        unit_id=e.unit_id,
        kind=e.kind,
        category=e.category,
        severity=e.severity,
        description=e.description,
        responsible=[ResponsibleOfficer.model_validate(r) for r in e.responsible],
        source=e.source,
        found_at=e.occurred_at,
    )
