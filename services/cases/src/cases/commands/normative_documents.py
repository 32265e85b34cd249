"""Commands and queries of normative documents (§5): one method per step, each a single save."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from cases.commands.land_rules import LandRulesCommands
from cases.domain.deadline_watch import DeadlineWatch
from cases.domain.land_index import LandIndex
from cases.domain.land_rules import LandRuleFamily
from cases.domain.land_time import bureau_date, bureau_today, business_time, not_before
from cases.domain.normative_document import NormativeDocument, new_draft
from cases.domain.normative_rates import FilingRates, compute_rates, facts_of, rates_by_unit
from cases.domain.normative_records import (
    NormativeDocumentCleanup,
    NormativeRatesReport,
    RatesAlreadyReportedError,
)
from cases.domain.normative_terms import (
    DocumentNumber,
    DocumentNumberTakenError,
    DocumentStageError,
    FilingAuthority,
    FilingMaterial,
    FilingReviewOutcome,
    NormativeDocumentNotFoundError,
    PublicationChannel,
    ReviewResult,
)
from shared.domain.access import ensure_unit_scope

DOCUMENT_INDEX = "normative_documents"
FILING_WATCH = "normative_document_filing"


class NormativeDocumentCommands(LandRulesCommands):
    def draft_normative_document(
        self,
        *,
        title: str,
        drafting_unit_id: str,
        bases: list[str],
        revision_of: UUID | None = None,
        drafted_at: datetime | None = None,
    ) -> NormativeDocument:
        ensure_unit_scope(drafting_unit_id)
        revised = self.normative_document(revision_of) if revision_of else None
        document = new_draft(
            title=title,
            drafting_unit_id=drafting_unit_id,
            bases=bases,
            drafted_at=business_time("drafted_at", drafted_at),
            revision_of=revised,
        )
        index = self.existing_or_new(LandIndex, LandIndex.create_id(DOCUMENT_INDEX), name=DOCUMENT_INDEX)
        index.add(document.id)
        self.save(document, index)
        return document

    def amend_normative_draft(
        self, doc_id: UUID, *, title: str, bases: list[str], expected_version: int | None = None
    ) -> NormativeDocument:
        document = self._document_in_scope(doc_id, expected_version)
        document.amend_draft(title=title, bases=bases)
        self.save(document)
        return document

    def open_public_comment(
        self,
        doc_id: UUID,
        *,
        closes_on: date,
        channel: str,
        opened_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> NormativeDocument:
        document = self._document_in_scope(doc_id, expected_version)
        at = business_time("opened_at", opened_at)
        not_before("opened_at", at, "drafted_at", document.drafted_at)
        document.open_public_comment(opened_at=at, closes_on=closes_on, channel=channel)
        self.save(document)
        return document

    def close_public_comment(
        self,
        doc_id: UUID,
        *,
        comments_count: int,
        closed_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> NormativeDocument:
        document = self._document_in_scope(doc_id, expected_version)
        at = business_time("closed_at", closed_at)
        if document.comment_open:
            not_before("closed_at", at, "opened_at", document.comment_opened_at)
        document.close_public_comment(closed_at=at, comments_count=comments_count)
        self.save(document)
        return document

    def complete_legality_review(
        self,
        doc_id: UUID,
        *,
        result: ReviewResult,
        issues: list[str],
        completed_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> NormativeDocument:
        document = self._document_in_scope(doc_id, expected_version)
        at = business_time("completed_at", completed_at)
        not_before("completed_at", at, "drafted_at", document.drafted_at)
        not_before("completed_at", at, "comment_closed_at", document.comment_closed_at)
        document.complete_legality_review(completed_at=at, result=result, issues=issues)
        self.save(document)
        return document

    def adopt_normative_document(
        self,
        doc_id: UUID,
        *,
        meeting_id: str,
        adopted_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> NormativeDocument:
        document = self._document_in_scope(doc_id, expected_version)
        at = business_time("adopted_at", adopted_at)
        not_before("adopted_at", at, "review_passed_at", document.review_passed_at)
        document.adopt(adopted_at=at, meeting_id=meeting_id)
        self.save(document)
        return document

    def publish_normative_document(
        self,
        doc_id: UUID,
        *,
        doc_no: str,
        effective_on: date,
        channels: list[PublicationChannel],
        expires_on: date | None = None,
        early_commencement_reason: str | None = None,
        published_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> NormativeDocument:
        document = self._document_in_scope(doc_id, expected_version)
        at = business_time("published_at", published_at)
        not_before("published_at", at, "adopted_at", document.adopted_at)
        day = bureau_date(at)
        if self.find_aggregate(DocumentNumber.create_id(doc_no)) is not None:
            raise DocumentNumberTakenError("this document number is already in use", doc_no=doc_no.strip())
        document.publish(
            published_at=at,
            doc_no=doc_no,
            effective_on=effective_on,
            expires_on=expires_on,
            channels=channels,
            early_commencement_reason=early_commencement_reason,
            rules=self.land_rules(LandRuleFamily.NORMATIVE_DOCUMENTS, day),
            calendar=self.working_calendar(day),
        )
        assert document.doc_no is not None
        assert document.filing_due_on is not None
        claim = DocumentNumber(doc_no=document.doc_no, doc_id=document.id)
        watch = self.existing_or_new(DeadlineWatch, DeadlineWatch.create_id(FILING_WATCH), kind=FILING_WATCH)
        watch.watch(document.id, document.filing_due_on)
        changed: list[Any] = [document, claim, watch]
        if document.revision_of is not None:
            revised = self.normative_document(document.revision_of)
            revised.supersede(new_doc_id=document.id, new_doc_no=document.doc_no, superseded_on=effective_on)
            changed.append(revised)
        self.save(*changed)
        return document

    def file_normative_document(
        self,
        doc_id: UUID,
        *,
        filed_with: FilingAuthority,
        materials: list[FilingMaterial],
        filed_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> NormativeDocument:
        document = self._document_in_scope(doc_id, expected_version)
        at = business_time("filed_at", filed_at)
        # A refiling answers the last return for completion: it cannot be dated before it.
        not_before("filed_at", at, "returned_at", document.last_returned_at)
        document.file(filed_at=at, filed_with=filed_with, materials=materials)
        self.save(document)
        return document

    def register_normative_filing(
        self, doc_id: UUID, *, registered_at: datetime | None = None, expected_version: int | None = None
    ) -> NormativeDocument:
        document = self._document_in_scope(doc_id, expected_version)
        at = business_time("registered_at", registered_at)
        not_before("registered_at", at, "filed_at", document.last_filed_at)
        document.register_filing(registered_at=at)
        self.save(document)
        return document

    def return_normative_filing(
        self,
        doc_id: UUID,
        *,
        reason: str,
        correct_by: date,
        returned_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> NormativeDocument:
        document = self._document_in_scope(doc_id, expected_version)
        at = business_time("returned_at", returned_at)
        not_before("returned_at", at, "filed_at", document.last_filed_at)
        document.return_for_completion(returned_at=at, reason=reason, correct_by=correct_by)
        self.save(document)
        return document

    def conclude_normative_filing_review(
        self,
        doc_id: UUID,
        *,
        outcome: FilingReviewOutcome,
        issues: list[str],
        concluded_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> NormativeDocument:
        document = self._document_in_scope(doc_id, expected_version)
        at = business_time("concluded_at", concluded_at)
        not_before("concluded_at", at, "registered_at", document.registered_at)
        document.conclude_filing_review(concluded_at=at, outcome=outcome, issues=issues)
        self.save(document)
        return document

    def repeal_normative_document(
        self, doc_id: UUID, *, reason: str, repealed_at: datetime | None = None, expected_version: int | None = None
    ) -> NormativeDocument:
        document = self._document_in_scope(doc_id, expected_version)
        at = business_time("repealed_at", repealed_at)
        not_before("repealed_at", at, "published_at", document.published_at)
        document.repeal(repealed_at=at, reason=reason)
        self.save(document)
        return document

    def complete_normative_cleanup(
        self,
        *,
        kept: list[UUID],
        to_revise: list[UUID],
        repealed: list[UUID],
        note: str,
        completed_at: datetime | None = None,
    ) -> NormativeDocumentCleanup:
        reviewed = NormativeDocumentCleanup.check_lists(kept, to_revise, repealed)
        at = business_time("completed_at", completed_at)
        documents = {doc_id: self.normative_document(doc_id) for doc_id in reviewed}
        not_in_force = {str(doc_id): d.stage for doc_id, d in documents.items() if d.stage != "published"}
        if not_in_force:
            raise DocumentStageError("a cleanup reviews documents in force", stages=not_in_force)
        for doc_id, document in documents.items():  # in force by the cleanup's day, too
            not_before("completed_at", at, "published_at", document.published_at, doc_id=str(doc_id))
        cleanup = NormativeDocumentCleanup(
            reviewed=reviewed, kept=kept, to_revise=to_revise, repealed=repealed, note=note.strip()
        )
        for doc_id in repealed:
            documents[doc_id].repeal(repealed_at=at, reason="repealed in cleanup", cleanup_id=cleanup.id)
        self.save(cleanup, *(documents[doc_id] for doc_id in repealed))
        return cleanup

    def report_normative_rates(self, *, period_from: date, period_to: date, as_of: date) -> NormativeRatesReport:
        if self.find_aggregate(NormativeRatesReport.create_id(period_from, period_to)) is not None:
            raise RatesAlreadyReportedError(
                "the rates of this period are already reported",
                period_from=period_from.isoformat(),
                period_to=period_to.isoformat(),
            )
        bureau, by_unit = self.normative_rates(period_from=period_from, period_to=period_to, as_of=as_of)
        report = NormativeRatesReport(
            period_from=period_from,
            period_to=period_to,
            as_of=as_of,
            bureau=rates_record(bureau),
            by_unit={unit: rates_record(rates) for unit, rates in by_unit.items()},
        )
        self.save(report)
        return report

    def watch_normative_filing_deadlines(self) -> int:
        """Scheduler job: record each missed filing deadline once; the number recorded now."""
        watch = self.find_aggregate(DeadlineWatch.create_id(FILING_WATCH))
        if not isinstance(watch, DeadlineWatch):
            return 0
        today, recorded = bureau_today(), 0
        for doc_id in watch.due_before(today):
            document = self.normative_document(doc_id)
            recorded += document.record_filing_deadline_breach(today)
            watch.settle(doc_id)
            self.save(document, watch)
        return recorded

    # -- queries ----------------------------------------------------------------------------------------

    def normative_document(self, doc_id: UUID, expected_version: int | None = None) -> NormativeDocument:
        return self.load(doc_id, NormativeDocument, NormativeDocumentNotFoundError, expected_version)

    def normative_documents(self) -> list[NormativeDocument]:
        index = self.find_aggregate(LandIndex.create_id(DOCUMENT_INDEX))
        if not isinstance(index, LandIndex):
            return []
        return [self.normative_document(doc_id) for doc_id in index.ids]

    def normative_rates(
        self, *, period_from: date, period_to: date, as_of: date
    ) -> tuple[FilingRates, dict[str, FilingRates]]:
        facts = [facts_of(document) for document in self.normative_documents()]
        window = {"period_from": period_from, "period_to": period_to, "as_of": as_of}
        return compute_rates(facts, **window), rates_by_unit(facts, **window)

    def normative_report(self, period_from: date, period_to: date) -> NormativeRatesReport | None:
        report = self.find_aggregate(NormativeRatesReport.create_id(period_from, period_to))
        return report if isinstance(report, NormativeRatesReport) else None

    def ensure_normative_document_applicable(self, doc_id: UUID, on: date) -> NormativeDocument:
        """For enforcement steps that cite a normative document: refuse one that may not be applied."""
        document = self.normative_document(doc_id)
        document.ensure_applicable(on)
        return document

    def _document_in_scope(self, doc_id: UUID, expected_version: int | None) -> NormativeDocument:
        document = self.normative_document(doc_id, expected_version)
        ensure_unit_scope(document.drafting_unit_id)
        return document


def rates_record(rates: FilingRates) -> dict[str, Any]:
    return {
        "published": rates.published,
        "reviewed_before_publication": rates.reviewed_before_publication,
        "required_to_file": rates.required_to_file,
        "filed": rates.filed,
        "filed_on_time": rates.filed_on_time,
        "answered": rates.answered,
        "registered_without_return": rates.registered_without_return,
        "corrected_or_revoked": rates.corrected_or_revoked,
        "review_rate": rates.review_rate,
        "filing_rate": rates.filing_rate,
        "timely_filing_rate": rates.timely_filing_rate,
        "compliance_rate": rates.compliance_rate,
        "correction_rate": rates.correction_rate,
    }
