"""Case-file review (案卷评查) with its defects as errors found; wrongful cases from reconsideration
and litigation, with the officers responsible in their roles."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from cases.domain.file_review import (
    CaseNotClosedError,
    DefectPointsExceedCategoryError,
    FileReviewCompletedError,
    ReviewerHandledCaseError,
)
from cases.domain.penalties import Penalty
from cases.domain.penalty_case.challenges import (
    ErrorDetailsRequiredError,
    NoPendingChallengeError,
    NothingToChallengeError,
    ResponsibleOfficerNotInCaseError,
)
from tests.unit.cases.procedure.support import World, acting, at, decided_case, publish, serve


def test_a_file_is_reviewed_once_the_case_is_closed_and_not_by_its_handlers(world: World) -> None:
    case_id = decided_case(world)
    with acting(role="case_reviewer", unit=None), pytest.raises(CaseNotClosedError):
        world.cases.start_file_review(
            case_id=case_id, reviewer_ids=[world.reviewer], occasion="monthly_sample", started_at=None
        )
    other = closed_case_in(world, "MJ-2018-002")
    with acting(role="case_reviewer", unit=None), pytest.raises(ReviewerHandledCaseError):
        world.cases.start_file_review(case_id=other, reviewer_ids=[world.a], occasion="annual", started_at=None)


def closed_case_in(world: World, case_no: str) -> UUID:
    case_id = decided_case(world, case_no, penalties=[Penalty("warning")])
    serve(world, case_id)
    publish(world, case_id)
    world.cases.close_case(
        case_id, reason="executed", form_no=f"JA-{case_no}", approved_by=world.director, closed_at=at("2018-04-02")
    )
    return case_id


def test_defects_cost_points_by_category_and_a_major_defect_fails_the_file(world: World) -> None:
    case_id = closed_case_in(world, "MJ-2018-001")
    with acting(role="case_reviewer", unit=None):
        review = world.cases.start_file_review(
            case_id=case_id, reviewer_ids=[world.reviewer], occasion="monthly_sample", started_at=at("2018-05-02")
        ).id
        world.cases.record_defect(
            review,
            category="documents",
            code="receipt_unsigned",
            severity="minor",
            points=5,
            description="the service receipt lacks the recipient's signature",
            responsible=[{"officer_id": world.a, "role": "handler"}],
            found_at=None,
        )
        with pytest.raises(DefectPointsExceedCategoryError) as too_many:
            world.cases.record_defect(
                review,
                category="documents",
                code="catalogue",
                severity="minor",
                points=11,
                description="no catalogue",
                responsible=[{"officer_id": world.a, "role": "handler"}],
                found_at=None,
            )
        assert too_many.value.details["points_left"] == 10
        with pytest.raises(ResponsibleOfficerNotInCaseError):
            world.cases.record_defect(
                review,
                category="discretion",
                code="fine_out_of_band",
                severity="minor",
                points=3,
                description="outside the benchmark band",
                responsible=[{"officer_id": world.a, "role": "approver"}],
                found_at=None,
            )
        world.cases.record_defect(
            review,
            category="discretion",
            code="fine_out_of_band",
            severity="minor",
            points=3,
            description="outside the benchmark band",
            responsible=[{"officer_id": world.director, "role": "approver"}, {"officer_id": uuid4(), "role": "leader"}],
            found_at=None,
        )
        done = world.cases.complete_file_review(review, summary="sound file", completed_at=None)
        assert done.result is not None
        assert (done.result["score"], done.result["grade"]) == (92, "excellent")
        with pytest.raises(FileReviewCompletedError):
            world.cases.complete_file_review(review, summary="again", completed_at=None)

        second = world.cases.start_file_review(
            case_id=case_id, reviewer_ids=[world.legal], occasion="annual", started_at=None
        ).id
        world.cases.record_defect(
            second,
            category="procedure",
            code="single_investigator",
            severity="major",
            points=2,
            description="one officer took the inquiry",
            responsible=[{"officer_id": world.reviewer, "role": "reviewer"}],
            found_at=None,
        )
        failed = world.cases.complete_file_review(second, summary="fails", completed_at=None)
    assert failed.result == {**failed.result, "score": 98, "grade": "fail"}  # type: ignore[dict-item]


def test_a_decision_revoked_on_reconsideration_is_a_wrongful_case(world: World) -> None:
    case_id = closed_case_in(world, "MJ-2018-001")
    with acting(role="legal_affairs", unit=None):
        with pytest.raises(NoPendingChallengeError):
            world.cases.decide_challenge(
                case_id,
                proceeding="reconsideration",
                reference="FY-1",
                outcome="upheld",
                category=None,
                description="",
                responsible=[],
                decided_at=None,
            )
        world.cases.file_challenge(
            case_id, proceeding="reconsideration", body="孟津县人民政府", reference="FY-1", filed_at=at("2018-05-01")
        )
        with pytest.raises(ErrorDetailsRequiredError):
            world.cases.decide_challenge(
                case_id,
                proceeding="reconsideration",
                reference="FY-1",
                outcome="revoked",
                category=None,
                description="facts unclear",
                responsible=[],
                decided_at=at("2018-06-20"),
            )
        world.cases.decide_challenge(
            case_id,
            proceeding="reconsideration",
            reference="FY-1",
            outcome="revoked",
            category="facts_evidence",
            description="main facts unclear",
            responsible=[
                {"officer_id": world.a, "role": "handler"},
                {"officer_id": world.director, "role": "approver"},
            ],
            decided_at=at("2018-06-20"),
        )
    case = world.cases.get_case(case_id)
    assert case.challenges[0]["outcome"] == "revoked"
    assert [(e["kind"], e["source"]) for e in case.errors] == [("wrongful_case", "reconsideration")]


def test_an_upheld_decision_is_no_error_and_only_decisions_are_challenged(world: World) -> None:
    case_id = decided_case(world)
    undecided = world.filed_case("MJ-2018-002")
    with acting(role="legal_affairs", unit=None):
        with pytest.raises(NothingToChallengeError):
            world.cases.file_challenge(undecided, proceeding="litigation", body="法院", reference="SS-1", filed_at=None)
        world.cases.file_challenge(
            case_id, proceeding="litigation", body="孟津县人民法院", reference="SS-1", filed_at=None
        )
        with pytest.raises(ResponsibleOfficerNotInCaseError):
            world.cases.decide_challenge(
                case_id,
                proceeding="litigation",
                reference="SS-1",
                outcome="changed",
                category="discretion",
                description="fine reduced",
                responsible=[{"officer_id": uuid4(), "role": "handler"}],
                decided_at=None,
            )
        world.cases.decide_challenge(
            case_id,
            proceeding="litigation",
            reference="SS-1",
            outcome="upheld",
            category=None,
            description="",
            responsible=[],
            decided_at=None,
        )
    assert world.cases.get_case(case_id).errors == []
