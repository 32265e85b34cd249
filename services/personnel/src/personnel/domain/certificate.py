"""One enforcement certificate (河南省行政执法证), from issue to its end: review, suspension,
reinstatement, revocation, cancellation, replacement and expiry.

The aggregate keeps its whole timeline in business time — periods of suspension and the instant of an
ending, every review — so `status_at` answers for any past instant, not only now. Validity is counted
in the bureau's calendar days: valid from the first instant of the issue day, invalid from the first
instant of the expiry day. A replacement card is the exception: it is valid from the instant it replaced
the old card, so that recording a replacement never changes an answer about an earlier instant.

Suspensions may overlap: a card suspended because it was not shown may also be suspended as a
sanction of fault accountability, and lifting the one leaves the other running. A suspension is known by
its reason and accountability reference, which no two running suspensions share; a reinstatement names
the one it ends whenever more than one runs.

A replacement card continues the standing of the card it replaces: the suspensions still running and a
latest review that failed are carried over onto it, in the same transaction as its issue, as events of
its own (`SuspensionCarriedOver`, `ReviewCarriedOver`). Replacing a card therefore never changes whether
its holder may enforce, before or after the replacement.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from personnel.domain.certificate_terms import (
    ENDED,
    NOT_IN_FORCE,
    Block,
    CancellationReason,
    CertificateStatus,
    Handover,
    ReplacementReason,
    Review,
    ReviewResult,
    RevocationReason,
    SuspensionReason,
)
from personnel.domain.common import add_months, bureau_day, day_start, not_before
from personnel.domain.errors import (
    CertificateAlreadyEndedError,
    CertificateAlreadyReplacedError,
    CertificateNotYetExpiredError,
    PeriodAlreadyReviewedError,
    ReinstatementRequiresSuspensionError,
    ReplacementRequiresCertificateInForceError,
    ReviewRequiresCertificateInForceError,
    SanctionSuspensionNotReinstatedError,
    SuspensionAlreadyRunningError,
    SuspensionRequiresActiveCertificateError,
    SuspensionToReinstateAmbiguousError,
)
from personnel.domain.rules import PersonnelRules
from shared.domain import InvalidInputError, RecordedAggregate, get_clock

# Certificate ids derive from the certificate number, so a number can be issued only once.
CERTIFICATE_NAMESPACE = UUID("0b7f3c1e-9d4a-4f43-8c55-2f8e1f6a9b20")
LAND_RESOURCES = "land_resources"


class Certificate(RecordedAggregate):
    """One enforcement certificate, from issue to its end."""

    class Issued(RecordedAggregate.Created):
        certificate_no: str
        officer_id: UUID
        issuer: str
        kind: str
        scope_field: str
        scope_area: str
        issued_on: date
        expires_on: date
        review_due_on: date | None = None
        rules_version: int = 0
        application_id: UUID | None = None
        replaces_no: str | None = None

    class Reviewed(RecordedAggregate.Event):
        certificate_no: str
        officer_id: UUID
        period: str
        result: str
        notes: str
        next_review_due_on: date | None
        rules_version: int

    class Suspended(RecordedAggregate.Event):
        certificate_no: str
        officer_id: UUID
        reason: str
        until: date | None
        decided_by: str
        accountability_id: UUID | None

    class Reinstated(RecordedAggregate.Event):
        """Ends the running suspension with this reason and accountability reference. Recorded before
        suspensions could overlap, a reinstatement has no reason and ended the one suspension running."""

        certificate_no: str
        officer_id: UUID
        note: str
        reason: str | None = None
        accountability_id: UUID | None = None

    class Revoked(RecordedAggregate.Event):
        certificate_no: str
        officer_id: UUID
        reason: str
        reapply_not_before: date | None
        decided_by: str
        accountability_id: UUID | None
        rules_version: int | None

    class Cancelled(RecordedAggregate.Event):
        certificate_no: str
        officer_id: UUID
        reason: str

    class Replaced(RecordedAggregate.Event):
        certificate_no: str
        officer_id: UUID
        new_no: str
        reason: str

    class Expired(RecordedAggregate.Event):
        certificate_no: str
        officer_id: UUID
        expires_on: date

    class SuspensionCarriedOver(RecordedAggregate.Event):
        """A replacement card continues a suspension of the card it replaced (`from_no`), from the
        instant of the replacement until the same end day (or until reinstated)."""

        certificate_no: str
        officer_id: UUID
        from_no: str
        reason: str
        until: date | None
        decided_by: str
        accountability_id: UUID | None
        suspended_since: datetime  # when the suspension began on the old card

    class ReviewCarriedOver(RecordedAggregate.Event):
        """A replacement card continues the failed latest review of the card it replaced (`from_no`):
        it may not be used until a later review of it passes."""

        certificate_no: str
        officer_id: UUID
        from_no: str
        period: str
        result: str
        reviewed_at: datetime  # when the old card was reviewed
        rules_version: int

    @staticmethod
    def create_id(certificate_no: str) -> UUID:
        """Derived from the number, so a second issue of the same number conflicts on save."""
        return uuid5(CERTIFICATE_NAMESPACE, certificate_no.strip().upper())

    @event(Issued)
    def __init__(
        self,
        *,
        certificate_no: str,
        officer_id: UUID,
        issuer: str,
        kind: str,
        scope_field: str,
        scope_area: str,
        issued_on: date,
        expires_on: date,
        review_due_on: date | None,
        rules_version: int,
        application_id: UUID | None,
        replaces_no: str | None,
        occurred_at: datetime | None,
    ) -> None:
        self.certificate_no = certificate_no
        self.officer_id = officer_id
        self.issuer = issuer
        self.kind = kind
        self.scope_field = scope_field
        self.scope_area = scope_area
        self.issued_on = issued_on
        self.expires_on = expires_on
        self.review_due_on = review_due_on
        self.rules_version = rules_version
        self.application_id = application_id
        self.replaces_no = replaces_no
        # A replacement's Issued event is dated at the replacement instant: the card is valid from then.
        replaced_at = occurred_at if replaces_no is not None else None
        self.valid_from = replaced_at or day_start(issued_on)
        self.blocks: list[Block] = []
        self.reviews: list[Review] = []
        self.reapply_not_before: date | None = None
        self.replaced_by: str | None = None
        self.suspensions_at_end: tuple[Block, ...] = ()  # the suspensions an ending cut short, as decided
        self.expiry_recorded = False
        self.latest_change_at: datetime | None = None

    @staticmethod
    def check_validity(issued_on: date, expires_on: date) -> None:
        if expires_on <= issued_on:
            raise InvalidInputError(
                "a certificate must expire after it is issued",
                issued_on=issued_on.isoformat(),
                expires_on=expires_on.isoformat(),
            )

    # --- the timeline, at any instant -------------------------------------------------------------

    @property
    def expires_at(self) -> datetime:
        return day_start(self.expires_on)

    def review_due_at(self, at: datetime) -> date | None:
        """The day by which the next review was due, as known at `at`."""
        passed = [r for r in self.reviews if r.reviewed_at <= at and r.result == ReviewResult.PASSED]
        return passed[-1].next_review_due_on if passed else self.review_due_on

    def latest_review_at(self, at: datetime) -> Review | None:
        reviews = [r for r in self.reviews if r.reviewed_at <= at]
        return reviews[-1] if reviews else None

    def status_at(self, at: datetime) -> CertificateStatus:
        if at < self.valid_from:
            return CertificateStatus.NOT_YET_VALID
        ending = next((b for b in self.blocks if b.status in ENDED and b.covers(at)), None)
        if ending is not None:
            return ending.status
        if at >= self.expires_at:
            return CertificateStatus.EXPIRED
        if any(b.status == CertificateStatus.SUSPENDED and b.covers(at) for b in self.blocks):
            return CertificateStatus.SUSPENDED
        due = self.review_due_at(at)
        if due is not None and bureau_day(at) >= due:
            return CertificateStatus.REVIEW_DUE
        return CertificateStatus.ACTIVE

    def unusable_reason(self, at: datetime) -> str | None:
        """None if the certificate itself allowed enforcement at `at` (DOMAIN §2.2), else why not."""
        status = self.status_at(at)
        if status == CertificateStatus.REVIEW_DUE:
            return "not_reviewed"
        if status != CertificateStatus.ACTIVE:
            return status.value
        latest = self.latest_review_at(at)
        if latest is not None and latest.result != ReviewResult.PASSED:
            return "review_failed"
        return None

    def current_status(self) -> CertificateStatus:
        return self.status_at(get_clock().now())

    def running_suspensions(self, at: datetime) -> list[Block]:
        return [b for b in self.blocks if b.status == CertificateStatus.SUSPENDED and b.covers(at)]

    def handover(self, at: datetime) -> Handover:
        """What a card replacing this one at `at` must continue: the suspensions running then — for a
        card cancelled as lost, those the loss cut short, as decided, unless their end day has come —
        and the latest review if it failed. An overdue review needs nothing: the replacement keeps the
        due date (see `replace_certificate`)."""
        suspended = self.running_suspensions(at) + [b for b in self.suspensions_at_end if b.covers(at)]
        latest = self.latest_review_at(at)
        failed = latest if latest is not None and latest.result != ReviewResult.PASSED else None
        return Handover(tuple(suspended), failed)

    # --- commands -----------------------------------------------------------------------------------

    def review(self, *, period: str, result: ReviewResult, notes: str, at: datetime, rules: PersonnelRules) -> None:
        status = self.status_at(at)
        if status in NOT_IN_FORCE:
            raise ReviewRequiresCertificateInForceError(
                "only a certificate in force can be reviewed", status=status.value, at=at.isoformat()
            )
        if any(r.period == period and r.result == ReviewResult.PASSED for r in self.reviews):
            raise PeriodAlreadyReviewedError("this period's review has already passed", period=period)
        not_before(at, self.latest_change_at, "review")
        next_due = add_months(bureau_day(at), rules.review_interval_months) if result == ReviewResult.PASSED else None
        self._reviewed(
            **self._ids(),
            period=period,
            result=result.value,
            notes=notes,
            next_review_due_on=next_due,
            rules_version=rules.version,
            occurred_at=at,
        )

    def suspend(
        self,
        *,
        reason: SuspensionReason,
        at: datetime,
        until: date | None,
        decided_by: str,
        accountability_id: UUID | None = None,
    ) -> None:
        status = self.status_at(at)
        if status not in (CertificateStatus.ACTIVE, CertificateStatus.REVIEW_DUE, CertificateStatus.SUSPENDED):
            raise SuspensionRequiresActiveCertificateError(
                "only a certificate in force can be suspended", status=status.value, at=at.isoformat()
            )
        if until is not None and until <= bureau_day(at):
            raise InvalidInputError("a suspension ends after the day it starts", until=until.isoformat())
        same = [b for b in self.running_suspensions(at) if b.is_for(reason.value, accountability_id)]
        if same:
            # Known by reason and reference: a second one would leave a reinstatement unable to say which.
            raise SuspensionAlreadyRunningError(
                "the certificate is already suspended for this reason",
                **_described(same[0]),
            )
        not_before(at, self.latest_change_at, "suspension")
        self._suspended(
            **self._ids(),
            reason=reason.value,
            until=until,
            decided_by=decided_by,
            accountability_id=accountability_id,
            occurred_at=at,
        )

    def reinstate(
        self,
        *,
        note: str,
        at: datetime,
        reason: SuspensionReason | None = None,
        accountability_id: UUID | None = None,
        sanction_revoked: bool = False,
    ) -> None:
        """End one running suspension: the only one, or the one `reason` (and `accountability_id`,
        when several sanctions run) names. A sanction's suspension is the accountability decision's
        to end: it lapses at its term, or ends when the sanction is revoked (`sanction_revoked`); a
        reinstatement by hand never ends it, nor counts it among the ones it could mean."""
        status = self.status_at(at)
        if status != CertificateStatus.SUSPENDED:
            raise ReinstatementRequiresSuspensionError(
                "only a suspended certificate can be reinstated", status=status.value, at=at.isoformat()
            )
        running = self.running_suspensions(at)
        endable = [b for b in running if sanction_revoked or b.reason != SuspensionReason.ACCOUNTABILITY_SANCTION]
        chosen = [
            b
            for b in endable
            if (reason is None or b.reason == reason.value)
            and (accountability_id is None or b.accountability_id == accountability_id)
        ]
        if not chosen and len(endable) < len(running) and reason in (None, SuspensionReason.ACCOUNTABILITY_SANCTION):
            raise SanctionSuspensionNotReinstatedError(
                "a sanction's suspension ends at its term or when the sanction is revoked on appeal,"
                " not by a reinstatement",
                running=[_described(b) for b in running],
            )
        if not chosen:
            raise ReinstatementRequiresSuspensionError(
                "no running suspension has this reason",
                reason=reason.value if reason is not None else None,
                accountability_id=str(accountability_id) if accountability_id is not None else None,
                running=[_described(b) for b in running],
            )
        if len(chosen) > 1:
            raise SuspensionToReinstateAmbiguousError(
                "several suspensions are running: name the one to end by its reason (and accountability_id)",
                running=[_described(b) for b in chosen],
            )
        not_before(at, self.latest_change_at, "reinstatement")
        ended = chosen[0]
        self._reinstated(
            **self._ids(),
            note=note,
            reason=ended.reason,
            accountability_id=ended.accountability_id,
            occurred_at=at,
        )

    def revoke(
        self,
        *,
        reason: RevocationReason,
        at: datetime,
        reapply_not_before: date | None,
        decided_by: str,
        accountability_id: UUID | None = None,
        rules_version: int | None = None,
    ) -> None:
        """`rules_version`: the version that set `reapply_not_before`, when the rules set it."""
        self._check_not_ended(at, "revoked")
        self._revoked(
            **self._ids(),
            reason=reason.value,
            reapply_not_before=reapply_not_before,
            decided_by=decided_by,
            accountability_id=accountability_id,
            rules_version=rules_version,
            occurred_at=at,
        )

    def cancel(self, *, reason: CancellationReason, at: datetime) -> None:
        self._check_not_ended(at, "cancelled")
        self._cancelled(**self._ids(), reason=reason.value, occurred_at=at)

    def _check_not_ended(self, at: datetime, what: str) -> None:
        status = self.status_at(at)
        if status in NOT_IN_FORCE:
            raise CertificateAlreadyEndedError(
                f"a certificate that is {status.value} cannot be {what}", status=status.value, at=at.isoformat()
            )
        not_before(at, self.latest_change_at, what)

    def replace_with(self, *, new_no: str, reason: ReplacementReason, at: datetime) -> None:
        if self.replaced_by is not None:
            # A card is replaced once: a second replacement (of a lost card) would put two in force.
            raise CertificateAlreadyReplacedError(
                "this certificate has already been replaced", replaced_by=self.replaced_by
            )
        status = self.status_at(at)
        lost_card = (
            status == CertificateStatus.CANCELLED
            and reason == ReplacementReason.LOST
            and self.blocks[-1].reason == CancellationReason.LOST
        )
        if status not in (CertificateStatus.ACTIVE, CertificateStatus.REVIEW_DUE) and not lost_card:
            raise ReplacementRequiresCertificateInForceError(
                "only a certificate in force, or one cancelled as lost, can be replaced",
                status=status.value,
                at=at.isoformat(),
            )
        not_before(at, self.latest_change_at, "replacement")
        self._replaced(**self._ids(), new_no=new_no, reason=reason.value, occurred_at=at)

    def continue_standing(self, handover: Handover, *, from_no: str) -> None:
        """Called on a replacement card right after its issue, in the same transaction: it continues
        what `from_no` hands over (its holder's standing), from the instant it is valid."""
        at = self.valid_from
        for suspension in handover.suspensions:
            self._suspension_carried_over(
                **self._ids(),
                from_no=from_no,
                reason=suspension.reason,
                until=suspension.until,
                decided_by=suspension.decided_by,
                accountability_id=suspension.accountability_id,
                suspended_since=suspension.starts_at,
                occurred_at=at,
            )
        review = handover.failed_review
        if review is not None:
            self._review_carried_over(
                **self._ids(),
                from_no=from_no,
                period=review.period,
                result=review.result.value,
                reviewed_at=review.reviewed_at,
                rules_version=review.rules_version,
                occurred_at=at,
            )

    def record_expiry(self) -> bool:
        """Record that the certificate expired (the scheduler's job); False if there is nothing to record."""
        now = get_clock().now()
        if now < self.expires_at:
            raise CertificateNotYetExpiredError(
                "the certificate has not expired yet", expires_on=self.expires_on.isoformat()
            )
        if self.expiry_recorded or self.status_at(self.expires_at) in ENDED:
            return False
        self._expired(**self._ids(), expires_on=self.expires_on, occurred_at=self.expires_at)
        return True

    def _ids(self) -> dict[str, Any]:
        # Every lifecycle event names its certificate and holder, so the public event needs no state.
        return {"certificate_no": self.certificate_no, "officer_id": self.officer_id}

    # --- events -----------------------------------------------------------------------------------

    @event(Reviewed)
    def _reviewed(
        self,
        *,
        certificate_no: str,
        officer_id: UUID,
        period: str,
        result: str,
        notes: str,
        next_review_due_on: date | None,
        rules_version: int,
        occurred_at: datetime | None,
    ) -> None:
        assert occurred_at is not None
        self.reviews.append(Review(period, ReviewResult(result), occurred_at, next_review_due_on, rules_version))
        self.latest_change_at = occurred_at

    @event(Suspended)
    def _suspended(
        self,
        *,
        certificate_no: str,
        officer_id: UUID,
        reason: str,
        until: date | None,
        decided_by: str,
        accountability_id: UUID | None,
        occurred_at: datetime | None,
    ) -> None:
        self._suspend_from(occurred_at, reason, until, decided_by, accountability_id)

    def _suspend_from(
        self, at: datetime | None, reason: str, until: date | None, decided_by: str, accountability_id: UUID | None
    ) -> None:
        assert at is not None
        ends_at = day_start(until) if until is not None else None
        self.blocks.append(
            Block(CertificateStatus.SUSPENDED, at, ends_at, reason, accountability_id, decided_by, until)
        )
        self.latest_change_at = at

    @event(Reinstated)
    def _reinstated(
        self,
        *,
        certificate_no: str,
        officer_id: UUID,
        note: str,
        reason: str | None = None,
        accountability_id: UUID | None = None,
        occurred_at: datetime | None = None,
    ) -> None:
        assert occurred_at is not None
        suspensions = [i for i, b in enumerate(self.blocks) if b.status == CertificateStatus.SUSPENDED]
        if reason is not None:
            suspensions = [
                i
                for i in suspensions
                if self.blocks[i].covers(occurred_at) and self.blocks[i].is_for(reason, accountability_id)
            ]
        index = suspensions[-1]
        self.blocks[index] = replace(self.blocks[index], ends_at=occurred_at)
        self.latest_change_at = occurred_at

    @event(Revoked)
    def _revoked(
        self,
        *,
        certificate_no: str,
        officer_id: UUID,
        reason: str,
        reapply_not_before: date | None,
        decided_by: str,
        accountability_id: UUID | None,
        rules_version: int | None,
        occurred_at: datetime | None,
    ) -> None:
        self._end(CertificateStatus.REVOKED, reason, occurred_at, accountability_id)
        self.reapply_not_before = reapply_not_before

    @event(Cancelled)
    def _cancelled(
        self, certificate_no: str, officer_id: UUID, reason: str, occurred_at: datetime | None = None
    ) -> None:
        self._end(CertificateStatus.CANCELLED, reason, occurred_at)

    @event(Replaced)
    def _replaced(
        self, certificate_no: str, officer_id: UUID, new_no: str, reason: str, occurred_at: datetime | None = None
    ) -> None:
        if self.blocks and self.blocks[-1].status == CertificateStatus.CANCELLED:
            # A lost card already cancelled: the replacement is recorded, the ending stays the loss.
            self.replaced_by = new_no
            return
        self._end(CertificateStatus.REPLACED, reason, occurred_at)
        self.replaced_by = new_no

    @event(SuspensionCarriedOver)
    def _suspension_carried_over(
        self,
        *,
        certificate_no: str,
        officer_id: UUID,
        from_no: str,
        reason: str,
        until: date | None,
        decided_by: str,
        accountability_id: UUID | None,
        suspended_since: datetime,
        occurred_at: datetime | None,
    ) -> None:
        self._suspend_from(occurred_at, reason, until, decided_by, accountability_id)

    @event(ReviewCarriedOver)
    def _review_carried_over(
        self,
        *,
        certificate_no: str,
        officer_id: UUID,
        from_no: str,
        period: str,
        result: str,
        reviewed_at: datetime,
        rules_version: int,
        occurred_at: datetime | None,
    ) -> None:
        self.reviews.append(Review(period, ReviewResult(result), reviewed_at, None, rules_version))
        self.latest_change_at = occurred_at

    @event(Expired)
    def _expired(
        self, certificate_no: str, officer_id: UUID, expires_on: date, occurred_at: datetime | None = None
    ) -> None:
        self.expiry_recorded = True

    def _end(
        self, status: CertificateStatus, reason: str, at: datetime | None, accountability_id: UUID | None = None
    ) -> None:
        assert at is not None
        self.suspensions_at_end = tuple(self.running_suspensions(at))
        # An ending also ends a running suspension: the certificate is no longer merely suspended.
        self.blocks = [
            replace(b, ends_at=at) if b.status == CertificateStatus.SUSPENDED and b.covers(at) else b
            for b in self.blocks
        ]
        self.blocks.append(Block(status, at, None, reason, accountability_id))
        self.latest_change_at = at


def _described(suspension: Block) -> dict[str, Any]:
    """A running suspension as a refusal names it, so the client can name it back."""
    return {
        "reason": suspension.reason,
        "accountability_id": str(suspension.accountability_id) if suspension.accountability_id else None,
        "suspended_since": suspension.starts_at.isoformat(),
        "until": suspension.until.isoformat() if suspension.until is not None else None,
    }
