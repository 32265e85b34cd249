"""Commands on certificates: apply, issue, review, suspend, reinstate, revoke, cancel, replace, and
the scheduler's expiry record."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid4

from eventsourcing.persistence import IntegrityError

from personnel.application.base import PersonnelBase
from personnel.domain.certificate import Certificate
from personnel.domain.certificate_terms import (
    BARRED_FROM_REAPPLYING,
    NOT_IN_FORCE,
    CancellationReason,
    ReplacementReason,
    ReviewResult,
    RevocationReason,
    SuspensionReason,
)
from personnel.domain.common import add_months, bureau_day, business_time, clean_text
from personnel.domain.errors import (
    CertificateAlreadyHeldError,
    CertificateApplicationRequiredError,
    CertificateNumberTakenError,
    IssuedBeforeQualificationError,
    IssuedBeforeTrainingError,
    ReapplicationBarredError,
    TrainingNotAttendedError,
    UnitNotFoundError,
)
from personnel.domain.officer import Officer
from shared.domain import InvalidInputError, get_clock


def normalise_number(certificate_no: str) -> str:
    return certificate_no.strip().upper()


class CertificateCommands(PersonnelBase):
    def apply_for_certificate(
        self, officer_id: UUID, *, training_session_ids: list[UUID], expected_version: int | None = None
    ) -> Officer:
        officer = self.get_officer(officer_id, expected_version)
        now = get_clock().now()
        officer.check_certifiable()
        self._check_may_apply(officer, now)
        sessions = list(dict.fromkeys(training_session_ids))
        for session_id in sessions:
            if officer.id not in self.get_training_session(session_id).attendee_ids:
                raise TrainingNotAttendedError(
                    "the applicant did not attend this training session", session_id=str(session_id)
                )
        officer.apply_for_certificate(application_id=uuid4(), training_session_ids=sessions, at=now)
        self.save(officer)
        return officer

    def _check_none_in_force(self, officer: Officer, at: datetime, message: str, *, other_than: str = "") -> None:
        """One certificate in force at a time."""
        for certificate in self.certificates_of(officer):
            if certificate.certificate_no != other_than and certificate.status_at(at) not in NOT_IN_FORCE:
                raise CertificateAlreadyHeldError(message, certificate_no=certificate.certificate_no)

    def _check_may_apply(self, officer: Officer, now: datetime) -> None:
        self._check_none_in_force(officer, now, "the officer already holds a certificate in force; replace it instead")
        for certificate in self.certificates_of(officer):
            bar = certificate.reapply_not_before
            if bar is not None and bureau_day(now) < bar:
                raise ReapplicationBarredError(
                    "a revoked certificate bars a new application until a date",
                    certificate_no=certificate.certificate_no,
                    reapply_not_before=bar.isoformat(),
                )

    def issue_certificate(
        self,
        *,
        officer_id: UUID,
        certificate_no: str,
        issuer: str,
        kind: str,
        scope_field: str,
        scope_area: str,
        issued_on: date,
        expires_on: date | None = None,
    ) -> Certificate:
        officer = self.get_officer(officer_id)
        officer.check_certifiable()  # a permanent officer with a passed qualification exam
        if officer.open_application is None:
            raise CertificateApplicationRequiredError(
                "a certificate is issued on an open application", missing=["certificate_application"]
            )
        # A lost card may have been replaced since the application.
        self._check_none_in_force(officer, get_clock().now(), "the officer already holds a certificate in force")
        if issued_on > bureau_day(get_clock().now()):
            raise InvalidInputError("a certificate cannot be issued in the future", issued_on=issued_on.isoformat())
        qualified_on = officer.qualified_on()
        if qualified_on is not None and issued_on < qualified_on:
            # Valid from its issue day, it would let the holder enforce before passing the exam.
            raise IssuedBeforeQualificationError(
                "a certificate cannot be issued before its holder passed the qualification exam",
                issued_on=issued_on.isoformat(),
                qualified_on=qualified_on.isoformat(),
            )
        self._check_trained_by(officer, issued_on)
        rules = self.rules_on(issued_on)
        longest = add_months(issued_on, 12 * rules.certificate_validity_years)
        expires = expires_on or longest
        Certificate.check_validity(issued_on, expires)
        if expires > longest:
            raise InvalidInputError(
                f"a certificate issued on this day is valid for at most {rules.certificate_validity_years} years",
                field="expires_on",
                expires_on=expires.isoformat(),
                latest=longest.isoformat(),
                rules_version=rules.version,
            )
        certificate = Certificate(
            certificate_no=normalise_number(certificate_no),
            officer_id=officer_id,
            issuer=issuer,
            kind=kind,
            scope_field=scope_field,
            scope_area=scope_area,
            issued_on=issued_on,
            expires_on=expires,
            review_due_on=add_months(issued_on, rules.review_interval_months),
            rules_version=rules.version,
            application_id=officer.open_application,
            replaces_no=None,
            occurred_at=None,
        )
        officer.link_certificate(certificate.certificate_no, officer.open_application)
        self._save_new(certificate, officer)
        return certificate

    def _check_trained_by(self, officer: Officer, issued_on: date) -> None:
        """The training the application rests on was held by the issue day: a card valid from an
        earlier day would certify the holder before the training it was granted for."""
        sessions = [self.get_training_session(session_id) for session_id in officer.application_training_ids]
        late = [s for s in sessions if bureau_day(s.held_at) > issued_on]
        if late:
            latest = max(late, key=lambda s: s.held_at)
            raise IssuedBeforeTrainingError(
                "a certificate cannot be issued before the training its application names",
                issued_on=issued_on.isoformat(),
                trained_on=bureau_day(latest.held_at).isoformat(),
                session_id=str(latest.id),
            )

    def _save_new(self, certificate: Certificate, *others: Officer | Certificate) -> None:
        try:
            self.save(certificate, *others)
        except IntegrityError:
            raise CertificateNumberTakenError(
                f"certificate number {certificate.certificate_no} has already been issued",
                certificate_no=certificate.certificate_no,
            ) from None

    def review_certificate(
        self,
        certificate_no: str,
        *,
        period: str,
        result: ReviewResult,
        notes: str,
        reviewed_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Certificate:
        certificate = self.get_certificate(certificate_no, expected_version)
        at = business_time(reviewed_at, "reviewed_at")
        rules = self.rules_on(bureau_day(at))
        certificate.review(period=clean_text(period, "period"), result=result, notes=notes, at=at, rules=rules)
        self.save(certificate)
        return certificate

    def suspend_certificate(
        self,
        certificate_no: str,
        *,
        reason: SuspensionReason,
        until: date | None,
        decided_by: str,
        at: datetime | None = None,
        accountability_id: UUID | None = None,
        expected_version: int | None = None,
    ) -> Certificate:
        certificate = self.get_certificate(certificate_no, expected_version)
        certificate.suspend(
            reason=reason,
            at=business_time(at, "at"),
            until=until,
            decided_by=decided_by,
            accountability_id=accountability_id,
        )
        self.save(certificate)
        return certificate

    def reinstate_certificate(
        self,
        certificate_no: str,
        *,
        note: str,
        at: datetime | None = None,
        reason: SuspensionReason | None = None,
        accountability_id: UUID | None = None,
        sanction_revoked: bool = False,
        expected_version: int | None = None,
    ) -> Certificate:
        """`sanction_revoked`: only the consumer of assessment's `SanctionRevokedV1` sets it."""
        certificate = self.get_certificate(certificate_no, expected_version)
        certificate.reinstate(
            note=note,
            at=business_time(at, "at"),
            reason=reason,
            accountability_id=accountability_id,
            sanction_revoked=sanction_revoked,
        )
        self.save(certificate)
        return certificate

    def revoke_certificate(
        self,
        certificate_no: str,
        *,
        reason: RevocationReason,
        decided_by: str,
        at: datetime | None = None,
        reapply_not_before: date | None = None,
        accountability_id: UUID | None = None,
        expected_version: int | None = None,
    ) -> Certificate:
        certificate = self.get_certificate(certificate_no, expected_version)
        instant = business_time(at, "at")
        rules_version: int | None = None
        if reason in BARRED_FROM_REAPPLYING:
            rules = self.rules_on(bureau_day(instant))
            bar = add_months(bureau_day(instant), 12 * rules.reapply_bar_years)
            if reapply_not_before is not None and reapply_not_before < bar:
                # A later day is a harsher decision; an earlier one would lift the bar the rules impose.
                raise InvalidInputError(
                    f"revoked as {reason.value}, a card bars reapplying for {rules.reapply_bar_years} years",
                    field="reapply_not_before",
                    reapply_not_before=reapply_not_before.isoformat(),
                    earliest=bar.isoformat(),
                    rules_version=rules.version,
                )
            if reapply_not_before is None:
                reapply_not_before, rules_version = bar, rules.version
        certificate.revoke(
            reason=reason,
            at=instant,
            reapply_not_before=reapply_not_before,
            decided_by=decided_by,
            accountability_id=accountability_id,
            rules_version=rules_version,
        )
        self.save(certificate)
        return certificate

    def cancel_certificate(
        self,
        certificate_no: str,
        *,
        reason: CancellationReason,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Certificate:
        certificate = self.get_certificate(certificate_no, expected_version)
        certificate.cancel(reason=reason, at=business_time(at, "at"))
        self.save(certificate)
        return certificate

    def replace_certificate(
        self,
        certificate_no: str,
        *,
        new_no: str,
        reason: ReplacementReason,
        at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Certificate:
        """The old certificate ends as replaced; the new one, for the same holder and scope, is returned.

        A periodic renewal gets a fresh validity and review cycle; a card replaced because it was lost,
        damaged or its details changed keeps the old expiry and review date. Either way the new card is
        valid from the instant of the replacement and continues the old card's standing, so replacing
        never changes whether the officer may enforce: a review already overdue stays overdue, and a
        running suspensions and a failed latest review are carried over (`Certificate.continue_standing`).

        Carrying over rather than refusing the replacement: a suspended card cancelled as lost can be
        neither reinstated nor reviewed, so a refusal would leave the officer without any card once the
        suspension is lifted or a review passes. Carried over, the suspension runs to its decided end
        day (or is lifted by reinstating the new card) and a review of the new card clears the failed
        one — as a bureau that reissues a lost card still withholds it while the sanction runs. The
        carried-over periods start at the replacement instant, so no earlier instant reads differently.
        """
        old = self.get_certificate(certificate_no, expected_version)
        instant = business_time(at, "at")
        number = normalise_number(new_no)
        handover = old.handover(instant)
        old.replace_with(new_no=number, reason=reason, at=instant)
        officer = self.get_officer(old.officer_id)
        officer.check_in_service()  # no new card for one who has left the bureau
        # A card cancelled as lost, its holder since certified anew: a replacement would be a second card.
        self._check_none_in_force(
            officer, instant, "the holder has another certificate in force", other_than=old.certificate_no
        )
        day = bureau_day(instant)
        rules = self.rules_on(day)
        review_due = old.review_due_at(instant)
        if reason == ReplacementReason.PERIODIC_RENEWAL:
            expires = add_months(day, 12 * rules.certificate_validity_years)
            if review_due is None or day < review_due:  # a renewal does not clear a review already overdue
                review_due = add_months(day, rules.review_interval_months)
        else:
            expires = old.expires_on
        new = Certificate(
            certificate_no=number,
            officer_id=old.officer_id,
            issuer=old.issuer,
            kind=old.kind,
            scope_field=old.scope_field,
            scope_area=old.scope_area,
            issued_on=day,
            expires_on=expires,
            review_due_on=review_due,
            rules_version=rules.version,
            application_id=None,
            replaces_no=old.certificate_no,
            occurred_at=instant,
        )
        Certificate.check_validity(new.issued_on, new.expires_on)
        new.continue_standing(handover, from_no=old.certificate_no)
        officer.link_certificate(number, None)
        self._save_new(new, old, officer)
        return new

    def record_certificate_expiry(self, certificate_no: str) -> Certificate | None:
        """The scheduler's command: records the expiry once; None when there was nothing to record."""
        certificate = self.get_certificate(certificate_no)
        if not certificate.record_expiry():
            return None
        self.save(certificate)
        return certificate

    def check_certificate(self, certificate_no: str) -> dict[str, object]:
        """What the public may learn of a certificate shown in the field (亮证执法), nothing more:
        valid now (the certificate usable and its holder not removed from the enforcement post)."""
        certificate = self.get_certificate(certificate_no)
        officer = self.get_officer(certificate.officer_id)
        now = get_clock().now()
        try:
            unit_name: str | None = self.get_unit(officer.unit_id).name
        except UnitNotFoundError:
            unit_name = None
        return {
            "certificate_no": certificate.certificate_no,
            "valid": certificate.unusable_reason(now) is None and officer.removed_at(now) is None,
            "holder_name": officer.name,
            "unit_id": officer.unit_id,
            "unit_name": unit_name,
            "expires_on": certificate.expires_on,
        }

    def certificate_history(self, certificate_no: str) -> list[object]:
        return self.stored_events(self.get_certificate(certificate_no).id)
