"""What the assessment secretariat records by hand, each with its evidence: public evaluations
(PublicEvaluationCollected), points awarded for an item, deductions and bonuses. Each entry becomes
a fact through the same path as every other producer's events (published, then projected)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from eventsourcing.domain import event

from shared.domain import DomainError, NotFoundError, RecordedAggregate


class EntryKind(StrEnum):
    PUBLIC_EVALUATION = "public_evaluation"
    SCORE_ITEM = "score_item"
    DEDUCTION = "deduction"
    BONUS = "bonus"


class EvaluationMethod(StrEnum):
    # DOMAIN §4.1: external methods.
    CARD = "card"
    SURVEY = "survey"
    FORUM = "forum"
    MAILBOX = "mailbox"
    SUPERVISOR = "supervisor"


class EntryNotFoundError(NotFoundError):
    code = "entry_not_found"


class EntryAlreadyWithdrawnError(DomainError):
    code = "entry_already_withdrawn"


class ScoreEntry(RecordedAggregate):
    class Recorded(RecordedAggregate.Created):
        kind: str
        subject_type: str
        subject_id: str
        unit_id: str
        counts_for: date
        code: str  # item, deduction or bonus code; `external_evaluation` for a public evaluation
        value: Decimal  # evaluation score, item points, occurrences, or bonus points
        out_of: Decimal | None  # item points: the item's weight when recorded
        method: str | None
        sample_size: int | None
        evidence_ref: str
        note: str
        scheme_version: int

    class Withdrawn(RecordedAggregate.Event):
        reason: str

    @event(Recorded)
    def __init__(
        self,
        *,
        kind: str,
        subject_type: str,
        subject_id: str,
        unit_id: str,
        counts_for: date,
        code: str,
        value: Decimal,
        out_of: Decimal | None,
        method: str | None,
        sample_size: int | None,
        evidence_ref: str,
        note: str,
        scheme_version: int,
    ) -> None:
        self.kind = EntryKind(kind)
        self.subject_type = subject_type
        self.subject_id = subject_id
        self.unit_id = unit_id
        self.counts_for = counts_for
        self.code = code
        self.value = value
        self.out_of = out_of
        self.method = method
        self.sample_size = sample_size
        self.evidence_ref = evidence_ref
        self.note = note
        self.scheme_version = scheme_version
        self.withdrawn = False

    def withdraw(self, reason: str) -> None:
        if self.withdrawn:
            raise EntryAlreadyWithdrawnError("this entry has already been withdrawn", entry_id=str(self.id))
        self._withdrawn(reason=reason)

    @event(Withdrawn)
    def _withdrawn(self, reason: str) -> None:
        self.withdrawn = True
