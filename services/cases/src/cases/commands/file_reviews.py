"""Case-file review (案卷评查) commands: start a review of a closed case, record defects, score it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from cases.commands.base import CasesBase
from cases.domain.errors import FileReviewNotFoundError
from cases.domain.file_review import CaseFileReview, CaseNotClosedError
from cases.domain.rules import CASE_FILE_REVIEW
from cases.domain.timing import business_time, local_day
from shared.domain.access import ensure_unit_scope


class FileReviewCommands(CasesBase):
    def start_file_review(
        self, *, case_id: UUID, reviewer_ids: Sequence[UUID], occasion: str, started_at: datetime | None
    ) -> CaseFileReview:
        case = self.case(case_id)
        at = business_time(started_at, field="started_at")
        if case.closure is None:
            raise CaseNotClosedError("a case file is reviewed once the case is closed", stage=case.stage)
        officers = {role: sorted(ids) for role, ids in case.officer_roles().items()}
        CaseFileReview.check_reviewers(reviewer_ids, officers)
        rules = self.rules_in_force(CASE_FILE_REVIEW, local_day(at))
        review = CaseFileReview(
            case_id=case.id,
            case_no=case.case_no,
            unit_id=case.unit_id,
            reviewer_ids=list(dict.fromkeys(reviewer_ids)),
            case_officers=officers,
            rule_version=rules.version,
            rules=rules.values,
            occasion=occasion,
            occurred_at=at,
        )
        self.save(review)
        return review

    def record_defect(
        self,
        review_id: UUID,
        *,
        category: str,
        code: str,
        severity: str,
        points: int,
        description: str,
        responsible: Sequence[dict[str, Any]],
        found_at: datetime | None,
        expected_version: int | None = None,
    ) -> CaseFileReview:
        review = self.file_review(review_id, expected_version)
        review.record_defect(
            category=category,
            code=code,
            severity=severity,
            points=points,
            description=description,
            responsible=responsible,
            at=business_time(found_at, field="found_at"),
        )
        self.save(review)
        return review

    def complete_file_review(
        self, review_id: UUID, *, summary: str, completed_at: datetime | None, expected_version: int | None = None
    ) -> CaseFileReview:
        review = self.file_review(review_id, expected_version)
        review.complete(summary=summary, at=business_time(completed_at, field="completed_at"))
        self.save(review)
        return review

    def file_review(self, review_id: UUID, expected_version: int | None = None) -> CaseFileReview:
        review = self.load(review_id, CaseFileReview, FileReviewNotFoundError, expected_version)
        ensure_unit_scope(review.unit_id)
        return review

    def file_review_history(self, review_id: UUID) -> list[Any]:
        self.file_review(review_id)
        return self.stored_events(review_id)
