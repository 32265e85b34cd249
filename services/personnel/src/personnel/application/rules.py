"""Commands on personnel's rules: publish a version with its effective date; read the versions."""

from __future__ import annotations

from datetime import date
from typing import Any

from personnel.application.base import PersonnelBase
from personnel.domain.rules import BUILT_IN, RULESET_NAME, PersonnelRules, complete_values
from shared.domain.rules import RuleSet


class RuleCommands(PersonnelBase):
    def publish_rules(self, *, effective_from: date, values: dict[str, Any], note: str) -> RuleSet:
        ruleset = self.ruleset() or RuleSet(name=RULESET_NAME)
        ruleset.publish(effective_from=effective_from, values=complete_values(ruleset, values), note=note)
        self.save(ruleset)
        return ruleset

    def rule_versions(self) -> list[tuple[PersonnelRules, date | None, str]]:
        """Every version, the built-in defaults first, with its effective date and note."""
        ruleset = self.ruleset()
        versions: list[tuple[PersonnelRules, date | None, str]] = [(BUILT_IN, None, "built-in defaults")]
        if ruleset is None:
            return versions
        notes = {
            event.version: event.note
            for event in self.stored_events(ruleset.id)
            if isinstance(event, RuleSet.VersionPublished)
        }
        for version in ruleset.versions:
            versions.append(
                (PersonnelRules.of(version.version, version.values), version.effective_from, notes[version.version])
            )
        return versions
