"""Step 5: the internal merits review (案件审理) by someone who did not investigate, the collective
discussion of complex or serious cases (集体讨论), and the legal review of major decisions (法制审核)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from uuid import UUID

from cases.domain.errors import RuleConflictError
from cases.domain.penalty_case.base import CaseEvent, CaseState, StepRecord

REVIEW_POINTS = (
    "filing_ok",
    "party_ok",
    "facts_evidence_ok",
    "characterisation_ok",
    "law_ok",
    "procedure_ok",
    "handling_ok",
)
REVIEW_OUTCOMES = ("approved", "supplement", "reinvestigate")
LEGAL_REVIEW_RESULTS = ("passed", "failed", "revise")
# Steps a returned case must go through again.
REVIEW_DEPENDENTS = ("investigation", "investigation_report", "case_review", "collective_discussion", "legal_review")


class ReviewerIsInvestigatorError(RuleConflictError):
    code = "reviewer_is_investigator"


class ReviewChecklistFailedError(RuleConflictError):
    code = "review_checklist_failed"


class TooFewParticipantsError(RuleConflictError):
    code = "collective_discussion_too_few_participants"


class Review(CaseState):
    class CaseReviewCompleted(CaseEvent):
        reviewer_id: UUID
        opinion_no: str
        checklist: dict[str, bool]
        outcome: str
        opinion: str

        def apply_to(self, case: CaseState) -> None:
            case._file("case_review_opinion", self.opinion_no)
            case.case_reviewers.add(self.reviewer_id)
            if self.outcome == "approved":
                case._complete("case_review", self.occurred_at)
            else:
                # Returned for supplementary or fresh investigation: a new report must follow new records.
                case._reopen(*REVIEW_DEPENDENTS)
                case.awaiting_supplement = True

        def step_record(self) -> StepRecord:
            return StepRecord(
                "case_review",
                "case_review_completed",
                (self.reviewer_id,),
                documents=(("case_review_opinion", self.opinion_no),),
                outcome=self.outcome,
            )

    class CollectiveDiscussionHeld(CaseEvent):
        minutes_no: str
        participant_ids: list[UUID]
        resolution: str

        def apply_to(self, case: CaseState) -> None:
            case._file("collective_discussion_minutes", self.minutes_no)
            case._complete("collective_discussion", self.occurred_at)

        def step_record(self) -> StepRecord:
            return StepRecord(
                "collective_discussion",
                "collective_discussion_held",
                self.participant_ids,
                documents=(("collective_discussion_minutes", self.minutes_no),),
            )

    class LegalReviewCompleted(CaseEvent):
        reviewer_id: UUID
        opinion_no: str
        result: str
        issues: list[str]
        grounds: list[str]

        def apply_to(self, case: CaseState) -> None:
            case._file("legal_review_opinion", self.opinion_no)
            case.legal_reviewers.add(self.reviewer_id)
            case.legal_review_result = self.result
            if self.result == "passed":
                # The penalty the review saw: a notice served later that goes beyond it was not reviewed.
                case.legal_reviewed_penalties = case.noticed_penalties() or case.proposed_penalties()
                case._complete("legal_review", self.occurred_at)

        def step_record(self) -> StepRecord:
            return StepRecord(
                "legal_review",
                "legal_review_completed",
                (self.reviewer_id,),
                documents=(("legal_review_opinion", self.opinion_no),),
                outcome=self.result,
            )

    def complete_case_review(
        self,
        *,
        reviewer_id: UUID,
        opinion_no: str,
        checklist: Mapping[str, bool],
        outcome: str,
        opinion: str,
        at: datetime,
    ) -> None:
        self._ensure_undecided()
        self._ensure_step("case_review", at)
        if reviewer_id in set(self.handling_officer_ids) | self.investigators:
            raise ReviewerIsInvestigatorError(
                "the case reviewer must not be one of the case's investigators", reviewer_id=str(reviewer_id)
            )
        failed = [point for point in REVIEW_POINTS if not checklist.get(point, False)]
        if outcome == "approved" and failed:
            raise ReviewChecklistFailedError(
                "a review that finds a point wanting returns the case instead of approving it", failed_points=failed
            )
        self.trigger_event(
            self.CaseReviewCompleted,
            reviewer_id=reviewer_id,
            opinion_no=opinion_no,
            checklist={point: bool(checklist.get(point, False)) for point in REVIEW_POINTS},
            outcome=outcome,
            opinion=opinion,
            occurred_at=at,
        )

    def hold_collective_discussion(
        self, *, minutes_no: str, participant_ids: Sequence[UUID], resolution: str, at: datetime
    ) -> None:
        self._ensure_undecided()
        self._ensure_step("collective_discussion", at)
        minimum = self.rules.collective_discussion_min_participants
        if len(set(participant_ids)) < minimum:
            raise TooFewParticipantsError(
                f"a collective discussion needs at least {minimum} of the bureau's heads",
                required=minimum,
                participants=len(set(participant_ids)),
            )
        self.trigger_event(
            self.CollectiveDiscussionHeld,
            minutes_no=minutes_no,
            participant_ids=list(dict.fromkeys(participant_ids)),
            resolution=resolution,
            occurred_at=at,
        )

    def complete_legal_review(
        self, *, reviewer_id: UUID, opinion_no: str, result: str, issues: Sequence[str], at: datetime
    ) -> None:
        self._ensure_undecided()
        # Reviewed before a hearing or a heavier notice, the case is reviewed again (see `decide_penalty`).
        self._ensure_step("legal_review", at, repeatable=self.legal_review_outdated())
        if reviewer_id in set(self.handling_officer_ids) | self.investigators:
            raise ReviewerIsInvestigatorError(
                "the legal reviewer must not be one of the case's investigators", reviewer_id=str(reviewer_id)
            )
        self.trigger_event(
            self.LegalReviewCompleted,
            reviewer_id=reviewer_id,
            opinion_no=opinion_no,
            result=result,
            issues=list(issues),
            grounds=self.legal_review_grounds(),
            occurred_at=at,
        )
