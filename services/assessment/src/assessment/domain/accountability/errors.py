"""The refusals of fault accountability, each with a stable code (409 unless said)."""

from __future__ import annotations

from shared.domain import DomainError, NotFoundError


class MatterNotFoundError(NotFoundError):
    code = "matter_not_found"


class SanctionNotFoundError(NotFoundError):
    code = "sanction_not_found"


class MatterAlreadyRaisedError(DomainError):
    code = "matter_already_raised"


class MatterClosedError(DomainError):
    code = "matter_closed"


class InvestigationNotOpenedError(DomainError):
    code = "investigation_not_opened"


class InvestigationAlreadyOpenedError(DomainError):
    code = "investigation_already_opened"


class ResponsibilitySharesConflictError(DomainError):
    code = "responsibility_shares_conflict"


class OfficerNotInMatterError(DomainError):
    code = "officer_not_in_matter"


class ExemptionRequiresGroundError(DomainError):
    code = "exemption_requires_ground"


class GroundDoesNotMitigateError(DomainError):
    code = "ground_does_not_mitigate"


class SanctionOutsideTierError(DomainError):
    code = "sanction_outside_tier"


class ResponsibilityNotDeterminedError(DomainError):
    code = "responsibility_not_determined"


class OfficerExemptedError(DomainError):
    code = "officer_exempted"


class AppealPeriodExpiredError(DomainError):
    code = "appeal_period_expired"


class SanctionAlreadyAppealedError(DomainError):
    code = "sanction_already_appealed"


class SanctionRevokedError(DomainError):
    code = "sanction_revoked"


class NoAppealPendingError(DomainError):
    code = "no_appeal_pending"


class AppealPendingError(DomainError):
    code = "appeal_pending"


class AppealWindowOpenError(DomainError):
    code = "appeal_window_open"


class SanctionInForceError(DomainError):
    code = "sanction_in_force"
