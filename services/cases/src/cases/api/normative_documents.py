"""Routes of normative documents (§5): drafting to filing review, applicability, rates, cleanups."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status

from cases.api.land_common import CasesDep, Cursor, HistoryEntryResponse, Limit, history_of, page, with_etag
from cases.api.normative_schemas import (
    AdoptRequest,
    AmendDraftRequest,
    ApplicabilityResponse,
    CleanupRequest,
    CloseCommentRequest,
    ConcludeReviewRequest,
    DraftRequest,
    FileRequest,
    LegalityReviewRequest,
    NormativeDocumentPage,
    NormativeDocumentResponse,
    OpenCommentRequest,
    PeriodRatesResponse,
    PublishRequest,
    RatesReportRequest,
    RatesResponse,
    RegisterFilingRequest,
    RepealRequest,
    ReturnFilingRequest,
    document_response,
)
from cases.domain.land_time import bureau_today
from shared.domain import InvalidInputError, NotFoundError
from shared.web.authz import READERS, Role, ZerenRoute, allow
from shared.web.commands import CommandDep, CommandResult
from shared.web.query import IsoDate

router = APIRouter(tags=["normative documents"], route_class=ZerenRoute)
READ = [allow(*READERS)]
DRAFTERS = [allow(Role.OFFICER, Role.UNIT_HEAD, Role.LEGAL_AFFAIRS, Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]
LEGAL = [allow(Role.LEGAL_AFFAIRS)]
LEADERSHIP = [allow(Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]
PUBLISHERS = [allow(Role.LEGAL_AFFAIRS, Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]
REPORTERS = [allow(Role.LEGAL_AFFAIRS, Role.DIRECTOR, Role.ASSESSMENT_SECRETARIAT)]
BASE = "/normative-documents"


class RatesReportNotFoundError(NotFoundError):
    code = "normative_rates_report_not_found"


def _period(period_from: date, period_to: date) -> None:
    if period_to < period_from:
        raise InvalidInputError("period_to cannot be before period_from", field="period_to")


@router.post(BASE, status_code=status.HTTP_201_CREATED, summary="Draft a normative document", dependencies=DRAFTERS)
def draft(body: DraftRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    result = command.run(
        cases,
        lambda: cases.draft_normative_document(
            title=body.title,
            drafting_unit_id=body.drafting_unit_id,
            bases=body.bases,
            revision_of=body.revision_of,
            drafted_at=body.drafted_at,
        ),
    )
    command.response.headers["Location"] = f"{BASE}/{result.id}"
    return result


@router.get(BASE, summary="Normative documents, in drafting order", dependencies=READ)
def list_documents(cases: CasesDep, limit: Limit = 50, cursor: Cursor = None) -> NormativeDocumentPage:
    documents, next_cursor = page(cases.normative_documents(), limit, cursor)
    return NormativeDocumentPage(documents=[document_response(d) for d in documents], next_cursor=next_cursor)


@router.get(
    f"{BASE}/rates",
    summary="Review, filing, timely-filing, compliance and correction rates of a period (§5.1)",
    dependencies=READ,
)
def rates(
    cases: CasesDep,
    period_from: date,
    period_to: date,
    as_of: Annotated[IsoDate | None, Query(description="default: today")] = None,
) -> PeriodRatesResponse:
    _period(period_from, period_to)
    day = as_of or bureau_today()
    bureau, by_unit = cases.normative_rates(period_from=period_from, period_to=period_to, as_of=day)
    return PeriodRatesResponse(
        period_from=period_from,
        period_to=period_to,
        as_of=day,
        bureau=RatesResponse.of(bureau),
        by_unit={unit: RatesResponse.of(r) for unit, r in by_unit.items()},
    )


@router.post(
    f"{BASE}/rates/reports",
    status_code=status.HTTP_201_CREATED,
    summary="Report the rates of a period (recorded once per period)",
    dependencies=REPORTERS,
)
def report_rates(body: RatesReportRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    _period(body.period_from, body.period_to)
    return command.run(
        cases,
        lambda: cases.report_normative_rates(period_from=body.period_from, period_to=body.period_to, as_of=body.as_of),
    )


@router.get(f"{BASE}/rates/reports", summary="The rates reported for a period", dependencies=READ)
def reported_rates(cases: CasesDep, period_from: date, period_to: date) -> PeriodRatesResponse:
    report = cases.normative_report(period_from, period_to)
    if report is None:
        raise RatesReportNotFoundError(
            "no rates were reported for this period",
            period_from=period_from.isoformat(),
            period_to=period_to.isoformat(),
        )
    return PeriodRatesResponse(
        period_from=report.period_from,
        period_to=report.period_to,
        as_of=report.as_of,
        bureau=RatesResponse.model_validate(report.bureau),
        by_unit={unit: RatesResponse.model_validate(r) for unit, r in report.by_unit.items()},
    )


@router.post(
    f"{BASE}/cleanups",
    status_code=status.HTTP_201_CREATED,
    summary="Record a cleanup (清理): documents kept, to revise, repealed",
    dependencies=PUBLISHERS,
)
def cleanup(body: CleanupRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.complete_normative_cleanup(
            kept=body.kept,
            to_revise=body.to_revise,
            repealed=body.repealed,
            note=body.note,
            completed_at=body.completed_at,
        ),
    )


@router.get(f"{BASE}/{{doc_id}}", summary="A normative document as of now", dependencies=READ)
def get_document(doc_id: UUID, cases: CasesDep, response: Response) -> NormativeDocumentResponse:
    document = cases.normative_document(doc_id)
    with_etag(response, document.version)
    return document_response(document)


@router.get(f"{BASE}/{{doc_id}}/history", summary="Every recorded event of a document", dependencies=READ)
def document_history(doc_id: UUID, cases: CasesDep) -> list[HistoryEntryResponse]:
    cases.normative_document(doc_id)
    return history_of(cases.stored_events(doc_id))


@router.get(
    f"{BASE}/{{doc_id}}/applicability",
    summary="Whether a document may be applied in enforcement on a day (an unpublished one may not)",
    dependencies=READ,
)
def applicability(
    doc_id: UUID, cases: CasesDep, on: Annotated[IsoDate | None, Query(description="default: today")] = None
) -> ApplicabilityResponse:
    day = on or bureau_today()
    applicable, reason = cases.normative_document(doc_id).applicability(day)
    return ApplicabilityResponse(doc_id=doc_id, on=day, applicable=applicable, reason=reason)


@router.post(f"{BASE}/{{doc_id}}/amendments", summary="Amend the draft (a new review is needed)", dependencies=DRAFTERS)
def amend(doc_id: UUID, body: AmendDraftRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.amend_normative_draft(
            doc_id, title=body.title, bases=body.bases, expected_version=command.expected_version
        ),
    )


@router.post(f"{BASE}/{{doc_id}}/public-comment/opening", summary="Open public comment", dependencies=DRAFTERS)
def open_comment(doc_id: UUID, body: OpenCommentRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.open_public_comment(
            doc_id,
            closes_on=body.closes_on,
            channel=body.channel,
            opened_at=body.opened_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{BASE}/{{doc_id}}/public-comment/closing", summary="Close public comment", dependencies=DRAFTERS)
def close_comment(doc_id: UUID, body: CloseCommentRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.close_public_comment(
            doc_id,
            comments_count=body.comments_count,
            closed_at=body.closed_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    f"{BASE}/{{doc_id}}/legality-reviews",
    summary="Record the legal-affairs body's legality review",
    dependencies=LEGAL,
)
def review(doc_id: UUID, body: LegalityReviewRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.complete_legality_review(
            doc_id,
            result=body.result,
            issues=body.issues,
            completed_at=body.completed_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{BASE}/{{doc_id}}/adoption", summary="Adopt at a bureau meeting (局务会)", dependencies=LEADERSHIP)
def adopt(doc_id: UUID, body: AdoptRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.adopt_normative_document(
            doc_id, meeting_id=body.meeting_id, adopted_at=body.adopted_at, expected_version=command.expected_version
        ),
    )


@router.post(
    f"{BASE}/{{doc_id}}/publication",
    summary="Number and publish (refused without a passed legality review)",
    dependencies=PUBLISHERS,
)
def publish(doc_id: UUID, body: PublishRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.publish_normative_document(
            doc_id,
            doc_no=body.doc_no,
            effective_on=body.effective_on,
            expires_on=body.expires_on,
            channels=body.channels,
            early_commencement_reason=body.early_commencement_reason,
            published_at=body.published_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{BASE}/{{doc_id}}/filings", summary="File (or refile) with the filing authority", dependencies=LEGAL)
def file(doc_id: UUID, body: FileRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.file_normative_document(
            doc_id,
            filed_with=body.filed_with,
            materials=body.materials,
            filed_at=body.filed_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{BASE}/{{doc_id}}/filing/registration", summary="The filing was registered", dependencies=LEGAL)
def register_filing(doc_id: UUID, body: RegisterFilingRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.register_normative_filing(
            doc_id, registered_at=body.registered_at, expected_version=command.expected_version
        ),
    )


@router.post(f"{BASE}/{{doc_id}}/filing/return", summary="The filing was returned for completion", dependencies=LEGAL)
def return_filing(doc_id: UUID, body: ReturnFilingRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.return_normative_filing(
            doc_id,
            reason=body.reason,
            correct_by=body.correct_by,
            returned_at=body.returned_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    f"{BASE}/{{doc_id}}/filing/review-conclusion",
    summary="The filing review concluded: no_issue, self_correct or revoke",
    dependencies=LEGAL,
)
def conclude(doc_id: UUID, body: ConcludeReviewRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.conclude_normative_filing_review(
            doc_id,
            outcome=body.outcome,
            issues=body.issues,
            concluded_at=body.concluded_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(f"{BASE}/{{doc_id}}/repeal", summary="Repeal a document in force", dependencies=PUBLISHERS)
def repeal(doc_id: UUID, body: RepealRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.repeal_normative_document(
            doc_id, reason=body.reason, repealed_at=body.repealed_at, expected_version=command.expected_version
        ),
    )
