"""Certificates, as public events."""

from __future__ import annotations

from personnel.domain.certificate import Certificate
from personnel.integration.base import to_integration_event
from shared.contracts import IntegrationEvent
from shared.contracts.personnel import (
    CertificateCancelledV1,
    CertificateExpiredV1,
    CertificateIssuedV1,
    CertificateReinstatedV1,
    CertificateReplacedV1,
    CertificateReviewedV1,
    CertificateRevokedV1,
    CertificateSuspendedV1,
)


@to_integration_event.register
def _(e: Certificate.Issued) -> IntegrationEvent:
    return CertificateIssuedV1(
        certificate_id=e.originator_id,
        certificate_no=e.certificate_no,
        officer_id=e.officer_id,
        issuer=e.issuer,
        kind=e.kind,
        scope_field=e.scope_field,
        scope_area=e.scope_area,
        issued_on=e.issued_on,
        expires_on=e.expires_on,
        issued_at=e.occurred_at,
        review_due_on=e.review_due_on,
        replaces_no=e.replaces_no,
    )


@to_integration_event.register
def _(e: Certificate.Reviewed) -> IntegrationEvent:
    return CertificateReviewedV1(
        certificate_id=e.originator_id,
        certificate_no=e.certificate_no,
        officer_id=e.officer_id,
        period=e.period,
        result=e.result,
        reviewed_at=e.occurred_at,
        next_review_due_on=e.next_review_due_on,
        notes=e.notes,
        rules_version=e.rules_version,
    )


@to_integration_event.register
def _(e: Certificate.Suspended | Certificate.SuspensionCarriedOver) -> IntegrationEvent:
    # A suspension carried over to a replacement card is, to every consumer, a suspension of that
    # card from the replacement instant.
    return CertificateSuspendedV1(
        certificate_id=e.originator_id,
        certificate_no=e.certificate_no,
        officer_id=e.officer_id,
        reason=e.reason,
        suspended_from=e.occurred_at,
        until=e.until,
        decided_by=e.decided_by,
        accountability_id=e.accountability_id,
    )


@to_integration_event.register
def _(e: Certificate.ReviewCarriedOver) -> IntegrationEvent:
    # To every consumer, the replacement card's latest review: the old card's, failed.
    return CertificateReviewedV1(
        certificate_id=e.originator_id,
        certificate_no=e.certificate_no,
        officer_id=e.officer_id,
        period=e.period,
        result=e.result,
        reviewed_at=e.reviewed_at,
        next_review_due_on=None,
        notes=f"carried over from certificate {e.from_no}",
        rules_version=e.rules_version,
    )


@to_integration_event.register
def _(e: Certificate.Reinstated) -> IntegrationEvent:
    return CertificateReinstatedV1(
        certificate_id=e.originator_id,
        certificate_no=e.certificate_no,
        officer_id=e.officer_id,
        reinstated_at=e.occurred_at,
        note=e.note,
        suspension_reason=e.reason,
        accountability_id=e.accountability_id,
    )


@to_integration_event.register
def _(e: Certificate.Revoked) -> IntegrationEvent:
    return CertificateRevokedV1(
        certificate_id=e.originator_id,
        certificate_no=e.certificate_no,
        officer_id=e.officer_id,
        reason=e.reason,
        revoked_at=e.occurred_at,
        reapply_not_before=e.reapply_not_before,
        decided_by=e.decided_by,
        accountability_id=e.accountability_id,
        rules_version=e.rules_version,
    )


@to_integration_event.register
def _(e: Certificate.Cancelled) -> IntegrationEvent:
    return CertificateCancelledV1(
        certificate_id=e.originator_id,
        certificate_no=e.certificate_no,
        officer_id=e.officer_id,
        reason=e.reason,
        cancelled_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: Certificate.Replaced) -> IntegrationEvent:
    return CertificateReplacedV1(
        certificate_id=e.originator_id,
        old_no=e.certificate_no,
        new_no=e.new_no,
        officer_id=e.officer_id,
        reason=e.reason,
        replaced_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: Certificate.Expired) -> IntegrationEvent:
    return CertificateExpiredV1(
        certificate_id=e.originator_id,
        certificate_no=e.certificate_no,
        officer_id=e.officer_id,
        expires_on=e.expires_on,
        expired_at=e.occurred_at,
    )
