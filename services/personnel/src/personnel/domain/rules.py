"""Personnel's rules as versioned configuration: certificate validity, review interval, exam pass mark.

The Henan figures were not retrieved (DOMAIN §2.1), so the defaults are the [DESIGN] values: a 5-year
certificate reviewed every 12 months, and the article's pass mark of 60. Version 0 is these built-in
defaults; each published version of the `personnel` RuleSet takes effect on its date and holds the
complete set of values, so a recorded result names the one version it used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from shared.domain import InvalidInputError
from shared.domain.rules import RuleSet

RULESET_NAME = "personnel"

DEFAULTS: dict[str, int] = {
    "certificate_validity_years": 5,
    "review_interval_months": 12,
    "exam_pass_mark": 60,
    # Altering or lending a certificate: no new application for 2 years [S-local, Jilin].
    "reapply_bar_years": 2,
}
LIMITS: dict[str, tuple[int, int]] = {
    "certificate_validity_years": (1, 10),
    "review_interval_months": (1, 60),
    "exam_pass_mark": (1, 100),
    "reapply_bar_years": (0, 10),
}


@dataclass(frozen=True)
class PersonnelRules:
    version: int
    certificate_validity_years: int
    review_interval_months: int
    exam_pass_mark: int
    reapply_bar_years: int

    @classmethod
    def of(cls, version: int, values: dict[str, Any]) -> PersonnelRules:
        return cls(version=version, **{key: int(values[key]) for key in DEFAULTS})


BUILT_IN = PersonnelRules.of(0, DEFAULTS)


def rules_in_force(ruleset: RuleSet | None, on: date) -> PersonnelRules:
    """The version in force on `on`; the built-in defaults before the first published version."""
    if ruleset is None:
        return BUILT_IN
    candidates = [v for v in ruleset.versions if v.effective_from <= on]
    if not candidates:
        return BUILT_IN
    latest = candidates[-1]
    return PersonnelRules.of(latest.version, latest.values)


def complete_values(ruleset: RuleSet | None, changes: dict[str, Any]) -> dict[str, int]:
    """The values of a new version: the latest version's values with `changes` applied, all checked."""
    unknown = sorted(set(changes) - set(DEFAULTS))
    if unknown:
        raise InvalidInputError("unknown rule", unknown=unknown, known=sorted(DEFAULTS))
    base = dict(DEFAULTS)
    if ruleset is not None and ruleset.versions:
        base = {key: int(value) for key, value in ruleset.versions[-1].values.items()}
    for key, value in changes.items():
        low, high = LIMITS[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidInputError(f"{key} must be a whole number from {low} to {high}", rule=key, value=value)
        base[key] = value
    return base
