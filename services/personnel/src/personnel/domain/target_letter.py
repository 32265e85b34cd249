"""Target-responsibility letters (目标责任书): one per year and unit, signed by the director and the
unit's head, with weighted target items (DOMAIN §4.4 `TargetResponsibilityLetterSigned`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from shared.domain import InvalidInputError, RecordedAggregate

LETTER_NAMESPACE = UUID("9e1c3a5b-7d2f-4b6e-8a0c-2e4f6a8b0c93")
TOTAL_WEIGHT = 100  # items share the 100 points of the assessment scheme (DOMAIN §4.2)


class TargetWeightsError(InvalidInputError):
    code = "target_weights_must_total_100"


@dataclass(frozen=True)
class TargetItem:
    code: str
    description: str
    weight: int
    metric: str
    threshold: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "description": self.description,
            "weight": self.weight,
            "metric": self.metric,
            "threshold": self.threshold,
        }


class TargetLetter(RecordedAggregate):
    class Signed(RecordedAggregate.Created):
        year: int
        unit_id: str
        head_officer_id: UUID
        director_id: UUID
        targets: list[dict[str, Any]]

    @staticmethod
    def create_id(year: int, unit_id: str) -> UUID:
        """One letter per year and unit: a second signature conflicts on save."""
        return uuid5(LETTER_NAMESPACE, f"{year}/{unit_id}")

    @event(Signed)
    def __init__(
        self,
        *,
        year: int,
        unit_id: str,
        head_officer_id: UUID,
        director_id: UUID,
        targets: list[dict[str, Any]],
        occurred_at: datetime | None,
    ) -> None:
        self.year = year
        self.unit_id = unit_id
        self.head_officer_id = head_officer_id
        self.director_id = director_id
        self.targets = [dict(t) for t in targets]
        self.signed_at = occurred_at

    @staticmethod
    def check_targets(targets: list[TargetItem]) -> list[dict[str, Any]]:
        codes = [t.code for t in targets]
        duplicates = sorted({c for c in codes if codes.count(c) > 1})
        if duplicates:
            raise InvalidInputError("target codes must be unique within a letter", duplicates=duplicates)
        total = sum(t.weight for t in targets)
        if total != TOTAL_WEIGHT:
            raise TargetWeightsError(f"target weights must total {TOTAL_WEIGHT}", total=total)
        return [t.as_dict() for t in targets]
