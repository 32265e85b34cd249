"""Records about normative documents as a whole: a period's rates as reported, and a cleanup (清理).

The rates report freezes what §5.1's rates were for a period on the day they were reported, for the
assessment of the bureau; it is recorded once per period. A cleanup reviews the documents in force
(typically every two years, or when a superior law changes) and says which are kept, to be revised
or repealed; the repeals take effect with it.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from shared.domain import DomainError, InvalidInputError, RecordedAggregate

REPORT_NAMESPACE = UUID("1f6e2a4c-8d0b-4c3e-9a7f-5b2d4e6f8a01")


class RatesAlreadyReportedError(DomainError):
    code = "normative_rates_already_reported"


class CleanupListsError(InvalidInputError):
    code = "cleanup_lists_inconsistent"


class NormativeRatesReport(RecordedAggregate):
    class Reported(RecordedAggregate.Created):
        period_from: date
        period_to: date
        as_of: date
        bureau: dict[str, Any]
        by_unit: dict[str, dict[str, Any]]

    @staticmethod
    def create_id(period_from: date, period_to: date) -> UUID:
        return uuid5(REPORT_NAMESPACE, f"{period_from.isoformat()}/{period_to.isoformat()}")

    @event(Reported)
    def __init__(
        self,
        *,
        period_from: date,
        period_to: date,
        as_of: date,
        bureau: dict[str, Any],
        by_unit: dict[str, dict[str, Any]],
    ) -> None:
        self.period_from = period_from
        self.period_to = period_to
        self.as_of = as_of
        self.bureau = bureau
        self.by_unit = by_unit


class NormativeDocumentCleanup(RecordedAggregate):
    class Completed(RecordedAggregate.Created):
        reviewed: list[UUID]
        kept: list[UUID]
        to_revise: list[UUID]
        repealed: list[UUID]
        note: str

    @event(Completed)
    def __init__(
        self, *, reviewed: list[UUID], kept: list[UUID], to_revise: list[UUID], repealed: list[UUID], note: str
    ) -> None:
        self.reviewed = list(reviewed)
        self.kept = list(kept)
        self.to_revise = list(to_revise)
        self.repealed = list(repealed)
        self.note = note

    @staticmethod
    def check_lists(kept: list[UUID], to_revise: list[UUID], repealed: list[UUID]) -> list[UUID]:
        """The reviewed documents: every one in exactly one of the three lists."""
        every = [*kept, *to_revise, *repealed]
        if not every:
            raise CleanupListsError("a cleanup reviews at least one document", field="kept")
        duplicates = sorted({str(d) for d in every if every.count(d) > 1})
        if duplicates:
            raise CleanupListsError("each reviewed document has exactly one verdict", duplicates=duplicates)
        return every
