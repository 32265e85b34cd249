"""Refusals shared by leads and cases: each a stable code with the details a client needs to fix it."""

from __future__ import annotations

from shared.domain import DomainError, InvalidInputError, NotFoundError


class LeadNotFoundError(NotFoundError):
    code = "lead_not_found"


class CaseNotFoundError(NotFoundError):
    code = "case_not_found"


class FileReviewNotFoundError(NotFoundError):
    code = "case_file_review_not_found"


class StepsMissingError(DomainError):
    """A step was attempted before the steps the procedure puts before it (程序不漏项)."""

    code = "steps_missing"


class DocumentsMissingError(DomainError):
    code = "documents_missing"


class StepNotApplicableError(DomainError):
    """A conditional step whose condition does not hold for this lead or case."""

    code = "step_not_applicable"


class StepAlreadyCompletedError(DomainError):
    code = "step_already_completed"


class CaseClosedError(DomainError):
    code = "case_closed"


class CaseDecidedError(DomainError):
    code = "case_decided"


class OccurredBeforeError(InvalidInputError):
    """A record dated before the record it must follow (a step before its case was filed)."""

    code = "occurred_out_of_order"


class RuleConflictError(DomainError):
    """A rule of the procedure, named by the subclass code."""


class OfficerRecusedError(RuleConflictError):
    code = "officer_recused"


class DuplicateDocumentNumberError(DomainError):
    code = "document_number_taken"
