"""Public events of normative documents (shared.contracts.cases, land section)."""

from __future__ import annotations

from cases.domain.normative_document import NormativeDocument
from cases.domain.normative_records import NormativeRatesReport
from cases.integration.base import to_integration_event
from shared.contracts import IntegrationEvent
from shared.contracts.cases import (
    NormativeDocumentFiledV1,
    NormativeDocumentFilingDeadlineBreachedV1,
    NormativeDocumentFilingRegisteredV1,
    NormativeDocumentFilingReturnedV1,
    NormativeDocumentFilingReviewConcludedV1,
    NormativeDocumentPublishedV1,
    NormativeDocumentRepealedV1,
    NormativeDocumentRevisedV1,
    NormativeRates,
    NormativeRatesReportedV1,
)


@to_integration_event.register
def _(e: NormativeDocument.Published) -> IntegrationEvent:
    return NormativeDocumentPublishedV1(
        doc_id=e.originator_id,
        doc_no=e.doc_no,
        title=e.title,
        drafting_unit_id=e.drafting_unit_id,
        published_at=e.occurred_at,
        effective_on=e.effective_on,
        expires_on=e.expires_on,
        legality_review_passed_at=e.review_passed_at,
        filing_due_on=e.filing_due_on,
        revision_of=e.revision_of,
        rule_version=e.rule_version,
    )


@to_integration_event.register
def _(e: NormativeDocument.Filed) -> IntegrationEvent:
    return NormativeDocumentFiledV1(
        doc_id=e.originator_id,
        drafting_unit_id=e.drafting_unit_id,
        filed_with=e.filed_with,
        filed_at=e.occurred_at,
        due_on=e.due_on,
        on_time=e.on_time,
        refiling=e.refiling,
    )


@to_integration_event.register
def _(e: NormativeDocument.FilingRegistered) -> IntegrationEvent:
    return NormativeDocumentFilingRegisteredV1(
        doc_id=e.originator_id,
        drafting_unit_id=e.drafting_unit_id,
        registered_at=e.occurred_at,
        returned_before=e.returned_before,
    )


@to_integration_event.register
def _(e: NormativeDocument.FilingReturnedForCompletion) -> IntegrationEvent:
    return NormativeDocumentFilingReturnedV1(
        doc_id=e.originator_id,
        drafting_unit_id=e.drafting_unit_id,
        returned_at=e.occurred_at,
        reason=e.reason,
        correct_by=e.correct_by,
    )


@to_integration_event.register
def _(e: NormativeDocument.FilingReviewConcluded) -> IntegrationEvent:
    return NormativeDocumentFilingReviewConcludedV1(
        doc_id=e.originator_id, drafting_unit_id=e.drafting_unit_id, outcome=e.outcome, concluded_at=e.occurred_at
    )


@to_integration_event.register
def _(e: NormativeDocument.FilingDeadlineBreached) -> IntegrationEvent:
    return NormativeDocumentFilingDeadlineBreachedV1(
        doc_id=e.originator_id,
        doc_no=e.doc_no,
        drafting_unit_id=e.drafting_unit_id,
        due_on=e.due_on,
        detected_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: NormativeDocument.Revised) -> IntegrationEvent:
    return NormativeDocumentRevisedV1(
        doc_id=e.originator_id, new_doc_id=e.new_doc_id, new_doc_no=e.new_doc_no, superseded_on=e.superseded_on
    )


@to_integration_event.register
def _(e: NormativeDocument.Repealed) -> IntegrationEvent:
    return NormativeDocumentRepealedV1(
        doc_id=e.originator_id, repealed_at=e.occurred_at, reason=e.reason, cleanup_id=e.cleanup_id
    )


@to_integration_event.register
def _(e: NormativeRatesReport.Reported) -> IntegrationEvent:
    return NormativeRatesReportedV1(
        report_id=e.originator_id,
        period_from=e.period_from,
        period_to=e.period_to,
        as_of=e.as_of,
        bureau=NormativeRates.model_validate(e.bureau),
        by_unit={unit: NormativeRates.model_validate(rates) for unit, rates in e.by_unit.items()},
    )
