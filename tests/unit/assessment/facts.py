"""Building facts by hand for the assessment unit tests."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from uuid import UUID

from assessment.domain.facts import Fact, FactCategory, fact_id_for
from assessment.domain.periods import SubjectType

_positions = itertools.count(1)


def fact(
    subject_id: str,
    code: str,
    value: str | int | Decimal = 1,
    *,
    category: FactCategory = FactCategory.MEASURE,
    day: date = date(2018, 3, 15),
    subject_type: SubjectType = SubjectType.UNIT,
    unit_id: str | None = None,
    producer: str = "cases",
    position: int | None = None,
    retracts: UUID | None = None,
) -> Fact:
    position = position if position is not None else next(_positions)
    return Fact(
        fact_id=fact_id_for(f"test/{producer}/{position}/{subject_id}/{code}"),
        subject_type=subject_type,
        subject_id=subject_id,
        unit_id=unit_id or (subject_id if subject_type is SubjectType.UNIT else "STN01"),
        category=category,
        code=code,
        value=Decimal(str(value)),
        counts_for=day,
        source_event_id=fact_id_for(f"event/{producer}/{position}"),
        source_producer=producer,
        source_position=position,
        source_event_type="test.fact.recorded.v1",
        retracts=retracts,
    )


def deduction(subject_id: str, code: str, occurrences: int = 1, **kwargs: object) -> Fact:
    return fact(subject_id, code, occurrences, category=FactCategory.DEDUCTION, **kwargs)  # type: ignore[arg-type]


def bonus(subject_id: str, code: str, points: str | int, **kwargs: object) -> Fact:
    return fact(subject_id, code, points, category=FactCategory.BONUS, **kwargs)  # type: ignore[arg-type]


def retraction(of: Fact, **kwargs: object) -> Fact:
    return fact(
        of.subject_id,
        of.code,
        0,
        category=FactCategory.RETRACTION,
        retracts=of.fact_id,
        subject_type=of.subject_type,
        day=of.counts_for,
        **kwargs,  # type: ignore[arg-type]
    )


def unit_facts(subject_id: str, *, review: list[int], filed: list[int], public: int) -> list[Fact]:
    """A unit with case-file review scores, 1/0 filing outcomes and one public evaluation."""
    return [
        *(fact(subject_id, "case_quality.review_score", s) for s in review),
        *(fact(subject_id, "timeliness.filed_on_time", f) for f in filed),
        fact(subject_id, "external_evaluation.public_score", public),
    ]
