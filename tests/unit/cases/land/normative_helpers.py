"""Steps of the normative-document workflow, for tests that need a document at a given stage."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from cases.application import Cases
from cases.domain.normative_terms import REQUIRED_MATERIALS, FilingAuthority, PublicationChannel, ReviewResult
from tests.unit.cases.land.conftest import at


def drafted(cases: Cases, *, unit: str = "SEC04", day: str = "2018-01-05", revision_of: UUID | None = None) -> UUID:
    document = cases.draft_normative_document(
        title="关于进一步规范国土资源执法的通知",
        drafting_unit_id=unit,
        bases=["中华人民共和国土地管理法"],
        drafted_at=at(day),
        revision_of=revision_of,
    )
    return document.id


def adopted(cases: Cases, doc_id: UUID | None = None, *, unit: str = "SEC04", day: str = "2018-01-12") -> UUID:
    doc_id = doc_id or drafted(cases, unit=unit)
    cases.complete_legality_review(doc_id, result=ReviewResult.PASSED, issues=[], completed_at=at(day, 9))
    cases.adopt_normative_document(doc_id, meeting_id="局务会-1", adopted_at=at(day, 15))
    return doc_id


def published(
    cases: Cases,
    doc_no: str = "孟国土资〔2018〕1号",
    *,
    unit: str = "SEC04",
    day: str = "2018-01-15",
    effective: str = "2018-02-20",
    doc_id: UUID | None = None,
) -> UUID:
    doc_id = adopted(cases, doc_id, unit=unit, day=day)
    cases.publish_normative_document(
        doc_id,
        doc_no=doc_no,
        effective_on=date.fromisoformat(effective),
        channels=[PublicationChannel.WEBSITE],
        published_at=at(day, 17),
    )
    return doc_id


def filed(cases: Cases, doc_id: UUID, day: str) -> None:
    cases.file_normative_document(
        doc_id,
        filed_with=FilingAuthority.COUNTY_GOV_LEGAL_OFFICE,
        materials=list(REQUIRED_MATERIALS),
        filed_at=at(day),
    )
