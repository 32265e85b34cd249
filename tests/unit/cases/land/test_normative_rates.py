"""The review and filing rates of §5.1 on a known set of documents, with the numbers worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cases.application import Cases
from cases.domain.normative_records import RatesAlreadyReportedError
from cases.domain.normative_terms import FilingReviewOutcome
from shared.domain import FixedClock
from tests.unit.cases.land.conftest import at
from tests.unit.cases.land.normative_helpers import drafted, filed, published

PERIOD = {"period_from": date(2018, 1, 1), "period_to": date(2018, 6, 30)}


def effective(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=31)).isoformat()


@pytest.fixture
def bureau(cases: Cases, fixed_clock: FixedClock) -> Cases:
    """Six documents of two units, as things stood on 20 July 2018.

    | doc | unit  | published  | due        | filing                                        | review          |
    |-----|-------|------------|------------|-----------------------------------------------|-----------------|
    | A   | SEC04 | 2018-01-15 | 2018-02-14 | 02-10 on time, registered 02-20               | no_issue 03-01  |
    | B   | SEC04 | 2018-02-01 | 2018-03-03 | 03-05 late, returned 03-08, refiled 03-12,    | self_correct    |
    |     |       |            |            | registered 03-15                              | 04-01           |
    | C   | SEC02 | 2018-03-10 | 2018-04-09 | never filed                                   |                 |
    | D   | SEC02 | 2018-05-02 | 2018-06-01 | 05-20 on time, returned 05-25                 |                 |
    | E   | SEC04 | 2018-07-10 | (outside the period)                                       |                 |
    | F   | SEC02 | 2018-06-28 | 2018-07-28 | not yet filed, deadline still running         |                 |
    plus a draft that was never published.
    """
    fixed_clock.set(datetime(2018, 7, 20, 10, 0, tzinfo=UTC))
    a = published(cases, "A", unit="SEC04", day="2018-01-15", effective=effective("2018-01-15"))
    b = published(cases, "B", unit="SEC04", day="2018-02-01", effective=effective("2018-02-01"))
    published(cases, "C", unit="SEC02", day="2018-03-10", effective=effective("2018-03-10"))
    d = published(cases, "D", unit="SEC02", day="2018-05-02", effective=effective("2018-05-02"))
    published(cases, "E", unit="SEC04", day="2018-07-10", effective=effective("2018-07-10"))
    published(cases, "F", unit="SEC02", day="2018-06-28", effective=effective("2018-06-28"))
    drafted(cases, unit="SEC02")

    filed(cases, a, "2018-02-10")
    cases.register_normative_filing(a, registered_at=at("2018-02-20"))
    cases.conclude_normative_filing_review(
        a, outcome=FilingReviewOutcome.NO_ISSUE, issues=[], concluded_at=at("2018-03-01")
    )

    filed(cases, b, "2018-03-05")
    cases.return_normative_filing(b, reason="缺审查意见", correct_by=date(2018, 3, 12), returned_at=at("2018-03-08"))
    filed(cases, b, "2018-03-12")
    cases.register_normative_filing(b, registered_at=at("2018-03-15"))
    cases.conclude_normative_filing_review(
        b, outcome=FilingReviewOutcome.SELF_CORRECT, issues=["罚款幅度超出上位法"], concluded_at=at("2018-04-01")
    )

    filed(cases, d, "2018-05-20")
    cases.return_normative_filing(d, reason="材料不全", correct_by=date(2018, 6, 5), returned_at=at("2018-05-25"))
    return cases


def test_rates_of_the_half_year_bureau_wide_and_by_unit(bureau: Cases) -> None:
    rates, by_unit = bureau.normative_rates(**PERIOD, as_of=date(2018, 7, 20))
    # Published in the period: A B C D F (5), all reviewed before publication.
    # Required to file: A B D (filed) + C (deadline over) = 4; F's deadline still runs.
    # On time: A, D of the 3 filed. Answered: A (registered), B and D (returned); only A never returned.
    # Corrected or revoked after review: B.
    assert (rates.published, rates.reviewed_before_publication, rates.required_to_file, rates.filed) == (5, 5, 4, 3)
    assert (rates.filed_on_time, rates.answered, rates.registered_without_return, rates.corrected_or_revoked) == (
        2,
        3,
        1,
        1,
    )
    assert rates.review_rate == 1.0
    assert rates.filing_rate == 0.75
    assert rates.timely_filing_rate == 0.6667
    assert rates.compliance_rate == 0.3333
    assert rates.correction_rate == 0.3333

    sec04, sec02 = by_unit["SEC04"], by_unit["SEC02"]
    assert (sec04.filing_rate, sec04.timely_filing_rate, sec04.compliance_rate, sec04.correction_rate) == (
        1.0,
        0.5,
        0.5,
        0.5,
    )
    assert (sec02.published, sec02.filing_rate, sec02.timely_filing_rate, sec02.compliance_rate) == (3, 0.5, 1.0, 0.0)


def test_rates_as_they_stood_on_an_earlier_day(bureau: Cases) -> None:
    rates, _ = bureau.normative_rates(**PERIOD, as_of=date(2018, 3, 10))
    # By 10 March: A, B, C published; A and B filed (B late); C's deadline (9 April) still runs.
    # A registered, B returned on 8 March; B's review came on 1 April.
    assert (rates.published, rates.required_to_file, rates.filed, rates.answered) == (3, 2, 2, 2)
    assert (rates.filing_rate, rates.timely_filing_rate, rates.compliance_rate, rates.correction_rate) == (
        1.0,
        0.5,
        0.5,
        0.0,
    )


def test_a_period_with_nothing_published_has_no_rates_rather_than_perfect_ones(bureau: Cases) -> None:
    rates, by_unit = bureau.normative_rates(
        period_from=date(2017, 1, 1), period_to=date(2017, 12, 31), as_of=date(2018, 7, 20)
    )
    assert rates.published == 0
    assert (rates.review_rate, rates.filing_rate, rates.timely_filing_rate, rates.compliance_rate) == (None,) * 4
    assert by_unit == {}


def test_the_rates_of_a_period_are_reported_once(bureau: Cases) -> None:
    report = bureau.report_normative_rates(**PERIOD, as_of=date(2018, 7, 20))
    assert report.bureau["filing_rate"] == 0.75
    assert report.by_unit["SEC02"]["compliance_rate"] == 0.0
    with pytest.raises(RatesAlreadyReportedError):
        bureau.report_normative_rates(**PERIOD, as_of=date(2018, 7, 20))
    assert bureau.normative_report(**PERIOD) is not None
