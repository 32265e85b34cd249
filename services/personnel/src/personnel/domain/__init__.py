"""Personnel's domain: one aggregate per module, pure (no web, database or messaging framework).

`Officer` and `Certificate` were first stored from a single `personnel.domain` module, under the topics
`personnel.domain:Officer...` and `personnel.domain:Certificate...`; re-exporting them here keeps those
topics resolvable (the library imports `personnel.domain` and reads the attribute).
"""

from personnel.domain.assets import Asset, AssetKind, BudgetRecord
from personnel.domain.certificate import LAND_RESOURCES, Certificate
from personnel.domain.certificate_terms import (
    CancellationReason,
    CertificateStatus,
    ReplacementReason,
    ReviewResult,
    RevocationReason,
    SuspensionReason,
)
from personnel.domain.common import CERTIFIABLE_STAFF, StaffKind
from personnel.domain.errors import (
    CertificateNotFoundError,
    CertificateNumberTakenError,
    OfficerNotFoundError,
    StaffNotCertifiableError,
)
from personnel.domain.officer import Officer
from personnel.domain.officer_records import DepartureReason, ExamKind, Post, PostRank, RemovalReason
from personnel.domain.organisation import LeadershipGroup, Unit, UnitKind
from personnel.domain.powers import EnforcementSubject, PowerCategory, PowerItem
from personnel.domain.standing import Standing, can_enforce
from personnel.domain.target_letter import TargetItem, TargetLetter
from personnel.domain.training import TrainingKind, TrainingSession

__all__ = [
    "CERTIFIABLE_STAFF",
    "LAND_RESOURCES",
    "Asset",
    "AssetKind",
    "BudgetRecord",
    "CancellationReason",
    "Certificate",
    "CertificateNotFoundError",
    "CertificateNumberTakenError",
    "CertificateStatus",
    "DepartureReason",
    "EnforcementSubject",
    "ExamKind",
    "LeadershipGroup",
    "Officer",
    "OfficerNotFoundError",
    "Post",
    "PostRank",
    "PowerCategory",
    "PowerItem",
    "RemovalReason",
    "ReplacementReason",
    "ReviewResult",
    "RevocationReason",
    "StaffKind",
    "StaffNotCertifiableError",
    "Standing",
    "SuspensionReason",
    "TargetItem",
    "TargetLetter",
    "TrainingKind",
    "TrainingSession",
    "Unit",
    "UnitKind",
    "can_enforce",
]
