"""Review and filing of normative documents (规范性文件审查备案), DOMAIN.md §5.

Draft -> [public comment] -> legality review -> adoption (局务会) -> numbered publication -> filing
within the deadline -> registered, or returned for completion and refiled -> filing-review outcome;
later revision (a new document that supersedes this one) or repeal. Without a passed legality review
a document is not adopted or published; an unpublished, repealed, revoked or superseded document may
not be applied in enforcement.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

from eventsourcing.domain import event

from cases.domain.land_rules import AppliedRules
from cases.domain.land_time import bureau_date
from cases.domain.normative_terms import (
    REQUIRED_MATERIALS,
    CommencementTooEarlyError,
    DocumentStageError,
    FilingAuthority,
    FilingMaterial,
    FilingPackageIncompleteError,
    FilingReviewOutcome,
    FilingState,
    FilingStateError,
    LegalityReviewNotPassedError,
    NotApplicableError,
    PublicationChannel,
    PublicationWithoutLegalityReviewError,
    PublicCommentOpenError,
    ReviewResult,
    ValidityTooLongError,
)
from shared.domain import InvalidInputError, RecordedAggregate
from shared.domain.calendar import WorkingDayCalendar


class NormativeDocument(RecordedAggregate):
    class Drafted(RecordedAggregate.Created):
        title: str
        drafting_unit_id: str
        bases: list[str]
        revision_of: UUID | None
        version_no: int

    class DraftAmended(RecordedAggregate.Event):
        title: str
        bases: list[str]

    class PublicCommentOpened(RecordedAggregate.Event):
        closes_on: date
        channel: str

    class PublicCommentClosed(RecordedAggregate.Event):
        comments_count: int

    class LegalityReviewCompleted(RecordedAggregate.Event):
        result: str
        issues: list[str]

    class Adopted(RecordedAggregate.Event):
        meeting_id: str

    class Published(RecordedAggregate.Event):
        doc_no: str
        title: str
        drafting_unit_id: str
        revision_of: UUID | None
        effective_on: date
        expires_on: date
        channels: list[str]
        early_commencement_reason: str | None
        filing_due_on: date
        review_passed_at: datetime
        rule_version: int

    class Filed(RecordedAggregate.Event):
        drafting_unit_id: str
        filed_with: str
        materials: list[str]
        due_on: date
        on_time: bool
        refiling: bool

    class FilingRegistered(RecordedAggregate.Event):
        drafting_unit_id: str
        returned_before: bool

    class FilingReturnedForCompletion(RecordedAggregate.Event):
        drafting_unit_id: str
        reason: str
        correct_by: date

    class FilingReviewConcluded(RecordedAggregate.Event):
        drafting_unit_id: str
        outcome: str
        issues: list[str]

    class FilingDeadlineBreached(RecordedAggregate.Event):
        doc_no: str
        drafting_unit_id: str
        due_on: date

    class Revised(RecordedAggregate.Event):
        new_doc_id: UUID
        new_doc_no: str
        superseded_on: date

    class Repealed(RecordedAggregate.Event):
        reason: str
        cleanup_id: UUID | None

    @event(Drafted)
    def __init__(
        self,
        *,
        title: str,
        drafting_unit_id: str,
        bases: list[str],
        revision_of: UUID | None,
        version_no: int,
        occurred_at: datetime,
    ) -> None:
        self.title = title
        self.drafting_unit_id = drafting_unit_id
        self.bases = list(bases)
        self.revision_of = revision_of
        self.version_no = version_no
        self.drafted_at: datetime = occurred_at
        self.comment_closes_on: date | None = None
        self.comment_open = False
        self.comment_opened_at: datetime | None = None
        self.comment_closed_at: datetime | None = None
        self.comments_count: int | None = None
        self.reviews: list[tuple[str, datetime]] = []
        self.review_passed_at: datetime | None = None
        self.meeting_id: str | None = None
        self.adopted_at: datetime | None = None
        self.doc_no: str | None = None
        self.published_at: datetime | None = None
        self.effective_on: date | None = None
        self.expires_on: date | None = None
        self.channels: list[str] = []
        self.early_commencement_reason: str | None = None
        self.filing_due_on: date | None = None
        self.rule_version: int | None = None
        self.filing_state = FilingState.NOT_FILED
        self.filed_with: str | None = None
        self.first_filed_at: datetime | None = None
        self.filed_on_time: bool | None = None
        self.last_filed_at: datetime | None = None
        self.registered_at: datetime | None = None
        self.first_returned_at: datetime | None = None
        self.last_returned_at: datetime | None = None
        self.returns: list[tuple[str, date]] = []
        self.review_outcome: str | None = None
        self.review_concluded_at: datetime | None = None
        self.filing_deadline_breached = False
        self.revised_by: UUID | None = None
        self.superseded_on: date | None = None
        self.repealed_at: datetime | None = None
        self.repeal_reason: str | None = None

    # -- drafting ---------------------------------------------------------------------------------

    def amend_draft(self, *, title: str, bases: list[str]) -> None:
        self._ensure_drafting("amend the draft")
        self._draft_amended(title=_text("title", title), bases=_bases(bases))

    def open_public_comment(self, *, opened_at: datetime, closes_on: date, channel: str) -> None:
        self._ensure_drafting("open a public comment period")
        if self.comment_open:
            raise PublicCommentOpenError(
                "a public comment period is already open", closes_on=str(self.comment_closes_on)
            )
        if closes_on <= bureau_date(opened_at):
            raise InvalidInputError("a comment period must close after the day it opens", field="closes_on")
        self._comment_opened(closes_on=closes_on, channel=_text("channel", channel), occurred_at=opened_at)

    def close_public_comment(self, *, closed_at: datetime, comments_count: int) -> None:
        if not self.comment_open:
            raise DocumentStageError("no public comment period is open", stage=self.stage)
        if comments_count < 0:
            raise InvalidInputError("comments_count cannot be negative", field="comments_count")
        self._comment_closed(comments_count=comments_count, occurred_at=closed_at)

    def complete_legality_review(self, *, completed_at: datetime, result: ReviewResult, issues: list[str]) -> None:
        self._ensure_drafting("review the draft")
        self._ensure_comment_closed("the legality review")
        if result is not ReviewResult.PASSED and not issues:
            raise InvalidInputError("a review that does not pass must name its issues", field="issues")
        self._reviewed(result=result.value, issues=list(issues), occurred_at=completed_at)

    def adopt(self, *, adopted_at: datetime, meeting_id: str) -> None:
        self._ensure_drafting("adopt the document")
        self._ensure_comment_closed("adoption")
        if self.review_passed_at is None:
            raise LegalityReviewNotPassedError(
                "a normative document is adopted only after the legal-affairs body's review passed",
                latest_review=self.reviews[-1][0] if self.reviews else None,
            )
        self._adopted(meeting_id=_text("meeting_id", meeting_id), occurred_at=adopted_at)

    # -- publication --------------------------------------------------------------------------------

    def publish(
        self,
        *,
        published_at: datetime,
        doc_no: str,
        effective_on: date,
        expires_on: date | None,
        channels: list[PublicationChannel],
        early_commencement_reason: str | None,
        rules: AppliedRules,
        calendar: WorkingDayCalendar,
    ) -> None:
        if self.review_passed_at is None:
            raise PublicationWithoutLegalityReviewError(
                "without a passed legality review a normative document may not be published",
                latest_review=self.reviews[-1][0] if self.reviews else None,
            )
        if self.published_at is not None:
            raise DocumentStageError("the document is already published", stage=self.stage, doc_no=self.doc_no)
        if self.adopted_at is None:
            raise DocumentStageError("a document is published after its adoption", stage=self.stage)
        if not channels:
            raise InvalidInputError("name at least one channel: gazette, website or media", field="channels")
        published_on = bureau_date(published_at)
        if effective_on < published_on:
            raise InvalidInputError("a document cannot take effect before it is published", field="effective_on")
        earliest = published_on + timedelta(days=int(rules["min_commencement_days"]))
        if effective_on < earliest and not (early_commencement_reason or "").strip():
            raise CommencementTooEarlyError(
                "a document takes effect at least the configured days after publication, unless a reason is given",
                earliest_effective_on=earliest.isoformat(),
                min_commencement_days=rules["min_commencement_days"],
                rule_version=rules.version,
            )
        latest_expiry = _add_years(effective_on, int(rules["max_validity_years"]))
        if expires_on is not None and expires_on > latest_expiry:
            raise ValidityTooLongError(
                "the validity period exceeds the configured maximum",
                latest_expires_on=latest_expiry.isoformat(),
                rule_version=rules.version,
            )
        if expires_on is not None and expires_on <= effective_on:
            raise InvalidInputError("a document must expire after it takes effect", field="expires_on")
        days = int(rules["filing_deadline_days"])
        if rules["filing_deadline_unit"] == "working_days":
            due_on = calendar.add_working_days(published_on, days)
        else:
            due_on = published_on + timedelta(days=days)
        self._published(
            doc_no=_text("doc_no", doc_no),
            title=self.title,
            drafting_unit_id=self.drafting_unit_id,
            revision_of=self.revision_of,
            effective_on=effective_on,
            expires_on=expires_on or latest_expiry,
            channels=[c.value for c in channels],
            early_commencement_reason=(early_commencement_reason or "").strip() if effective_on < earliest else None,
            filing_due_on=due_on,
            review_passed_at=self.review_passed_at,
            rule_version=rules.version,
            occurred_at=published_at,
        )

    # -- filing -------------------------------------------------------------------------------------

    def file(self, *, filed_at: datetime, filed_with: FilingAuthority, materials: list[FilingMaterial]) -> None:
        if self.published_at is None or self.filing_due_on is None:
            raise DocumentStageError("a document is filed after its publication", stage=self.stage)
        if self.filing_state in (FilingState.PENDING, FilingState.REGISTERED):
            raise FilingStateError(
                "the document is already filed", filing_state=self.filing_state.value, filed_with=self.filed_with
            )
        if filed_at < self.published_at:
            raise InvalidInputError("a document cannot be filed before it is published", field="filed_at")
        missing = [m.value for m in self.required_materials() if m not in materials]
        if missing:
            raise FilingPackageIncompleteError("the filing package lacks required materials", missing=missing)
        self._filed(
            drafting_unit_id=self.drafting_unit_id,
            filed_with=filed_with.value,
            materials=sorted({m.value for m in materials}),
            due_on=self.filing_due_on,
            on_time=bureau_date(filed_at) <= self.filing_due_on,
            refiling=self.filing_state is FilingState.RETURNED,
            occurred_at=filed_at,
        )

    def required_materials(self) -> list[FilingMaterial]:
        extra = [FilingMaterial.COMMENCEMENT_EXPLANATION] if self.early_commencement_reason else []
        return [*REQUIRED_MATERIALS, *extra]

    def register_filing(self, *, registered_at: datetime) -> None:
        self._ensure_filing_pending()
        self._registered(
            drafting_unit_id=self.drafting_unit_id,
            returned_before=self.first_returned_at is not None,
            occurred_at=registered_at,
        )

    def return_for_completion(self, *, returned_at: datetime, reason: str, correct_by: date) -> None:
        self._ensure_filing_pending()
        if correct_by < bureau_date(returned_at):
            raise InvalidInputError("correct_by cannot be before the return", field="correct_by")
        self._returned(
            drafting_unit_id=self.drafting_unit_id,
            reason=_text("reason", reason),
            correct_by=correct_by,
            occurred_at=returned_at,
        )

    def conclude_filing_review(
        self, *, concluded_at: datetime, outcome: FilingReviewOutcome, issues: list[str]
    ) -> None:
        if self.filing_state is not FilingState.REGISTERED:
            raise FilingStateError(
                "the filing authority concludes its review of a registered filing",
                filing_state=self.filing_state.value,
            )
        if self.review_outcome is not None:
            raise FilingStateError("the filing review is already concluded", outcome=self.review_outcome)
        if outcome is not FilingReviewOutcome.NO_ISSUE and not issues:
            raise InvalidInputError("an order to correct or a revocation names its issues", field="issues")
        self._review_concluded(
            drafting_unit_id=self.drafting_unit_id, outcome=outcome.value, issues=list(issues), occurred_at=concluded_at
        )

    def filing_deadline_missed(self) -> bool:
        """Published, and not filed by the end of its due day."""
        if self.filing_due_on is None:
            return False
        return self.first_filed_at is None or bureau_date(self.first_filed_at) > self.filing_due_on

    def record_filing_deadline_breach(self, today: date) -> bool:
        """Record the breach once, when the due day is over and the filing was missed; True if recorded."""
        if self.filing_due_on is None or today <= self.filing_due_on or self.filing_deadline_breached:
            return False
        if not self.filing_deadline_missed():
            return False
        self._deadline_breached(
            doc_no=self.doc_no or "", drafting_unit_id=self.drafting_unit_id, due_on=self.filing_due_on
        )
        return True

    # -- end of force -------------------------------------------------------------------------------

    def supersede(self, *, new_doc_id: UUID, new_doc_no: str, superseded_on: date) -> None:
        self._ensure_in_force("revise")
        self._revised(new_doc_id=new_doc_id, new_doc_no=new_doc_no, superseded_on=superseded_on)

    def repeal(self, *, repealed_at: datetime, reason: str, cleanup_id: UUID | None = None) -> None:
        self._ensure_in_force("repeal")
        self._repealed(reason=_text("reason", reason), cleanup_id=cleanup_id, occurred_at=repealed_at)

    def applicability(self, on: date) -> tuple[bool, str]:
        """Whether the document may be applied in enforcement on `on`, and why not (a stable reason)."""
        if self.published_at is None or self.effective_on is None:
            return False, "not_published"
        revoked_on = (
            bureau_date(self.review_concluded_at)
            if self.review_outcome == FilingReviewOutcome.REVOKE and self.review_concluded_at
            else None
        )
        ends = [
            ("revoked", revoked_on),
            ("repealed", bureau_date(self.repealed_at) if self.repealed_at else None),
            ("superseded", self.superseded_on),
            ("expired", self.expires_on),
        ]
        if on < self.effective_on:
            return False, "not_yet_effective"
        for reason, since in ends:
            if since is not None and on >= since:
                return False, reason
        return True, "applicable"

    def ensure_applicable(self, on: date) -> None:
        applicable, reason = self.applicability(on)
        if not applicable:
            raise NotApplicableError(
                "this normative document may not be applied in enforcement on that day",
                doc_id=str(self.id),
                on=on.isoformat(),
                reason=reason,
            )

    @property
    def stage(self) -> str:
        if self.repealed_at is not None:
            return "repealed"
        if self.review_outcome == FilingReviewOutcome.REVOKE:
            return "revoked"
        if self.revised_by is not None:
            return "superseded"
        if self.published_at is not None:
            return "published"
        if self.adopted_at is not None:
            return "adopted"
        return "drafting"

    def _ensure_drafting(self, action: str) -> None:
        if self.adopted_at is not None:
            raise DocumentStageError(f"cannot {action}: the document is already adopted", stage=self.stage)

    def _ensure_comment_closed(self, step: str) -> None:
        if self.comment_open:
            raise PublicCommentOpenError(
                f"the public comment period must close before {step}", closes_on=str(self.comment_closes_on)
            )

    def _ensure_filing_pending(self) -> None:
        if self.filing_state is not FilingState.PENDING:
            raise FilingStateError("no filing awaits the authority's answer", filing_state=self.filing_state.value)

    def _ensure_in_force(self, action: str) -> None:
        if self.stage != "published":
            raise DocumentStageError(f"only a document in force can be {action}d", stage=self.stage)

    # -- events ---------------------------------------------------------------------------------------

    @event(DraftAmended)
    def _draft_amended(self, *, title: str, bases: list[str]) -> None:
        self.title = title
        self.bases = list(bases)
        self.review_passed_at = None  # an amended draft needs a new review

    @event(PublicCommentOpened)
    def _comment_opened(self, *, closes_on: date, channel: str, occurred_at: datetime) -> None:
        self.comment_open = True
        self.comment_closes_on = closes_on
        self.comment_opened_at = occurred_at

    @event(PublicCommentClosed)
    def _comment_closed(self, *, comments_count: int, occurred_at: datetime) -> None:
        self.comment_open = False
        self.comments_count = comments_count
        self.comment_closed_at = occurred_at

    @event(LegalityReviewCompleted)
    def _reviewed(self, *, result: str, issues: list[str], occurred_at: datetime) -> None:
        at = occurred_at
        self.reviews.append((result, at))
        self.review_passed_at = at if result == ReviewResult.PASSED else None

    @event(Adopted)
    def _adopted(self, *, meeting_id: str, occurred_at: datetime) -> None:
        self.meeting_id = meeting_id
        self.adopted_at = occurred_at

    @event(Published)
    def _published(
        self,
        *,
        doc_no: str,
        title: str,
        drafting_unit_id: str,
        revision_of: UUID | None,
        effective_on: date,
        expires_on: date,
        channels: list[str],
        early_commencement_reason: str | None,
        filing_due_on: date,
        review_passed_at: datetime,
        rule_version: int,
        occurred_at: datetime,
    ) -> None:
        self.doc_no = doc_no
        self.published_at = occurred_at
        self.effective_on = effective_on
        self.expires_on = expires_on
        self.channels = list(channels)
        self.early_commencement_reason = early_commencement_reason
        self.filing_due_on = filing_due_on
        self.rule_version = rule_version

    @event(Filed)
    def _filed(
        self,
        *,
        drafting_unit_id: str,
        filed_with: str,
        materials: list[str],
        due_on: date,
        on_time: bool,
        refiling: bool,
        occurred_at: datetime,
    ) -> None:
        at = occurred_at
        self.filing_state = FilingState.PENDING
        self.filed_with = filed_with
        self.last_filed_at = at
        if self.first_filed_at is None:
            self.first_filed_at = at
            self.filed_on_time = on_time

    @event(FilingRegistered)
    def _registered(self, *, drafting_unit_id: str, returned_before: bool, occurred_at: datetime) -> None:
        self.filing_state = FilingState.REGISTERED
        self.registered_at = occurred_at

    @event(FilingReturnedForCompletion)
    def _returned(self, *, drafting_unit_id: str, reason: str, correct_by: date, occurred_at: datetime) -> None:
        self.filing_state = FilingState.RETURNED
        self.returns.append((reason, correct_by))
        self.last_returned_at = occurred_at
        if self.first_returned_at is None:
            self.first_returned_at = occurred_at

    @event(FilingReviewConcluded)
    def _review_concluded(
        self, *, drafting_unit_id: str, outcome: str, issues: list[str], occurred_at: datetime
    ) -> None:
        self.review_outcome = outcome
        self.review_concluded_at = occurred_at

    @event(FilingDeadlineBreached)
    def _deadline_breached(self, *, doc_no: str, drafting_unit_id: str, due_on: date) -> None:
        self.filing_deadline_breached = True

    @event(Revised)
    def _revised(self, *, new_doc_id: UUID, new_doc_no: str, superseded_on: date) -> None:
        self.revised_by = new_doc_id
        self.superseded_on = superseded_on

    @event(Repealed)
    def _repealed(self, *, reason: str, cleanup_id: UUID | None, occurred_at: datetime) -> None:
        self.repealed_at = occurred_at
        self.repeal_reason = reason


def new_draft(
    *, title: str, drafting_unit_id: str, bases: list[str], drafted_at: datetime, revision_of: NormativeDocument | None
) -> NormativeDocument:
    if revision_of is not None and revision_of.stage != "published":
        raise DocumentStageError("only a document in force can be revised", stage=revision_of.stage)
    return NormativeDocument(
        title=_text("title", title),
        drafting_unit_id=drafting_unit_id,
        bases=_bases(bases),
        revision_of=revision_of.id if revision_of else None,
        version_no=revision_of.version_no + 1 if revision_of else 1,
        occurred_at=drafted_at,
    )


def _text(field: str, value: str) -> str:
    value = value.strip()
    if not value:
        raise InvalidInputError(f"{field} cannot be blank", field=field)
    return value


def _bases(bases: list[str]) -> list[str]:
    cleaned = [basis.strip() for basis in bases if basis.strip()]
    if not cleaned:
        raise InvalidInputError("a normative document names its legal bases", field="bases")
    return cleaned


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
