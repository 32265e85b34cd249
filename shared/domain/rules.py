"""Rule sets as versioned data: deadlines, thresholds, weights, pass marks, each version with the date
it takes effect. A result records the version it used, so a past result can be reproduced under the
rules then in force, and a new version never rewrites history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from shared.domain.aggregate import DomainError, RecordedAggregate

RULESET_NAMESPACE = UUID("d2f4a6b8-1c3e-4f5a-9b7d-0e2c4a6b8d10")


class RuleVersionOrderError(DomainError):
    code = "rule_version_out_of_order"


class NoRulesInForceError(DomainError):
    code = "no_rules_in_force"


@dataclass(frozen=True)
class RuleVersion:
    ruleset: str
    version: int
    effective_from: date
    values: dict[str, Any]


class RuleSet(RecordedAggregate):
    """One named family of rules (for example `certificates` or `assessment_scheme`)."""

    class Created(RecordedAggregate.Created):
        name: str

    class VersionPublished(RecordedAggregate.Event):
        version: int
        effective_from: date
        values: dict[str, Any]
        note: str

    @staticmethod
    def create_id(name: str) -> UUID:
        return uuid5(RULESET_NAMESPACE, name)

    @event(Created)
    def __init__(self, name: str) -> None:
        self.name = name
        self.versions: list[RuleVersion] = []

    def publish(self, *, effective_from: date, values: dict[str, Any], note: str = "") -> RuleVersion:
        if self.versions and effective_from < self.versions[-1].effective_from:
            raise RuleVersionOrderError(
                "a new version cannot take effect before the latest one; publish a correction instead",
                latest_effective_from=self.versions[-1].effective_from.isoformat(),
            )
        self._published(version=len(self.versions) + 1, effective_from=effective_from, values=values, note=note)
        return self.versions[-1]

    @event(VersionPublished)
    def _published(self, version: int, effective_from: date, values: dict[str, Any], note: str) -> None:
        self.versions.append(RuleVersion(self.name, version, effective_from, dict(values)))

    def in_force(self, on: date) -> RuleVersion:
        """The latest version whose effective date is on or before `on`."""
        candidates = [v for v in self.versions if v.effective_from <= on]
        if not candidates:
            raise NoRulesInForceError(f"no {self.name} rules were in force on {on}", ruleset=self.name)
        return candidates[-1]

    def numbered(self, number: int) -> RuleVersion:
        return self.versions[number - 1]
