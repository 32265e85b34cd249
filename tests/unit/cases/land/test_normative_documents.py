"""Normative documents (§5): no publication without a passed legality review, filing within the
deadline, the authority's answers, and what may be applied in enforcement."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID

import pytest

from cases.application import Cases
from cases.domain.land_rules import LandRuleFamily
from cases.domain.land_time import TimeInFutureError, TimeOutOfOrderError
from cases.domain.normative_document import NormativeDocument
from cases.domain.normative_terms import (
    REQUIRED_MATERIALS,
    CommencementTooEarlyError,
    DocumentNumberTakenError,
    DocumentStageError,
    FilingAuthority,
    FilingMaterial,
    FilingPackageIncompleteError,
    FilingReviewOutcome,
    FilingStateError,
    LegalityReviewNotPassedError,
    NotApplicableError,
    PublicationChannel,
    PublicationWithoutLegalityReviewError,
    PublicCommentOpenError,
    ReviewResult,
    ValidityTooLongError,
)
from shared.domain import FixedClock, InvalidInputError
from shared.domain.access import ForbiddenError
from tests.unit.cases.land.conftest import acting_as, at
from tests.unit.cases.land.normative_helpers import adopted, drafted, filed, published


def publish(cases: Cases, doc_id: object, **overrides: object) -> NormativeDocument:
    arguments: dict[str, object] = {
        "doc_no": "孟国土资〔2018〕9号",
        "effective_on": date(2018, 2, 20),
        "channels": [PublicationChannel.GAZETTE],
        "published_at": at("2018-01-15", 17),
    }
    arguments.update(overrides)
    return cases.publish_normative_document(doc_id, **arguments)  # type: ignore[arg-type]


def test_a_document_is_never_published_without_a_passed_legality_review(cases: Cases) -> None:
    doc_id = drafted(cases)
    with pytest.raises(PublicationWithoutLegalityReviewError) as refused:
        publish(cases, doc_id)
    assert refused.value.code == "publication_without_legality_review"
    assert refused.value.details == {"latest_review": None}

    cases.complete_legality_review(
        doc_id, result=ReviewResult.FAILED, issues=["越权设定处罚"], completed_at=at("2018-01-10")
    )
    with pytest.raises(PublicationWithoutLegalityReviewError) as after_failure:
        publish(cases, doc_id)
    assert after_failure.value.details == {"latest_review": "failed"}
    assert cases.normative_document(doc_id).published_at is None


def test_adoption_needs_a_passed_review_and_an_amended_draft_needs_a_new_one(cases: Cases) -> None:
    doc_id = drafted(cases)
    with pytest.raises(LegalityReviewNotPassedError):
        cases.adopt_normative_document(doc_id, meeting_id="M1", adopted_at=at("2018-01-12"))
    cases.complete_legality_review(doc_id, result=ReviewResult.PASSED, issues=[], completed_at=at("2018-01-10"))
    cases.amend_normative_draft(doc_id, title="关于规范执法的通知（修改稿）", bases=["土地管理法", "行政处罚法"])
    with pytest.raises(LegalityReviewNotPassedError):
        cases.adopt_normative_document(doc_id, meeting_id="M1", adopted_at=at("2018-01-12"))
    cases.complete_legality_review(doc_id, result=ReviewResult.PASSED, issues=[], completed_at=at("2018-01-11"))
    cases.adopt_normative_document(doc_id, meeting_id="M1", adopted_at=at("2018-01-12"))
    with pytest.raises(DocumentStageError):
        cases.amend_normative_draft(doc_id, title="too late", bases=["x"])


def test_a_review_that_does_not_pass_names_its_issues(cases: Cases) -> None:
    doc_id = drafted(cases)
    with pytest.raises(InvalidInputError):
        cases.complete_legality_review(doc_id, result=ReviewResult.REVISE, issues=[], completed_at=at("2018-01-10"))


def test_an_open_public_comment_period_holds_back_review_and_adoption(cases: Cases) -> None:
    doc_id = drafted(cases)
    cases.open_public_comment(doc_id, closes_on=date(2018, 2, 5), channel="县政府网站", opened_at=at("2018-01-06"))
    with pytest.raises(PublicCommentOpenError):
        cases.complete_legality_review(doc_id, result=ReviewResult.PASSED, issues=[], completed_at=at("2018-01-10"))
    cases.close_public_comment(doc_id, comments_count=12, closed_at=at("2018-02-05"))
    adopted(cases, doc_id, day="2018-02-07")
    assert cases.normative_document(doc_id).comments_count == 12


def test_a_document_takes_effect_thirty_days_after_publication_unless_a_reason_is_given(cases: Cases) -> None:
    doc_id = adopted(cases)
    with pytest.raises(CommencementTooEarlyError) as refused:
        publish(cases, doc_id, effective_on=date(2018, 2, 1))
    assert refused.value.details["earliest_effective_on"] == "2018-02-14"
    assert refused.value.details["rule_version"] == 0

    document = publish(cases, doc_id, effective_on=date(2018, 2, 1), early_commencement_reason="防汛紧急需要")
    assert document.required_materials()[-1] is FilingMaterial.COMMENCEMENT_EXPLANATION
    with pytest.raises(FilingPackageIncompleteError) as incomplete:
        filed(cases, doc_id, "2018-01-20")
    assert incomplete.value.details == {"missing": ["commencement_explanation"]}


def test_the_validity_period_is_capped_by_the_rules(cases: Cases) -> None:
    doc_id = adopted(cases)
    with pytest.raises(ValidityTooLongError) as refused:
        publish(cases, doc_id, expires_on=date(2023, 3, 1))
    assert refused.value.details["latest_expires_on"] == "2023-02-20"
    assert publish(cases, doc_id).expires_on == date(2023, 2, 20)


def test_a_document_number_is_used_once(cases: Cases) -> None:
    published(cases, "孟国土资〔2018〕1号")
    second = adopted(cases)
    before = cases.normative_document(second).version
    with pytest.raises(DocumentNumberTakenError):
        publish(cases, second, doc_no="孟国土资〔2018〕1号")
    assert cases.normative_document(second).version == before  # nothing written


def test_the_filing_deadline_counts_calendar_days_by_default_and_working_days_when_configured(cases: Cases) -> None:
    first = cases.normative_document(published(cases, day="2018-01-15"))
    assert (first.filing_due_on, first.rule_version) == (date(2018, 2, 14), 0)

    values = {
        "filing_deadline_days": 3,
        "filing_deadline_unit": "working_days",
        "min_commencement_days": 30,
        "max_validity_years": 5,
    }
    cases.publish_land_rules(
        LandRuleFamily.NORMATIVE_DOCUMENTS, effective_from=date(2018, 2, 1), values=values, note=""
    )
    # Published on Tuesday 13 February 2018, before the Spring Festival holiday (15-21 February).
    second = cases.normative_document(published(cases, "孟国土资〔2018〕2号", day="2018-02-13", effective="2018-03-20"))
    assert (second.filing_due_on, second.rule_version) == (date(2018, 2, 23), 1)


def test_filing_on_time_is_recorded_with_the_deadline(cases: Cases) -> None:
    on_time = published(cases, "孟国土资〔2018〕1号")
    late = published(cases, "孟国土资〔2018〕2号")
    filed(cases, on_time, "2018-02-14")
    filed(cases, late, "2018-02-15")
    assert cases.normative_document(on_time).filed_on_time is True
    assert cases.normative_document(late).filed_on_time is False
    event = cases.stored_events(late)[-1]
    assert (type(event).__name__, event.due_on, event.on_time) == ("Filed", date(2018, 2, 14), False)


def test_filing_refusals_name_what_is_missing(cases: Cases) -> None:
    draft = drafted(cases)
    with pytest.raises(DocumentStageError):
        filed(cases, draft, "2018-01-20")
    doc_id = published(cases)
    with pytest.raises(FilingPackageIncompleteError) as incomplete:
        cases.file_normative_document(
            doc_id,
            filed_with=FilingAuthority.COUNTY_GOV_LEGAL_OFFICE,
            materials=[FilingMaterial.REPORT, FilingMaterial.TEXT],
            filed_at=at("2018-01-20"),
        )
    assert incomplete.value.details == {"missing": ["explanation", "bases", "review_opinion"]}
    with pytest.raises(InvalidInputError):
        filed(cases, doc_id, "2018-01-14")  # before publication
    filed(cases, doc_id, "2018-01-20")
    with pytest.raises(FilingStateError):
        filed(cases, doc_id, "2018-01-21")


def test_a_returned_filing_is_completed_refiled_registered_and_reviewed_once(cases: Cases) -> None:
    doc_id = published(cases)
    filed(cases, doc_id, "2018-01-20")
    with pytest.raises(FilingStateError):
        cases.conclude_normative_filing_review(
            doc_id, outcome=FilingReviewOutcome.NO_ISSUE, issues=[], concluded_at=at("2018-01-25")
        )
    cases.return_normative_filing(
        doc_id, reason="缺起草说明", correct_by=date(2018, 1, 30), returned_at=at("2018-01-22")
    )
    with pytest.raises(FilingStateError):
        cases.register_normative_filing(doc_id, registered_at=at("2018-01-23"))
    filed(cases, doc_id, "2018-01-26")
    cases.register_normative_filing(doc_id, registered_at=at("2018-01-29"))
    with pytest.raises(InvalidInputError):
        cases.conclude_normative_filing_review(
            doc_id, outcome=FilingReviewOutcome.SELF_CORRECT, issues=[], concluded_at=at("2018-02-10")
        )
    cases.conclude_normative_filing_review(
        doc_id, outcome=FilingReviewOutcome.SELF_CORRECT, issues=["第五条表述不当"], concluded_at=at("2018-02-10")
    )
    with pytest.raises(FilingStateError):
        cases.conclude_normative_filing_review(
            doc_id, outcome=FilingReviewOutcome.NO_ISSUE, issues=[], concluded_at=at("2018-02-11")
        )
    document = cases.normative_document(doc_id)
    kinds = [type(e).__name__ for e in cases.stored_events(doc_id)][-5:]
    assert kinds == ["Filed", "FilingReturnedForCompletion", "Filed", "FilingRegistered", "FilingReviewConcluded"]
    assert cases.stored_events(doc_id)[-3].refiling is True
    assert (document.filed_on_time, document.review_outcome) == (True, "self_correct")


def test_a_missed_filing_deadline_is_recorded_once_however_often_the_job_runs(
    cases: Cases, fixed_clock: FixedClock
) -> None:
    missed = published(cases, "孟国土资〔2018〕1号", day="2018-01-15")  # due 2018-02-14
    on_time = published(cases, "孟国土资〔2018〕2号", day="2018-01-16")
    running = published(cases, "孟国土资〔2018〕3号", day="2018-02-20", effective="2018-03-25")  # due 2018-03-22
    filed(cases, on_time, "2018-02-10")

    assert cases.watch_normative_filing_deadlines() == 1
    assert cases.watch_normative_filing_deadlines() == 0
    breaches = [e for e in cases.stored_events(missed) if type(e).__name__ == "FilingDeadlineBreached"]
    assert [(e.due_on, e.drafting_unit_id) for e in breaches] == [(date(2018, 2, 14), "SEC04")]
    assert not any(type(e).__name__ == "FilingDeadlineBreached" for e in cases.stored_events(on_time))
    assert cases.normative_document(running).filing_deadline_breached is False

    fixed_clock.advance(timedelta(days=30))  # 2018-03-31: the third one's deadline is over too
    assert cases.watch_normative_filing_deadlines() == 1
    assert cases.watch_normative_filing_deadlines() == 0
    assert cases.normative_document(running).filing_deadline_breached is True


def test_an_unpublished_repealed_revoked_or_superseded_document_may_not_be_applied(cases: Cases) -> None:
    draft = drafted(cases)
    assert cases.normative_document(draft).applicability(date(2018, 3, 1)) == (False, "not_published")
    with pytest.raises(NotApplicableError) as refused:
        cases.ensure_normative_document_applicable(draft, date(2018, 3, 1))
    assert refused.value.details["reason"] == "not_published"

    doc_id = published(cases, "孟国土资〔2018〕1号")
    document = cases.normative_document(doc_id)
    assert document.applicability(date(2018, 2, 19)) == (False, "not_yet_effective")
    assert document.applicability(date(2018, 2, 20)) == (True, "applicable")
    assert document.applicability(date(2023, 2, 20)) == (False, "expired")

    repealed = published(cases, "孟国土资〔2018〕2号")
    cases.repeal_normative_document(repealed, reason="上位法修改", repealed_at=at("2018-02-25"))
    assert cases.normative_document(repealed).applicability(date(2018, 2, 24)) == (True, "applicable")
    assert cases.normative_document(repealed).applicability(date(2018, 2, 25)) == (False, "repealed")

    revoked = published(cases, "孟国土资〔2018〕3号")
    filed(cases, revoked, "2018-01-20")
    cases.register_normative_filing(revoked, registered_at=at("2018-01-22"))
    cases.conclude_normative_filing_review(
        revoked, outcome=FilingReviewOutcome.REVOKE, issues=["无权设定"], concluded_at=at("2018-02-21")
    )
    assert cases.normative_document(revoked).applicability(date(2018, 2, 21)) == (False, "revoked")


def test_a_published_revision_supersedes_the_document_it_revises(cases: Cases) -> None:
    original = published(cases, "孟国土资〔2018〕1号")
    with pytest.raises(DocumentStageError):
        drafted(cases, revision_of=drafted(cases))  # only a document in force is revised
    revision = drafted(cases, revision_of=original, day="2018-02-01")
    assert cases.normative_document(revision).version_no == 2
    published(cases, "孟国土资〔2018〕5号", day="2018-02-05", effective="2018-03-10", doc_id=revision)
    old = cases.normative_document(original)
    assert (old.revised_by, old.superseded_on, old.stage) == (revision, date(2018, 3, 10), "superseded")
    assert old.applicability(date(2018, 3, 9)) == (True, "applicable")
    assert old.applicability(date(2018, 3, 10)) == (False, "superseded")


def test_a_cleanup_repeals_what_it_lists_and_reviews_only_documents_in_force(cases: Cases) -> None:
    keep = published(cases, "孟国土资〔2018〕1号")
    revise = published(cases, "孟国土资〔2018〕2号")
    repeal = published(cases, "孟国土资〔2018〕3号")
    with pytest.raises(InvalidInputError):
        cases.complete_normative_cleanup(kept=[keep], to_revise=[keep], repealed=[], note="")
    with pytest.raises(DocumentStageError):
        cases.complete_normative_cleanup(kept=[keep, drafted(cases)], to_revise=[], repealed=[], note="")
    cleanup = cases.complete_normative_cleanup(
        kept=[keep], to_revise=[revise], repealed=[repeal], note="2018年清理", completed_at=at("2018-02-26")
    )
    assert cases.normative_document(repeal).stage == "repealed"
    assert cases.stored_events(repeal)[-1].cleanup_id == cleanup.id
    assert cases.normative_document(keep).stage == cases.normative_document(revise).stage == "published"


def test_drafting_unit_scope_and_business_times_are_checked(cases: Cases) -> None:
    with acting_as("officer", unit="STN03"), pytest.raises(ForbiddenError):
        drafted(cases, unit="SEC04")
    doc_id = drafted(cases, unit="SEC04")
    with acting_as("officer", unit="STN03"), pytest.raises(ForbiddenError):
        cases.amend_normative_draft(doc_id, title="x", bases=["y"])
    with acting_as("officer", unit="SEC04"):
        cases.amend_normative_draft(doc_id, title="本单位修改", bases=["土地管理法"])
    with pytest.raises(TimeInFutureError):
        cases.complete_legality_review(doc_id, result=ReviewResult.PASSED, issues=[], completed_at=at("2018-03-02"))
    with pytest.raises(TimeOutOfOrderError):
        cases.complete_legality_review(doc_id, result=ReviewResult.PASSED, issues=[], completed_at=at("2018-01-01"))


def test_materials_required_are_the_five_of_the_filing_package() -> None:
    assert [m.value for m in REQUIRED_MATERIALS] == ["report", "text", "explanation", "bases", "review_opinion"]


def out_of_order(cases: Cases, doc_id: UUID, action: Callable[[], object]) -> TimeOutOfOrderError:
    """The step is refused as dated before the step it follows, and nothing is written."""
    version = cases.normative_document(doc_id).version
    with pytest.raises(TimeOutOfOrderError) as refused:
        action()
    assert (refused.value.code, refused.value.status) == ("time_out_of_order", 422)
    assert cases.normative_document(doc_id).version == version
    return refused.value


def test_a_refiling_is_not_dated_before_the_return_it_answers(cases: Cases) -> None:
    doc_id = published(cases)
    filed(cases, doc_id, "2018-02-01")
    cases.return_normative_filing(
        doc_id, reason="缺审查意见", correct_by=date(2018, 2, 20), returned_at=at("2018-02-10")
    )
    refusal = out_of_order(cases, doc_id, lambda: filed(cases, doc_id, "2018-02-05"))
    assert (refusal.details["field"], refusal.details["returned_at"]) == ("filed_at", at("2018-02-10").isoformat())
    assert cases.normative_document(doc_id).filing_state.value == "returned"
    filed(cases, doc_id, "2018-02-12")
    assert cases.stored_events(doc_id)[-1].refiling is True


def test_a_repeal_is_not_dated_before_publication(cases: Cases) -> None:
    doc_id = published(cases)  # published 2018-01-15
    refusal = out_of_order(
        cases,
        doc_id,
        lambda: cases.repeal_normative_document(doc_id, reason="上位法修改", repealed_at=at("2017-12-01")),
    )
    assert refusal.details["published_at"] == at("2018-01-15", 17).isoformat()
    assert cases.normative_document(doc_id).stage == "published"


def test_public_comment_closes_after_it_opened_and_the_review_follows_the_close(cases: Cases) -> None:
    doc_id = drafted(cases)  # drafted 2018-01-05
    cases.open_public_comment(doc_id, closes_on=date(2018, 1, 20), channel="县政府门户网站", opened_at=at("2018-01-08"))
    out_of_order(
        cases, doc_id, lambda: cases.close_public_comment(doc_id, comments_count=3, closed_at=at("2018-01-07"))
    )
    assert cases.normative_document(doc_id).comment_open is True
    cases.close_public_comment(doc_id, comments_count=3, closed_at=at("2018-01-21"))
    out_of_order(
        cases,
        doc_id,
        lambda: cases.complete_legality_review(
            doc_id, result=ReviewResult.PASSED, issues=[], completed_at=at("2018-01-20")
        ),
    )
    cases.complete_legality_review(doc_id, result=ReviewResult.PASSED, issues=[], completed_at=at("2018-01-22"))


def test_a_cleanup_is_not_dated_before_a_document_it_reviews_was_published(cases: Cases) -> None:
    keep = published(cases, "孟国土资〔2018〕1号", day="2018-01-15")
    repeal = published(cases, "孟国土资〔2018〕2号", day="2018-02-05", effective="2018-03-10")
    with pytest.raises(TimeOutOfOrderError) as refused:
        cases.complete_normative_cleanup(
            kept=[keep], to_revise=[], repealed=[repeal], note="2018年清理", completed_at=at("2018-02-01")
        )
    assert refused.value.details["doc_id"] == str(repeal)
    assert cases.normative_document(repeal).stage == "published"
    assert [type(e).__name__ for e in cases.stored_events(repeal)][-1] == "Published"
