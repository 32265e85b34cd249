"""Terms of the normative-document area: review results, channels, filing authorities and
materials, outcomes, the refusals of §5, and the claim that makes a document number unique."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import event

from shared.domain import DomainError, NotFoundError, RecordedAggregate

DOCUMENT_NUMBER_NAMESPACE = UUID("7d3b9f21-0a4c-4e8b-b6f5-3c1d2e4a6f80")


class ReviewResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    REVISE = "revise"


class PublicationChannel(StrEnum):
    GAZETTE = "gazette"
    WEBSITE = "website"
    MEDIA = "media"


class FilingAuthority(StrEnum):
    COUNTY_GOV_LEGAL_OFFICE = "county_gov_legal_office"
    SUPERIOR_BUREAU = "superior_bureau"


class FilingMaterial(StrEnum):
    REPORT = "report"
    TEXT = "text"
    EXPLANATION = "explanation"
    BASES = "bases"
    REVIEW_OPINION = "review_opinion"
    COMMENCEMENT_EXPLANATION = "commencement_explanation"  # only when it takes effect early


REQUIRED_MATERIALS = (
    FilingMaterial.REPORT,
    FilingMaterial.TEXT,
    FilingMaterial.EXPLANATION,
    FilingMaterial.BASES,
    FilingMaterial.REVIEW_OPINION,
)


class FilingReviewOutcome(StrEnum):
    NO_ISSUE = "no_issue"
    SELF_CORRECT = "self_correct"
    REVOKE = "revoke"


class FilingState(StrEnum):
    NOT_FILED = "not_filed"
    PENDING = "pending"
    RETURNED = "returned"
    REGISTERED = "registered"


class NormativeDocumentNotFoundError(NotFoundError):
    code = "normative_document_not_found"


class LegalityReviewNotPassedError(DomainError):
    code = "legality_review_not_passed"


class PublicationWithoutLegalityReviewError(DomainError):
    code = "publication_without_legality_review"


class DocumentStageError(DomainError):
    """The document is not at the stage this step belongs to; `details.stage` says where it is."""

    code = "normative_document_stage"


class PublicCommentOpenError(DomainError):
    code = "public_comment_open"


class CommencementTooEarlyError(DomainError):
    code = "commencement_too_early"


class ValidityTooLongError(DomainError):
    code = "validity_too_long"


class DocumentNumberTakenError(DomainError):
    code = "document_number_taken"


class FilingPackageIncompleteError(DomainError):
    code = "filing_package_incomplete"


class FilingStateError(DomainError):
    code = "filing_state"


class NotApplicableError(DomainError):
    code = "normative_document_not_applicable"


class DocumentNumber(RecordedAggregate):
    """Claims a document number (文号) once: its id derives from the number, so a reuse conflicts."""

    class Claimed(RecordedAggregate.Created):
        doc_no: str
        doc_id: UUID

    @staticmethod
    def create_id(doc_no: str) -> UUID:
        return uuid5(DOCUMENT_NUMBER_NAMESPACE, doc_no.strip())

    @event(Claimed)
    def __init__(self, *, doc_no: str, doc_id: UUID) -> None:
        self.doc_no = doc_no
        self.doc_id = doc_id
