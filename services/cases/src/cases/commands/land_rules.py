"""The land areas' access to their versioned rules, and the shared helpers of their commands."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from cases.domain.land_rules import AppliedRules, LandRuleFamily, default_rules, validate_rule_values
from shared.application import ServiceApplication
from shared.domain.rules import NoRulesInForceError, RuleSet, RuleVersion

if TYPE_CHECKING:
    from shared.domain.calendar import WorkingDayCalendar

A = TypeVar("A", bound=Aggregate)


class LandRulesCommands(ServiceApplication):
    if TYPE_CHECKING:
        # Provided by `Cases` (configurable there); declared for the type checker only, so that this
        # mixin never shadows the application's own definition.
        def working_calendar(self, on: date) -> WorkingDayCalendar: ...

    def land_rules(self, family: LandRuleFamily, on: date) -> AppliedRules:
        """The rules of `family` in force on `on`: the latest published version, else version 0."""
        ruleset = self.find_aggregate(RuleSet.create_id(family.value))
        if not isinstance(ruleset, RuleSet):
            return default_rules(family)
        try:
            version = ruleset.in_force(on)
        except NoRulesInForceError:
            return default_rules(family)
        return AppliedRules(family, version.version, version.values)

    def publish_land_rules(
        self, family: LandRuleFamily, *, effective_from: date, values: dict[str, Any], note: str
    ) -> RuleSet:
        checked = validate_rule_values(family, values)
        ruleset = self.find_aggregate(RuleSet.create_id(family.value))
        if not isinstance(ruleset, RuleSet):
            ruleset = RuleSet(name=family.value)
        ruleset.publish(effective_from=effective_from, values=checked, note=note)
        self.save(ruleset)
        return ruleset

    def land_rule_versions(self, family: LandRuleFamily) -> list[RuleVersion]:
        defaults = default_rules(family)
        versions = [RuleVersion(family.value, 0, date.min, dict(defaults.values))]
        ruleset = self.find_aggregate(RuleSet.create_id(family.value))
        if isinstance(ruleset, RuleSet):
            versions.extend(ruleset.versions)
        return versions

    def find_aggregate(self, aggregate_id: UUID) -> Aggregate | None:
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate

    def existing_or_new(self, kind: type[A], aggregate_id: UUID, /, **created: Any) -> A:
        """The aggregate with a derived id, or a new one (saved by the caller with its other changes)."""
        found = self.find_aggregate(aggregate_id)
        if isinstance(found, kind):
            return found
        fresh = kind(**created)
        assert fresh.id == aggregate_id, "the id must derive from the creation arguments"
        return fresh
