"""Commands on officers: enrolment, unit, post, transfer, removal from and restoration to the
enforcement post, leaving the bureau, duties; and the query `standing` (can the officer enforce at
an instant)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from personnel.application.sanctions import SANCTIONS_JOB, SanctionCommands
from personnel.domain.certificate import Certificate
from personnel.domain.certificate_terms import ENDED, CancellationReason, CertificateStatus
from personnel.domain.common import StaffKind, business_time, checked_instant, clean_text
from personnel.domain.errors import PowerItemNotFoundError
from personnel.domain.officer import Officer
from personnel.domain.officer_records import DepartureReason, Post, PostRank, RemovalReason
from personnel.domain.powers import PowerItem
from personnel.domain.standing import ENFORCEMENT, Standing, can_enforce
from shared.application import as_the_scheduler_first
from shared.domain import DomainError, InvalidInputError, get_clock
from shared.domain.access import ensure_unit_scope

WITHDRAWN_ALREADY = ENDED | {CertificateStatus.EXPIRED}
CARD_WITHDRAWN_AS = {
    DepartureReason.RETIRED: CancellationReason.RETIRED,
    DepartureReason.RESIGNED: CancellationReason.RESIGNED,
    DepartureReason.TRANSFERRED_OUT: CancellationReason.TRANSFERRED,
}


class OfficerCommands(SanctionCommands):  # a departure settles the sanctions due before it
    def enroll_officer(self, *, name: str, unit_id: str, staff_kind: StaffKind) -> Officer:
        valid_name = Officer.validate_name(name)
        self.require_unit(unit_id)
        officer = Officer(name=valid_name, unit_id=unit_id, staff_kind=staff_kind.value)
        self.save(officer)
        return officer

    def assign_unit(
        self,
        officer_id: UUID,
        *,
        unit_id: str,
        reason: str,
        decided_by: str,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Officer:
        officer = self.get_officer(officer_id, expected_version)
        self.require_unit(unit_id)
        officer.assign_unit(
            unit_id, reason=clean_text(reason, "reason"), decided_by=decided_by, at=business_time(at, "at")
        )
        self.save(officer)
        return officer

    def assign_post(
        self,
        officer_id: UUID,
        *,
        title: str,
        rank: PostRank,
        enforcement: bool,
        reason: str,
        decided_by: str,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Officer:
        officer = self.get_officer(officer_id, expected_version)
        post = Post(clean_text(title, "title"), rank, enforcement)
        officer.assign_post(
            post, reason=clean_text(reason, "reason"), decided_by=decided_by, at=business_time(at, "at")
        )
        self.save(officer)
        return officer

    def transfer_officer(
        self,
        officer_id: UUID,
        *,
        title: str,
        rank: PostRank,
        enforcement: bool,
        unit_id: str | None,
        reason: str,
        decided_by: str,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Officer:
        officer = self.get_officer(officer_id, expected_version)
        if unit_id is not None:
            self.require_unit(unit_id)
        post = Post(clean_text(title, "title"), rank, enforcement)
        instant = business_time(at, "at")
        leaves_enforcement = officer.post is not None and officer.post.enforcement and not post.enforcement
        officer.transfer(post, unit_id, reason=clean_text(reason, "reason"), decided_by=decided_by, at=instant)
        withdrawn = (
            self._withdraw_certificates(officer, instant, CancellationReason.TRANSFERRED, "transfer")
            if leaves_enforcement
            else []
        )
        # One transaction: the transfer is never recorded with the card still in the officer's hands.
        self.save(officer, *withdrawn)
        return officer

    def record_departure(
        self,
        officer_id: UUID,
        *,
        reason: DepartureReason,
        note: str,
        decided_by: str,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Officer:
        """The officer leaves the bureau; every enforcement card still in force is withdrawn at that
        instant, in the same transaction (DOMAIN §2.1: 收回 / 注销 on retirement or leaving).

        A sanction that was due to take effect before the departure, and that the scheduler has not
        applied yet, takes effect first, at its own instant, as the scheduler would have applied it:
        the officer's history then shows it (and `can_enforce` answers for the days between), rather
        than the departure cancelling it. A sanction due after the departure is cancelled with it."""
        officer = self.get_officer(officer_id, expected_version)
        instant = business_time(at, "at")
        note, decided_by = note.strip(), clean_text(decided_by, "decided_by")

        def depart(officer: Officer) -> list[Certificate]:
            officer.leave(reason=reason, note=note, decided_by=decided_by, at=instant)
            return self._withdraw_certificates(officer, instant, CARD_WITHDRAWN_AS[reason], "departure")

        due = sorted(
            (s for s in officer.pending_sanctions() if s.takes_effect_at <= instant), key=lambda s: s.takes_effect_at
        )
        withdrawn = depart(officer)
        if due:
            # The departure above was checked on the officer as loaded and is dropped unsaved, so a
            # refused departure writes nothing; it is made again on the officer the sanctions changed.
            with as_the_scheduler_first(SANCTIONS_JOB):
                for scheduled in due:
                    self.apply_scheduled_sanction(officer_id, scheduled.accountability_id, scheduled.sanction_type)
            officer = self.get_officer(officer_id)
            withdrawn = depart(officer)
        self.save(officer, *withdrawn)
        return officer

    def _withdraw_certificates(
        self, officer: Officer, at: datetime, reason: CancellationReason, because: str
    ) -> list[Certificate]:
        """An officer moved off the enforcement post, or leaving the bureau, hands in the enforcement
        card (收回 / 注销, DOMAIN §2.1): each one not already ended or expired is cancelled for `reason`
        at that instant. A card changed after the instant refuses the whole command (`record_out_of_order`)."""
        withdrawn = []
        for certificate in self.certificates_of(officer):
            if certificate.kind != ENFORCEMENT or certificate.status_at(at) in WITHDRAWN_ALREADY:
                continue
            try:
                certificate.cancel(reason=reason, at=at)
            except DomainError as refused:
                refused.details["certificate_no"] = certificate.certificate_no
                refused.message = (
                    f"the {because} withdraws certificate {certificate.certificate_no}, but {refused.message}"
                )
                raise
            withdrawn.append(certificate)
        return withdrawn

    def remove_from_enforcement_post(
        self,
        officer_id: UUID,
        *,
        reason: RemovalReason,
        note: str,
        decided_by: str,
        at: datetime | None = None,
        accountability_id: UUID | None = None,
        expected_version: int | None = None,
    ) -> Officer:
        if reason == RemovalReason.EXAM_FAILED_TWICE:
            raise InvalidInputError("a removal for a twice-failed exam is recorded by the exam itself", field="reason")
        officer = self.get_officer(officer_id, expected_version)
        officer.remove_from_enforcement_post(
            reason=reason,
            note=note,
            decided_by=decided_by,
            at=business_time(at, "at"),
            accountability_id=accountability_id,
        )
        self.save(officer)
        return officer

    def restore_to_enforcement_post(
        self,
        officer_id: UUID,
        *,
        reason: str,
        decided_by: str,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Officer:
        officer = self.get_officer(officer_id, expected_version)
        officer.restore_to_enforcement_post(
            reason=clean_text(reason, "reason"), decided_by=decided_by, at=business_time(at, "at")
        )
        self.save(officer)
        return officer

    def assign_duty(
        self,
        officer_id: UUID,
        *,
        power_ids: list[UUID],
        standards: str,
        scope: str,
        responsibility: str,
        expected_version: int | None = None,
    ) -> Officer:
        officer = self.get_officer(officer_id, expected_version)
        ensure_unit_scope(officer.unit_id)  # a unit head breaks duties down to the officers of the unit
        unknown = [str(power_id) for power_id in power_ids if not self._power_exists(power_id)]
        if unknown:
            raise PowerItemNotFoundError("duties name power items that are not on the power list", unknown=unknown)
        officer.assign_duty(
            power_ids=list(dict.fromkeys(power_ids)),
            standards=standards,
            scope=scope,
            responsibility=responsibility,
            at=get_clock().now(),
        )
        self.save(officer)
        return officer

    def _power_exists(self, power_id: UUID) -> bool:
        try:
            self.load(power_id, PowerItem, PowerItemNotFoundError)
        except PowerItemNotFoundError:
            return False
        return True

    def standing(self, officer_id: UUID, at: datetime | None = None, scope_field: str = "land_resources") -> Standing:
        """Whether the officer could enforce at `at` (default now), answered from the full histories."""
        officer = self.get_officer(officer_id)
        instant = checked_instant(at, "at") if at is not None else get_clock().now()
        return can_enforce(officer, self.certificates_of(officer), instant, scope_field)

    def officer_history(self, officer_id: UUID) -> list[Any]:
        self.get_officer(officer_id)
        return self.stored_events(officer_id)
