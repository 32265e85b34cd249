"""Terms of satellite-imagery enforcement inspection (卫片执法检查), DOMAIN.md §6: sources, patch
classes (§6.2), rectification methods, and the refusals of the area."""

from __future__ import annotations

from enum import StrEnum

from shared.domain import DomainError, NotFoundError


class BatchSource(StrEnum):
    MINISTRY = "ministry"
    PROVINCE = "province"
    SUPPLEMENTARY = "supplementary"  # year-end patches from the land-change survey


class PatchClass(StrEnum):
    LEGAL_APPROVED = "legal_approved"
    ILLEGAL = "illegal"
    FACILITY_AGRICULTURAL = "facility_agricultural"  # 设施农用地, filed
    TEMPORARY_USE = "temporary_use"  # 临时用地, approved
    RURAL_ROAD_OR_DITCH = "rural_road_or_ditch"
    FALSE_CHANGE = "false_change"  # 伪变化: cloud, crop change
    EARTH_MOVING_NOT_BUILT = "earth_moving_not_built"  # 推填土未建设
    OTHER = "other"


# Classes that rest on documents (an approval, a filing): the classification must cite them.
CLASSES_NEEDING_BASIS = frozenset(
    {PatchClass.LEGAL_APPROVED, PatchClass.FACILITY_AGRICULTURAL, PatchClass.TEMPORARY_USE}
)


class IllegalKind(StrEnum):
    ILLEGAL_OCCUPATION = "illegal_occupation"  # built without approval
    ILLEGAL_APPROVAL = "illegal_approval"  # approved unlawfully


class RectificationMethod(StrEnum):
    DEMOLISHED_RESTORED = "demolished_restored"  # 拆除复耕
    CONFISCATED = "confiscated"  # 没收
    APPROVAL_AFTER_PENALTY = "approval_after_penalty"  # 依法处罚后补办
    OTHER = "other"


class InterviewLevel(StrEnum):
    COUNTY = "county"
    TOWNSHIP = "township"


class SatelliteBatchNotFoundError(NotFoundError):
    code = "satellite_batch_not_found"


class SatellitePatchNotFoundError(NotFoundError):
    code = "satellite_patch_not_found"


class SatelliteInspectionNotFoundError(NotFoundError):
    code = "satellite_inspection_not_found"


class SatelliteRankingNotFoundError(NotFoundError):
    code = "satellite_ranking_not_found"


class PatchAlreadyRegisteredError(DomainError):
    code = "patch_already_registered"


class BatchOverfilledError(DomainError):
    code = "batch_patch_count_exceeded"


class PatchStepError(DomainError):
    """A patch step out of order (`details.missing` names the step that has to come first)."""

    code = "patch_step_out_of_order"


class PatchAlreadyReportedError(DomainError):
    code = "patch_already_reported"


class PatchNotIllegalError(DomainError):
    code = "patch_not_illegal"


class ClassificationBasisMissingError(DomainError):
    code = "classification_basis_missing"


class PatchLinkedToOtherLeadError(DomainError):
    code = "patch_linked_to_other_lead"


class TruthfulnessNotAttestedError(DomainError):
    code = "truthfulness_not_attested"


class IllegalPatchWithoutLeadError(DomainError):
    code = "illegal_patch_without_lead"


class NewConstructionAreaMissingError(DomainError):
    code = "new_construction_area_not_recorded"


class NewConstructionAreaInconsistentError(DomainError):
    code = "new_construction_area_inconsistent"


class RatioNotComputedError(DomainError):
    code = "illegal_farmland_ratio_not_computed"
