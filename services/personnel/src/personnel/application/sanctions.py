"""Sanctions decided by fault accountability, taking effect on certificates and posts.

Assessment decides a sanction (DOMAIN §3.2) and publishes it; personnel applies it with this one
command, referenced by the accountability matter's id. Services talk through events, so the
intended caller is personnel's own consumer of assessment's sanction event (a redelivery or a replay
of that event calls this command again): the command is therefore idempotent per matter and
sanction type — a second call for a sanction already applied records nothing and answers the aggregate
as it is, while another type of sanction under the same reference (a revocation after a suspension of
the same matter) takes effect. Assessment's consumer references each sanction by its own id; the
legal-affairs section (or a `system` caller) may record the same command through the API, where the
reference may be the matter's.

A sanction decided to take effect later is recorded on the officer when decided
(`Officer.SanctionScheduled`) and applied by the scheduler when its instant comes, at that instant;
a revocation before then cancels it. Nothing of it changes the officer's standing before then.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate

from personnel.application.base import PersonnelBase
from personnel.domain.certificate import Certificate
from personnel.domain.certificate_terms import Block, CertificateStatus, RevocationReason, SuspensionReason
from personnel.domain.common import business_time, checked_instant
from personnel.domain.errors import NoCertificateToSanctionError
from personnel.domain.officer import Officer
from personnel.domain.officer_records import RemovalReason
from personnel.domain.standing import ENFORCEMENT
from shared.domain import DomainError, InvalidInputError, get_clock

# The scheduled job that applies sanctions when they fall due; its name is the actor of what it records.
SANCTIONS_JOB = "scheduled-sanctions"

SANCTIONABLE = frozenset({CertificateStatus.ACTIVE, CertificateStatus.REVIEW_DUE, CertificateStatus.SUSPENDED})


class SanctionType(StrEnum):
    CERTIFICATE_SUSPENSION = "certificate_suspension"  # tier 2: 暂扣执法证
    REMOVED_FROM_ENFORCEMENT_POST = "removed_from_enforcement_post"  # tier 3: 调离执法岗位
    CERTIFICATE_REVOKED = "certificate_revoked"  # tier 3: 吊销/收回执法证
    QUALIFICATION_CANCELLED = "qualification_cancelled"  # tier 3: 取消执法资格


# What a sanction does to a certificate; a revocation and a cancelled qualification both revoke it.
SUSPENSION = CertificateStatus.SUSPENDED
REVOCATION = CertificateStatus.REVOKED


def applied(block: Block, accountability_id: UUID, effect: CertificateStatus) -> bool:
    """Whether `block` is the effect of this reference's sanction of this kind (so it is not repeated)."""
    return block.accountability_id == accountability_id and block.status == effect


class SanctionCommands(PersonnelBase):
    def apply_sanction(
        self,
        *,
        accountability_id: UUID,
        officer_id: UUID,
        sanction_type: SanctionType,
        decided_by: str,
        effective_at: datetime | None = None,
        until: date | None = None,
        certificate_no: str | None = None,
        decided_at: datetime | None = None,
    ) -> Aggregate:
        """Apply a sanction, or record it as scheduled when it takes effect after `decided_at` (the
        instant the sanction was decided; default now). Assessment's consumer passes its event's
        recorded time, so that whether a sanction was scheduled never depends on when it is applied."""
        if sanction_type == SanctionType.CERTIFICATE_SUSPENSION and until is None:
            raise InvalidInputError("a suspension as a sanction states when it ends", field="until")
        officer = self.get_officer(officer_id)
        now = checked_instant(decided_at, "decided_at") if decided_at is not None else get_clock().now()
        if effective_at is not None and checked_instant(effective_at, "effective_at") > now:
            return self._schedule(
                officer,
                accountability_id=accountability_id,
                sanction_type=sanction_type,
                decided_by=decided_by,
                effective_at=effective_at,
                until=until,
                certificate_no=certificate_no,
                now=now,
            )
        scheduled = officer.scheduled_sanction(accountability_id, sanction_type)
        if scheduled is not None and not scheduled.pending:
            return officer  # cancelled before it took effect: a redelivery or a rebuild does not revive it
        at = business_time(effective_at, "effective_at")
        if sanction_type == SanctionType.REMOVED_FROM_ENFORCEMENT_POST:
            if any(removal.accountability_id == accountability_id for removal in officer.removals):
                return officer
            officer.remove_from_enforcement_post(
                reason=RemovalReason.ACCOUNTABILITY,
                note=f"sanction of accountability matter {accountability_id}",
                decided_by=decided_by,
                at=at,
                accountability_id=accountability_id,
            )
            officer.mark_scheduled_sanction_applied(accountability_id, sanction_type)
            self.save(officer)
            return officer
        held = [self.get_certificate(number) for number in officer.certificate_nos]
        effect = SUSPENSION if sanction_type == SanctionType.CERTIFICATE_SUSPENSION else REVOCATION
        already = [c for c in held if any(applied(b, accountability_id, effect) for b in c.blocks)]
        if already:
            return already[0]
        certificates = self._targets(held, certificate_no, officer_id, at)
        for certificate in certificates:
            if sanction_type == SanctionType.CERTIFICATE_SUSPENSION:
                certificate.suspend(
                    reason=SuspensionReason.ACCOUNTABILITY_SANCTION,
                    at=at,
                    until=until,
                    decided_by=decided_by,
                    accountability_id=accountability_id,
                )
            else:
                certificate.revoke(
                    reason=RevocationReason.SERIOUS_FAULT,
                    at=at,
                    reapply_not_before=None,
                    decided_by=decided_by,
                    accountability_id=accountability_id,
                )
        officer.mark_scheduled_sanction_applied(accountability_id, sanction_type)
        self.save(*certificates, officer)  # one transaction: the effect and the schedule it fulfils
        return certificates[0]

    def apply_scheduled_sanction(self, officer_id: UUID, accountability_id: UUID, sanction_type: str) -> bool:
        """Apply a scheduled sanction whose time has come, at the instant it was decided to take
        effect; if the rules now refuse it, cancel it with the refusal's code for legal affairs to
        handle. Answers whether anything was recorded (nothing for one applied or cancelled before)."""
        officer = self.get_officer(officer_id)
        scheduled = officer.scheduled_sanction(accountability_id, sanction_type)
        if scheduled is None or not scheduled.pending or scheduled.takes_effect_at > get_clock().now():
            return False
        try:
            self.apply_sanction(
                accountability_id=accountability_id,
                officer_id=officer_id,
                sanction_type=SanctionType(sanction_type),
                decided_by=scheduled.decided_by,
                effective_at=scheduled.takes_effect_at,
                until=scheduled.until,
                certificate_no=scheduled.certificate_no,
            )
        except DomainError as refused:
            officer = self.get_officer(officer_id)
            officer.cancel_scheduled_sanction(
                accountability_id, sanction_type, cancellation=f"refused:{refused.code}", at=get_clock().now()
            )
            self.save(officer)
        return True

    def cancel_scheduled_sanctions(self, officer_id: UUID, accountability_id: UUID, *, reason: str) -> int:
        """Withdraw every sanction of a matter still waiting to take effect (the sanction was revoked)."""
        officer = self.get_officer(officer_id)
        pending = officer.pending_sanctions(accountability_id)
        for scheduled in pending:
            officer.cancel_scheduled_sanction(
                accountability_id, scheduled.sanction_type, cancellation=reason, at=get_clock().now()
            )
        if pending:
            self.save(officer)
        return len(pending)

    def _schedule(
        self,
        officer: Officer,
        *,
        accountability_id: UUID,
        sanction_type: SanctionType,
        decided_by: str,
        effective_at: datetime,
        until: date | None,
        certificate_no: str | None,
        now: datetime,
    ) -> Aggregate:
        if officer.scheduled_sanction(accountability_id, sanction_type) is not None:
            return officer  # scheduled already: a redelivery records nothing
        removes = sanction_type == SanctionType.REMOVED_FROM_ENFORCEMENT_POST
        if not removes:
            # Refuse now what would certainly be refused when due: no certificate to act upon.
            self._targets([self.get_certificate(n) for n in officer.certificate_nos], certificate_no, officer.id, now)
        officer.schedule_sanction(
            accountability_id=accountability_id,
            sanction_type=sanction_type.value,
            takes_effect_at=effective_at,
            until=until,
            certificate_no=certificate_no,
            decided_by=decided_by,
            removes_from_post=removes,
            at=now,
        )
        self.save(officer)
        return officer

    def _targets(
        self, held: list[Certificate], certificate_no: str | None, officer_id: UUID, at: datetime
    ) -> list[Certificate]:
        """The named certificate, or every enforcement certificate of the officer in force at `at`."""
        if certificate_no is not None:
            named = [c for c in held if c.certificate_no == certificate_no.strip().upper()]
            if not named:
                raise InvalidInputError(
                    "the officer holds no certificate with this number", certificate_no=certificate_no
                )
            # A card replaced by the time the sanction takes effect: it falls on the card that replaced it.
            by_number, target = {c.certificate_no: c for c in held}, named[0]
            while target.replaced_by in by_number and target.status_at(at) not in SANCTIONABLE:
                target = by_number[str(target.replaced_by)]
            return [target]
        in_force = [c for c in held if c.kind == ENFORCEMENT and c.status_at(at) in SANCTIONABLE]
        if not in_force:
            raise NoCertificateToSanctionError(
                "the officer holds no enforcement certificate in force", officer_id=str(officer_id)
            )
        return in_force
