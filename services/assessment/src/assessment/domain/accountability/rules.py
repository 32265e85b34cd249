"""Accountability rules as versioned data (the `accountability` rule set), with the defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from shared.domain import InvalidInputError

ACCOUNTABILITY_RULESET = "accountability"


class InvalidAccountabilityRulesError(InvalidInputError):
    code = "invalid_accountability_rules"


# Far beyond any plausible rule, and small enough that the dates counted with them stay within the
# calendar (a huge number of working days would run past year 9999).
MAXIMA = {
    "repeat_fault_threshold": 100,
    "repeat_fault_window_days": 3660,  # ten years
    "appeal_days": 366,
    "investigation_working_days": 250,  # about a working year
}


@dataclass(frozen=True)
class AccountabilityRules:
    # Aggravation for repeat faults: this many faults (the new one included) within the window.
    # 2 per 国土资发〔2000〕431号; local rules say 3.
    repeat_fault_threshold: int = 2
    repeat_fault_window_days: int = 365
    appeal_days: int = 30  # the person may appeal in writing within 30 days [S-local]
    investigation_working_days: int = 15  # 15 (+15) working days, fymate 173022 [S-local]

    def to_values(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> AccountabilityRules:
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(values) - known)
        wrong = sorted(k for k, v in values.items() if k in known and (isinstance(v, bool) or not isinstance(v, int)))
        valid = {k: v for k, v in values.items() if k in known and k not in wrong}
        too_small = sorted(k for k, v in valid.items() if v < 1)
        too_large = sorted(k for k, v in valid.items() if v > MAXIMA[k])
        if unknown or wrong or too_small or too_large:
            raise InvalidAccountabilityRulesError(
                "accountability rules are whole numbers of at least 1 and at most their maximum",
                unknown=unknown,
                not_whole_numbers=wrong,
                too_small=too_small,
                too_large=too_large,
                maxima=MAXIMA,
            )
        return cls(**dict(values))


DEFAULT_ACCOUNTABILITY_RULES = AccountabilityRules()
