"""Public events of case-file reviews: each defect is an error found; the completed review its score."""

from __future__ import annotations

from cases.domain.file_review import CaseFileReview
from cases.integration.base import to_integration_event
from shared.contracts import IntegrationEvent
from shared.contracts.cases import CaseErrorFoundV1, CaseFileReviewCompletedV1, ResponsibleOfficer


@to_integration_event.register
def _(e: CaseFileReview.DefectRecorded) -> IntegrationEvent:
    return CaseErrorFoundV1(
        error_id=e.defect_id,
        case_id=e.case_id,
        case_no=e.case_no,
        unit_id=e.unit_id,
        kind="defect",
        category=e.category,
        severity=e.severity,
        code=e.code,
        description=e.description,
        points=e.points,
        responsible=[ResponsibleOfficer.model_validate(r) for r in e.responsible],
        source="file_review",
        review_id=e.originator_id,
        found_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: CaseFileReview.Completed) -> IntegrationEvent:
    return CaseFileReviewCompletedV1(
        review_id=e.originator_id,
        case_id=e.case_id,
        case_no=e.case_no,
        unit_id=e.unit_id,
        reviewer_ids=e.reviewer_ids,
        occasion=e.occasion,
        score=e.score,
        grade=e.grade,
        category_scores=e.category_scores,
        defect_count=e.defect_count,
        major_defect_count=e.major_defect_count,
        rule_version=e.rule_version,
        reviewed_at=e.occurred_at,
    )
