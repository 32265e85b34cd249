"""Public events of violation leads."""

from __future__ import annotations

from cases.domain.lead import ViolationLead
from cases.integration.base import to_integration_event
from shared.contracts import IntegrationEvent
from shared.contracts.cases import (
    BodyCameraClip,
    LeadDeadlineBreachedV1,
    LeadMajorViolationReportedV1,
    LeadNotFiledV1,
    LeadReferredV1,
    LeadRegisteredV1,
    LeadStopOrderIneffectiveReportedV1,
    LeadStopOrderIssuedV1,
    LeadTakenOverV1,
    LeadVerifiedV1,
)


@to_integration_event.register
def _(e: ViolationLead.Registered) -> IntegrationEvent:
    return LeadRegisteredV1(
        lead_id=e.originator_id,
        register_no=e.register_no,
        unit_id=e.unit_id,
        source=e.source,
        received_at=e.occurred_at,
        township_code=e.location.get("township_code"),
        satellite_patch_id=e.satellite_patch_id,
        verification_due_on=e.verification_due_on,
        template_id=e.template_id,
        template_version=e.template_version,
        rule_version=e.rule_version,
    )


@to_integration_event.register
def _(e: ViolationLead.Verified) -> IntegrationEvent:
    return LeadVerifiedV1(
        lead_id=e.originator_id,
        unit_id=e.unit_id,
        outcome=e.outcome,
        verified_at=e.occurred_at,
        officer_ids=e.officer_ids,
        certificate_nos=e.certificate_nos,
        area_mu=e.area_mu,
        cultivated_mu=e.cultivated_mu,
        basic_farmland_mu=e.basic_farmland_mu,
        violation_ongoing=e.violation_ongoing,
        major_criteria=e.major_criteria,
        due_on=e.due_on,
        on_time=e.on_time,
        filing_due_on=e.filing_due_on,
        report_due_on=e.report_due_on,
        clips=[BodyCameraClip.model_validate(clip) for clip in e.clips],
    )


@to_integration_event.register
def _(e: ViolationLead.ReferredElsewhere) -> IntegrationEvent:
    return LeadReferredV1(
        lead_id=e.originator_id, unit_id=e.unit_id, to_agency=e.to_agency, reason=e.reason, referred_at=e.occurred_at
    )


@to_integration_event.register
def _(e: ViolationLead.TakenOverBySuperior) -> IntegrationEvent:
    return LeadTakenOverV1(
        lead_id=e.originator_id,
        unit_id=e.unit_id,
        superior=e.superior,
        reason=e.reason,
        letter_no=e.letter_no,
        officer_ids=e.officer_ids,
        taken_over_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: ViolationLead.StopOrderIssued) -> IntegrationEvent:
    return LeadStopOrderIssuedV1(
        lead_id=e.originator_id,
        unit_id=e.unit_id,
        doc_no=e.doc_no,
        issued_at=e.occurred_at,
        officer_ids=e.officer_ids,
        certificate_nos=e.certificate_nos,
        clips=[BodyCameraClip.model_validate(clip) for clip in e.clips],
    )


@to_integration_event.register
def _(e: ViolationLead.StopOrderIneffectiveReported) -> IntegrationEvent:
    return LeadStopOrderIneffectiveReportedV1(
        lead_id=e.originator_id,
        unit_id=e.unit_id,
        stop_order_no=e.stop_order_no,
        reported_to=e.reported_to,
        reported_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: ViolationLead.MajorViolationReported) -> IntegrationEvent:
    return LeadMajorViolationReportedV1(
        lead_id=e.originator_id,
        unit_id=e.unit_id,
        criteria_met=e.criteria_met,
        reported_to=e.reported_to,
        reported_at=e.occurred_at,
        due_on=e.due_on,
        on_time=e.on_time,
    )


@to_integration_event.register
def _(e: ViolationLead.NotFiled) -> IntegrationEvent:
    return LeadNotFiledV1(
        lead_id=e.originator_id,
        unit_id=e.unit_id,
        reason=e.reason,
        unmet_conditions=e.unmet_conditions,
        approved_by=e.approved_by,
        decided_at=e.occurred_at,
        filing_due_on=e.filing_due_on,
        on_time=e.on_time,
    )


@to_integration_event.register
def _(e: ViolationLead.DeadlineBreached) -> IntegrationEvent:
    return LeadDeadlineBreachedV1(
        lead_id=e.originator_id,
        unit_id=e.unit_id,
        deadline_kind=e.kind,
        due_on=e.due_on,
        detected_at=e.detected_at,
        officer_ids=e.officer_ids,
    )
