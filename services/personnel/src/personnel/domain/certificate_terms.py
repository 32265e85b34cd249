"""The terms of a certificate's lifecycle: its statuses and the reasons of each change, and the
values the `Certificate` aggregate keeps in its state (periods it may not be used, reviews)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID


class CertificateStatus(StrEnum):
    NOT_YET_VALID = "not_yet_valid"  # an instant before the issue day
    ACTIVE = "active"
    REVIEW_DUE = "review_due"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    CANCELLED = "cancelled"
    REPLACED = "replaced"
    EXPIRED = "expired"


ENDED = frozenset({CertificateStatus.REVOKED, CertificateStatus.CANCELLED, CertificateStatus.REPLACED})
NOT_IN_FORCE = ENDED | {CertificateStatus.EXPIRED, CertificateStatus.NOT_YET_VALID}


class SuspensionReason(StrEnum):
    NOT_SHOWN = "not_shown"
    UNREVIEWED_CARD = "unreviewed_card"
    REFUSED_SUPERVISION = "refused_supervision"
    ACCOUNTABILITY_SANCTION = "accountability_sanction"


class RevocationReason(StrEnum):
    ALTERED = "altered"
    LENT = "lent"
    SERIOUS_FAULT = "serious_fault"
    CONSECUTIVE_FAIL = "consecutive_fail"


BARRED_FROM_REAPPLYING = frozenset({RevocationReason.ALTERED, RevocationReason.LENT})


class CancellationReason(StrEnum):
    TRANSFERRED = "transferred"
    RETIRED = "retired"
    RESIGNED = "resigned"
    LOST = "lost"


class ReplacementReason(StrEnum):
    LOST = "lost"
    DAMAGED = "damaged"
    DETAILS_CHANGED = "details_changed"
    PERIODIC_RENEWAL = "periodic_renewal"


class ReviewResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True)
class Block:
    """A period in which the certificate may not be used: a suspension, or an ending (open-ended)."""

    status: CertificateStatus
    starts_at: datetime
    ends_at: datetime | None
    reason: str
    accountability_id: UUID | None = None
    decided_by: str = ""  # a suspension's decider and end day, which a replacement card carries over
    until: date | None = None

    def covers(self, at: datetime) -> bool:
        return self.starts_at <= at and (self.ends_at is None or at < self.ends_at)

    def is_for(self, reason: str, accountability_id: UUID | None) -> bool:
        """Whether this is the suspension known by `reason` and `accountability_id`."""
        return self.reason == reason and self.accountability_id == accountability_id


@dataclass(frozen=True)
class Review:
    period: str
    result: ReviewResult
    reviewed_at: datetime
    next_review_due_on: date | None
    rules_version: int = 0


@dataclass(frozen=True)
class Handover:
    """What a card hands over to the card that replaces it, so that replacing a card never changes
    whether its holder may enforce: the suspensions still running, and a latest review that failed."""

    suspensions: tuple[Block, ...] = ()
    failed_review: Review | None = None
