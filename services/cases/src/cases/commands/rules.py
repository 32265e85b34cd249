"""Rule sets of cases: the defaults published once, new versions published by the legal-affairs
section, and the versions in force on a day."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from cases.commands.base import CasesBase
from cases.domain.rules import (
    CASE_FILE_REVIEW,
    DEFAULT_CASE_FILE_REVIEW,
    DEFAULT_PENALTY_PROCEDURE,
    PENALTY_PROCEDURE,
    WORKING_CALENDAR,
    FileReviewRules,
    ProcedureRules,
    calendar_values,
)
from shared.domain import CommandContext, command_context
from shared.domain.rules import RuleSet

RULESETS = (PENALTY_PROCEDURE, CASE_FILE_REVIEW, WORKING_CALENDAR)
DEFAULTS = {PENALTY_PROCEDURE: DEFAULT_PENALTY_PROCEDURE, CASE_FILE_REVIEW: DEFAULT_CASE_FILE_REVIEW}


def validate(name: str, values: dict[str, Any]) -> None:
    """Refuse values the service could not apply (422), before anything is written."""
    if name == PENALTY_PROCEDURE:
        ProcedureRules.parse(0, values)
    elif name == CASE_FILE_REVIEW:
        FileReviewRules.parse(0, values)
    else:
        calendar_values(values)


class RuleCommands(CasesBase):
    def ensure_default_rules(self) -> None:
        """Publish the default versions of each rule set the first time the service starts."""
        with command_context(
            CommandContext(actor_id="system:defaults", actor_role="system", correlation_id="defaults")
        ):
            for name, versions in DEFAULTS.items():
                try:
                    self.repository.get(RuleSet.create_id(name))
                    continue
                except AggregateNotFoundError:
                    pass
                ruleset = RuleSet(name=name)
                for effective_from, values, note in versions:
                    ruleset.publish(effective_from=effective_from, values=values, note=note)
                with contextlib.suppress(IntegrityError):  # another process published them first
                    self.save(ruleset)

    def publish_rules(self, name: str, *, effective_from: date, values: dict[str, Any], note: str) -> RuleSet:
        validate(name, values)
        try:
            ruleset: RuleSet = self.repository.get(RuleSet.create_id(name))
        except AggregateNotFoundError:
            ruleset = RuleSet(name=name)
        ruleset.publish(effective_from=effective_from, values=values, note=note)
        self.save(ruleset)
        return ruleset
