"""Case-file review (案卷评查): reviewers score a closed case's file and record its defects.

Each defect is an error found in the case: its category (DOMAIN §4.2 form), severity, the points it
costs, and the officers responsible with the role they played. The score is 100 less the points
lost, each category losing at most its share; one major defect fails the file whatever the score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from cases.domain.errors import RuleConflictError
from cases.domain.penalty_case.challenges import ResponsibleOfficerNotInCaseError
from cases.domain.rules import FileReviewRules
from shared.domain import RecordedAggregate

DEFECT_NAMESPACE = UUID("b8e2f4a6-0c1d-4e3f-8a5b-6c7d8e9f0a1b")


class CaseNotClosedError(RuleConflictError):
    code = "case_not_closed"


class ReviewerHandledCaseError(RuleConflictError):
    code = "reviewer_handled_case"


class FileReviewCompletedError(RuleConflictError):
    code = "case_file_review_completed"


class DefectPointsExceedCategoryError(RuleConflictError):
    code = "defect_points_exceed_category"


def grade(score: int, has_major_defect: bool, rules: FileReviewRules) -> str:
    if has_major_defect and rules.major_defect_fails:
        return "fail"
    if score >= rules.excellent_mark:
        return "excellent"
    return "pass" if score >= rules.pass_mark else "fail"


class ReviewEvent(RecordedAggregate.Event):
    """An event of a started review; it names the case reviewed and its unit."""

    case_id: UUID
    case_no: str
    unit_id: str


class CaseFileReview(RecordedAggregate):
    class Started(RecordedAggregate.Created):
        case_id: UUID
        case_no: str
        unit_id: str
        reviewer_ids: list[UUID]
        case_officers: dict[str, list[UUID]]
        rule_version: int
        rules: dict[str, Any]
        occasion: str

    class DefectRecorded(ReviewEvent):
        defect_id: UUID
        category: str
        code: str
        severity: str
        points: int
        description: str
        responsible: list[dict[str, Any]]

        def apply(self, aggregate: Any) -> None:
            review: CaseFileReview = aggregate
            review.defects.append(
                {
                    "defect_id": self.defect_id,
                    "category": self.category,
                    "code": self.code,
                    "severity": self.severity,
                    "points": self.points,
                    "description": self.description,
                    "responsible": self.responsible,
                }
            )

    class Completed(ReviewEvent):
        score: int
        grade: str
        category_scores: dict[str, int]
        summary: str
        reviewer_ids: list[UUID]
        occasion: str
        defect_count: int
        major_defect_count: int
        rule_version: int

        def apply(self, aggregate: Any) -> None:
            review: CaseFileReview = aggregate
            review.result = {
                "score": self.score,
                "grade": self.grade,
                "category_scores": self.category_scores,
                "completed_at": self.occurred_at,
            }

    @event(Started)
    def __init__(
        self,
        *,
        case_id: UUID,
        case_no: str,
        unit_id: str,
        reviewer_ids: list[UUID],
        case_officers: dict[str, list[UUID]],
        rule_version: int,
        rules: dict[str, Any],
        occasion: str,
        occurred_at: datetime,
    ) -> None:
        self.case_id = case_id
        self.case_no = case_no
        self.unit_id = unit_id
        self.reviewer_ids = reviewer_ids
        self.case_officers = case_officers
        self.rule_version = rule_version
        self.rule_values = rules
        self.occasion = occasion
        self.defects: list[dict[str, Any]] = []
        self.result: dict[str, Any] | None = None

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        if issubclass(event_class, ReviewEvent):
            kwargs = {"case_id": self.case_id, "case_no": self.case_no, "unit_id": self.unit_id, **kwargs}
        super().trigger_event(event_class, **kwargs)

    @property
    def rules(self) -> FileReviewRules:
        return FileReviewRules.parse(self.rule_version, self.rule_values)

    @staticmethod
    def check_reviewers(reviewer_ids: Sequence[UUID], case_officers: Mapping[str, Sequence[UUID]]) -> None:
        handled = set(case_officers.get("handler", ()))
        conflicted = sorted(str(r) for r in reviewer_ids if r in handled)
        if conflicted:
            raise ReviewerHandledCaseError("a reviewer may not review a case they handled", officer_ids=conflicted)

    def lost_points(self) -> dict[str, int]:
        lost = dict.fromkeys(self.rules.category_points, 0)
        for defect in self.defects:
            lost[defect["category"]] += defect["points"]
        return lost

    def record_defect(
        self,
        *,
        category: str,
        code: str,
        severity: str,
        points: int,
        description: str,
        responsible: Sequence[dict[str, Any]],
        at: datetime,
    ) -> UUID:
        self._ensure_open()
        available = self.rules.category_points[category] - self.lost_points()[category]
        if points > available:
            raise DefectPointsExceedCategoryError(
                f"the category {category} has only {available} points left to lose",
                category=category,
                points=points,
                points_left=available,
            )
        wrong = [
            {"officer_id": str(r["officer_id"]), "role": r["role"]}
            for r in responsible
            if r["role"] != "leader" and r["officer_id"] not in set(self.case_officers.get(r["role"], ()))
        ]
        if wrong:
            raise ResponsibleOfficerNotInCaseError(
                "an officer held responsible did not act in the case in that role", officers=wrong
            )
        defect_id = uuid5(DEFECT_NAMESPACE, f"{self.id}:{len(self.defects) + 1}")
        self.trigger_event(
            self.DefectRecorded,
            defect_id=defect_id,
            category=category,
            code=code,
            severity=severity,
            points=points,
            description=description,
            responsible=[{"officer_id": r["officer_id"], "role": r["role"]} for r in responsible],
            occurred_at=at,
        )
        return defect_id

    def complete(self, *, summary: str, at: datetime) -> None:
        self._ensure_open()
        rules = self.rules
        lost = self.lost_points()
        category_scores = {category: rules.category_points[category] - lost[category] for category in lost}
        score = sum(category_scores.values())
        majors = sum(1 for d in self.defects if d["severity"] == "major")
        self.trigger_event(
            self.Completed,
            score=score,
            grade=grade(score, majors > 0, rules),
            category_scores=category_scores,
            summary=summary,
            reviewer_ids=list(self.reviewer_ids),
            occasion=self.occasion,
            defect_count=len(self.defects),
            major_defect_count=majors,
            rule_version=self.rule_version,
            occurred_at=at,
        )

    def _ensure_open(self) -> None:
        if self.result is not None:
            raise FileReviewCompletedError("the review is complete", grade=self.result["grade"])
