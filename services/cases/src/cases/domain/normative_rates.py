"""The review and filing rates of DOMAIN.md §5.1, computed from dated facts of each document.

For documents published in a period, as things stood at the end of `as_of`:

- review_rate = published with a passed legality review before publication / published
- filing_rate = filed / required to be filed (filed, or the filing deadline is over)
- timely_filing_rate = filed within the deadline (first filing) / filed
- compliance_rate = registered without ever being returned / filings the authority has answered
- correction_rate = ordered to self-correct or revoked after filing review / filed

A document whose deadline is still running and that is not yet filed is not yet "required", and a
filing the authority has not answered is not yet judged, so neither lowers a rate early. A rate
with an empty denominator is `None`, never a flattering 100%.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from uuid import UUID

from cases.domain.land_time import bureau_date
from cases.domain.normative_document import NormativeDocument
from cases.domain.normative_terms import FilingReviewOutcome

RATE_DIGITS = 4
CORRECTING_OUTCOMES = (FilingReviewOutcome.SELF_CORRECT, FilingReviewOutcome.REVOKE)


@dataclass(frozen=True)
class DocumentFacts:
    doc_id: UUID
    drafting_unit_id: str
    published_on: date | None
    review_passed_before_publication: bool
    filing_due_on: date | None
    filed_on: date | None  # first filing
    filed_on_time: bool | None
    registered_on: date | None
    first_returned_on: date | None
    review_outcome: str | None
    review_concluded_on: date | None


@dataclass(frozen=True)
class FilingRates:
    published: int
    reviewed_before_publication: int
    required_to_file: int
    filed: int
    filed_on_time: int
    answered: int
    registered_without_return: int
    corrected_or_revoked: int

    @property
    def review_rate(self) -> float | None:
        return _rate(self.reviewed_before_publication, self.published)

    @property
    def filing_rate(self) -> float | None:
        return _rate(self.filed, self.required_to_file)

    @property
    def timely_filing_rate(self) -> float | None:
        return _rate(self.filed_on_time, self.filed)

    @property
    def compliance_rate(self) -> float | None:
        return _rate(self.registered_without_return, self.answered)

    @property
    def correction_rate(self) -> float | None:
        return _rate(self.corrected_or_revoked, self.filed)


def facts_of(document: NormativeDocument) -> DocumentFacts:
    day = _day
    return DocumentFacts(
        doc_id=document.id,
        drafting_unit_id=document.drafting_unit_id,
        published_on=day(document.published_at),
        review_passed_before_publication=document.published_at is not None
        and document.review_passed_at is not None
        and document.review_passed_at <= document.published_at,
        filing_due_on=document.filing_due_on,
        filed_on=day(document.first_filed_at),
        filed_on_time=document.filed_on_time,
        registered_on=day(document.registered_at),
        first_returned_on=day(document.first_returned_at),
        review_outcome=document.review_outcome,
        review_concluded_on=day(document.review_concluded_at),
    )


def compute_rates(facts: Iterable[DocumentFacts], *, period_from: date, period_to: date, as_of: date) -> FilingRates:
    """Rates of the documents published from `period_from` to `period_to` (both included), as of `as_of`."""

    def by(day: date | None) -> bool:
        return day is not None and day <= as_of

    published = [f for f in facts if f.published_on and period_from <= f.published_on <= min(period_to, as_of)]
    filed = [f for f in published if by(f.filed_on)]
    required = [f for f in published if by(f.filed_on) or (f.filing_due_on is not None and f.filing_due_on < as_of)]
    returned = [f for f in filed if by(f.first_returned_on)]
    answered = [f for f in filed if by(f.registered_on) or by(f.first_returned_on)]
    corrected = [f for f in filed if by(f.review_concluded_on) and f.review_outcome in CORRECTING_OUTCOMES]
    return FilingRates(
        published=len(published),
        reviewed_before_publication=sum(f.review_passed_before_publication for f in published),
        required_to_file=len(required),
        filed=len(filed),
        filed_on_time=sum(bool(f.filed_on_time) for f in filed),
        answered=len(answered),
        registered_without_return=sum(by(f.registered_on) for f in filed if f not in returned),
        corrected_or_revoked=len(corrected),
    )


def rates_by_unit(
    facts: Iterable[DocumentFacts], *, period_from: date, period_to: date, as_of: date
) -> dict[str, FilingRates]:
    """The rates of each drafting unit that published in the period."""
    ordered = sorted(facts, key=lambda f: f.drafting_unit_id)
    by_unit = {
        unit: compute_rates(group, period_from=period_from, period_to=period_to, as_of=as_of)
        for unit, group in groupby(ordered, key=lambda f: f.drafting_unit_id)
    }
    return {unit: rates for unit, rates in by_unit.items() if rates.published}


def _day(instant: datetime | None) -> date | None:
    return bureau_date(instant) if instant is not None else None


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, RATE_DIGITS) if denominator else None
