"""A closed period and its published ranking (`AssessmentPeriod`), and the series of closed
periods of one kind (`RankingSeries`), which keeps periods closing once each and in order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from assessment.domain.periods import Period, PeriodKind, SubjectType
from assessment.domain.ranking import Outcome, Standing
from shared.domain import DomainError, NotFoundError, RecordedAggregate

PERIOD_NAMESPACE = UUID("3f6b2d8e-0c4a-4b1f-9e7d-5a2c8f1b6d30")


class PeriodAlreadyClosedError(DomainError):
    code = "period_already_closed"


class PeriodOutOfOrderError(DomainError):
    code = "period_out_of_order"


class PeriodNotEndedError(DomainError):
    code = "period_not_ended"


class PeriodNotRankedError(DomainError):
    code = "period_kind_not_ranked"


class PeriodicPeriodsNotClosedError(DomainError):
    code = "periodic_periods_not_closed"


class RankingNotFoundError(NotFoundError):
    code = "ranking_not_found"


class SubjectNotRankedError(NotFoundError):
    code = "subject_not_ranked"


def row_values(outcome: Outcome) -> dict[str, Any]:
    """One subject's line of a published ranking, JSON-safe (numbers as decimal strings)."""
    place = outcome.ranked
    entry: Any = place.entry
    return {
        "subject_id": entry.subject_id,
        "unit_id": entry.unit_id,
        "score": str(entry.score),
        "rank": place.rank,
        "rank_from_bottom": place.rank_from_bottom,
        "grade": place.grade,
        "bottom": place.bottom,
        "bottom_run": list(outcome.standing.bottom_run),
        "fail_run": list(outcome.standing.fail_run),
        "talk_required": outcome.talk_required,
        "transfer_reasons": list(outcome.transfer_reasons),
        "explanation": entry.explanation(),
    }


class AssessmentPeriod(RecordedAggregate):
    """One period of one subject type, closed: its ranking, the scheme version and the facts used."""

    class RankingPublished(RecordedAggregate.Created):
        subject_type: str
        period_key: str
        kind: str
        start: date
        end: date
        scheme_version: int
        scheme_effective_from: date
        facts_through: dict[str, int]  # per producer, the last position of the facts read
        fact_count: int
        rows: list[dict[str, Any]]
        talk_ids: list[str]
        transfer_ids: list[str]

    @staticmethod
    def create_id(subject_type: str, period_key: str) -> UUID:
        return uuid5(PERIOD_NAMESPACE, f"{subject_type}/{period_key}")

    @event(RankingPublished)
    def __init__(
        self,
        *,
        subject_type: str,
        period_key: str,
        kind: str,
        start: date,
        end: date,
        scheme_version: int,
        scheme_effective_from: date,
        facts_through: dict[str, int],
        fact_count: int,
        rows: list[dict[str, Any]],
        talk_ids: list[str],
        transfer_ids: list[str],
    ) -> None:
        self.subject_type = SubjectType(subject_type)
        self.period = Period.parse(period_key)
        self.scheme_version = scheme_version
        self.scheme_effective_from = scheme_effective_from
        self.facts_through = dict(facts_through)
        self.fact_count = fact_count
        self.rows = list(rows)
        self.talk_ids = [UUID(i) for i in talk_ids]
        self.transfer_ids = [UUID(i) for i in transfer_ids]

    def row(self, subject_id: str) -> dict[str, Any]:
        for row in self.rows:
            if row["subject_id"] == subject_id:
                return row
        raise SubjectNotRankedError(
            f"{subject_id} is not in the {self.period.key} ranking", subject_id=subject_id, period=self.period.key
        )

    def standings(self) -> dict[str, Standing]:
        return {
            row["subject_id"]: Standing(
                bottom_run=tuple(row["bottom_run"]),
                fail_run=tuple(row["fail_run"]),
                transfer_proposed=bool(row["transfer_reasons"]),
            )
            for row in self.rows
        }

    def scores(self) -> dict[str, Decimal]:
        return {row["subject_id"]: Decimal(row["score"]) for row in self.rows}

    def units(self) -> dict[str, str]:
        return {row["subject_id"]: row["unit_id"] for row in self.rows}


class RankingSeries(RecordedAggregate):
    """The closed periods of one subject type and kind, in order: the first close starts the
    series, and every later close must be the period right after the last one closed."""

    class Started(RecordedAggregate.Created):
        subject_type: str
        kind: str

    class PeriodClosed(RecordedAggregate.Event):
        period_key: str

    @staticmethod
    def create_id(subject_type: str, kind: str) -> UUID:
        return uuid5(PERIOD_NAMESPACE, f"series/{subject_type}/{kind}")

    @event(Started)
    def __init__(self, subject_type: str, kind: str) -> None:
        self.subject_type = SubjectType(subject_type)
        self.kind = PeriodKind(kind)
        self.closed: list[str] = []

    @property
    def last_closed(self) -> Period | None:
        return Period.parse(self.closed[-1]) if self.closed else None

    @property
    def next_expected(self) -> Period | None:
        last = self.last_closed
        return last.next() if last else None

    def is_closed(self, period: Period) -> bool:
        return period.key in self.closed

    def close(self, period: Period) -> None:
        if period.key in self.closed:
            raise PeriodAlreadyClosedError(
                f"the {self.subject_type.value} ranking of {period.key} has already been published",
                period=period.key,
                subject_type=self.subject_type.value,
            )
        expected = self.next_expected
        if expected is not None and period != expected:
            raise PeriodOutOfOrderError(
                "periods close in order, each once: close the period after the last one closed",
                period=period.key,
                last_closed=self.closed[-1],
                next_expected=expected.key,
            )
        self._closed(period_key=period.key)

    @event(PeriodClosed)
    def _closed(self, period_key: str) -> None:
        self.closed.append(period_key)
