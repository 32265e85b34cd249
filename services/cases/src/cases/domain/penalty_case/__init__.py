"""The penalty case aggregate, composed of one mixin per stage of the procedure."""

from cases.domain.penalty_case.aggregate import PARTY_TYPES, VIOLATION_TYPES, PenaltyCase

__all__ = ["PARTY_TYPES", "VIOLATION_TYPES", "PenaltyCase"]
