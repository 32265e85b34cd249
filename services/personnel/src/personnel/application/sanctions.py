"""Sanctions decided by fault accountability, taking effect on certificates and posts.

Assessment decides a sanction (DOMAIN §3.2) and publishes it; personnel applies it with this one
command, referenced by the accountability matter's id. Services talk through events, so the
intended caller is personnel's own consumer of assessment's sanction event (a redelivery or a replay
of that event calls this command again): the command is therefore idempotent per matter — a second
call for a matter already applied records nothing and answers the aggregate as it is. Until that
event's contract exists, the legal-affairs section (or a `system` caller) records the same command
through the API.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate

from personnel.application.base import PersonnelBase
from personnel.domain.certificate import Certificate
from personnel.domain.certificate_terms import CertificateStatus, RevocationReason, SuspensionReason
from personnel.domain.common import business_time
from personnel.domain.errors import NoCertificateToSanctionError
from personnel.domain.officer_records import RemovalReason
from personnel.domain.standing import ENFORCEMENT
from shared.domain import InvalidInputError

SANCTIONABLE = frozenset({CertificateStatus.ACTIVE, CertificateStatus.REVIEW_DUE, CertificateStatus.SUSPENDED})


class SanctionType(StrEnum):
    CERTIFICATE_SUSPENSION = "certificate_suspension"  # tier 2: 暂扣执法证
    REMOVED_FROM_ENFORCEMENT_POST = "removed_from_enforcement_post"  # tier 3: 调离执法岗位
    CERTIFICATE_REVOKED = "certificate_revoked"  # tier 3: 吊销/收回执法证
    QUALIFICATION_CANCELLED = "qualification_cancelled"  # tier 3: 取消执法资格


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
    ) -> Aggregate:
        if sanction_type == SanctionType.CERTIFICATE_SUSPENSION and until is None:
            raise InvalidInputError("a suspension as a sanction states when it ends", field="until")
        officer = self.get_officer(officer_id)
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
            self.save(officer)
            return officer
        held = [self.get_certificate(number) for number in officer.certificate_nos]
        already = [c for c in held if any(b.accountability_id == accountability_id for b in c.blocks)]
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
        self.save(*certificates)
        return certificates[0]

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
            return named
        in_force = [c for c in held if c.kind == ENFORCEMENT and c.status_at(at) in SANCTIONABLE]
        if not in_force:
            raise NoCertificateToSanctionError(
                "the officer holds no enforcement certificate in force", officer_id=str(officer_id)
            )
        return in_force
