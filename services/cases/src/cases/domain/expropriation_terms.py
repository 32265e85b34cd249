"""Terms of land expropriation and supply under the "three no" principle (DOMAIN.md §7)."""

from __future__ import annotations

from enum import StrEnum

from shared.domain import DomainError, NotFoundError


class PlanZone(StrEnum):
    """Zones of the land-use master plan (土地利用总体规划) for construction."""

    ALLOWED = "allowed"
    CONDITIONAL = "conditional"
    RESTRICTED = "restricted"
    PROHIBITED = "prohibited"


CONSTRUCTION_ZONES = frozenset({PlanZone.ALLOWED, PlanZone.CONDITIONAL})


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class GrievanceType(StrEnum):
    PETITION = "petition"  # 信访
    OBJECTION = "objection"
    RECONSIDERATION = "reconsideration"  # 复议
    LITIGATION = "litigation"  # 诉讼


# The "three none" (三无): no petitions, reconsiderations or lawsuits caused by compensation.
THREE_NONE_TYPES = (GrievanceType.PETITION, GrievanceType.RECONSIDERATION, GrievanceType.LITIGATION)


class GrievanceCause(StrEnum):
    COMPENSATION = "compensation"
    PROCEDURE = "procedure"
    OTHER = "other"


class PaymentItem(StrEnum):
    LAND_COMPENSATION = "land_compensation"
    RESETTLEMENT_SUBSIDY = "resettlement_subsidy"
    ATTACHMENTS_CROPS = "attachments_crops"
    SOCIAL_SECURITY = "social_security"  # deposited to the farmers' social-security fund


class ResettlementKind(StrEnum):
    HOUSING = "housing"
    PLOT = "plot"
    MONETARY = "monetary"


class ApproverLevel(StrEnum):
    STATE_COUNCIL = "state_council"
    PROVINCE = "province"


class SupplyMode(StrEnum):
    TRANSFER_AUCTION = "transfer_auction"  # 出让, 拍卖
    TRANSFER_LISTING = "transfer_listing"  # 出让, 挂牌
    ALLOCATION = "allocation"  # 划拨


class Gate(StrEnum):
    PLAN_CONFORMITY = "plan_conformity"  # 不上报
    GRIEVANCE_RESOLVED = "grievance_resolved"  # 不报批
    COMPENSATION_FULFILLED = "compensation_fulfilled"  # 不供地


class ExpropriationProjectNotFoundError(NotFoundError):
    code = "expropriation_project_not_found"


class GrievanceNotFoundError(NotFoundError):
    code = "grievance_not_found"


class GateBlockedError(DomainError):
    """A "three no" gate refuses the step; `details.failed_checks` names every check that failed."""

    code = "three_no_gate_blocked"


class ProjectStepError(DomainError):
    """A step out of order (`details.missing` names what has to come first)."""

    code = "expropriation_step_out_of_order"


class AnnouncementTooShortError(DomainError):
    code = "announcement_too_short"


class HearingRequestLateError(DomainError):
    code = "hearing_request_late"


class ClaimNotRegisteredError(DomainError):
    code = "compensation_claim_not_registered"


class AgreementAlreadySignedError(DomainError):
    code = "compensation_agreement_already_signed"


class PayeeWithoutAgreementError(DomainError):
    code = "payee_without_agreement"


class GrievanceAlreadyResolvedError(DomainError):
    code = "grievance_already_resolved"


class ParcelAlreadySuppliedError(DomainError):
    code = "parcel_already_supplied"


class FarmlandBalanceClosedError(DomainError):
    code = "farmland_balance_year_closed"


class FarmlandBalanceNotFoundError(NotFoundError):
    code = "farmland_balance_not_found"
