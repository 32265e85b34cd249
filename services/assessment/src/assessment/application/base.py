"""The base of the `Assessments` application: its ports, the rules in force, and today's date."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from assessment.application.ports import FactsFeed, FactSource, InMemoryFacts, NoFeed, UnitHeads, no_unit_heads
from assessment.domain.accountability.rules import (
    ACCOUNTABILITY_RULESET,
    DEFAULT_ACCOUNTABILITY_RULES,
    AccountabilityRules,
)
from assessment.domain.default_scheme import DEFAULT_SCHEME
from assessment.domain.scheme import SCHEME_RULESET, Scheme
from assessment.domain.timing import bureau_today
from shared.application import ServiceApplication
from shared.domain.calendar import CHINA_2017_2018, WorkingDayCalendar
from shared.domain.rules import RuleSet, RuleVersion

# The default scheme and accountability rules take effect from this day unless configured.
DEFAULT_RULES_EFFECTIVE_FROM = date(2017, 1, 1)


class AssessmentsBase(ServiceApplication):
    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        facts: FactSource | None = None,
        facts_feed: FactsFeed | None = None,
        unit_heads: UnitHeads = no_unit_heads,
        calendar: WorkingDayCalendar = CHINA_2017_2018,
    ) -> None:
        super().__init__(env=env)
        self.facts: FactSource = facts if facts is not None else InMemoryFacts()
        self.facts_feed: FactsFeed = facts_feed if facts_feed is not None else NoFeed()
        self.unit_heads = unit_heads
        self.calendar = calendar
        self._schemes: dict[int, Scheme] = {}

    def close(self) -> None:
        super().close()
        for port in (self.facts, self.facts_feed, self.unit_heads):
            close_port = getattr(port, "close", None)
            if callable(close_port):
                close_port()

    def today(self) -> date:
        """The bureau-local date of the injected clock."""
        return bureau_today()

    def ensure_default_rules(self, effective_from: date = DEFAULT_RULES_EFFECTIVE_FROM) -> None:
        """Publish the shipped scheme and accountability rules as version 1 if none exist yet
        (run once at start-up under the schema lock)."""
        defaults: list[tuple[str, dict[str, Any]]] = [
            (SCHEME_RULESET, DEFAULT_SCHEME.to_values()),
            (ACCOUNTABILITY_RULESET, DEFAULT_ACCOUNTABILITY_RULES.to_values()),
        ]
        for name, values in defaults:
            if self._ruleset(name) is None:
                ruleset = RuleSet(name=name)
                ruleset.publish(effective_from=effective_from, values=values, note="default shipped with Zeren")
                self.save(ruleset)

    def _ruleset(self, name: str) -> RuleSet | None:
        try:
            ruleset: RuleSet = self.repository.get(RuleSet.create_id(name))
        except AggregateNotFoundError:
            return None
        return ruleset

    def scheme_ruleset(self) -> RuleSet:
        ruleset = self._ruleset(SCHEME_RULESET)
        if ruleset is None:
            ruleset = RuleSet(name=SCHEME_RULESET)
        return ruleset

    def scheme_in_force(self, on: date) -> tuple[RuleVersion, Scheme]:
        version = self.scheme_ruleset().in_force(on)
        return version, self._parsed(version)

    def scheme_numbered(self, number: int) -> tuple[RuleVersion, Scheme]:
        version = self.scheme_ruleset().numbered(number)
        return version, self._parsed(version)

    def _parsed(self, version: RuleVersion) -> Scheme:
        if version.version not in self._schemes:
            self._schemes[version.version] = Scheme.from_values(version.values)
        return self._schemes[version.version]

    def accountability_rules(self, on: date) -> AccountabilityRules:
        return self.accountability_rules_in_force(on)[1]

    def accountability_rules_in_force(self, on: date) -> tuple[RuleVersion | None, AccountabilityRules]:
        ruleset = self._ruleset(ACCOUNTABILITY_RULESET)
        if ruleset is None:
            return None, DEFAULT_ACCOUNTABILITY_RULES
        version = ruleset.in_force(on)
        return version, AccountabilityRules.from_values(version.values)
