"""The configurable rules of the land areas (normative documents, satellite patches, expropriation).

Each family is a `shared.domain.rules.RuleSet` whose versions take effect on a date. Version 0 is
the default set below, in force until a first version is published; it never changes (a test pins
it), so a result that records version 0 stays reproducible. Every result records the version used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from shared.domain import InvalidInputError


class LandRuleFamily(StrEnum):
    NORMATIVE_DOCUMENTS = "normative_documents"
    SATELLITE_INSPECTION = "satellite_inspection"
    EXPROPRIATION = "expropriation"


class InvalidRuleValuesError(InvalidInputError):
    code = "invalid_rule_values"


# Version 0 of each family, with the provenance of each default (DOMAIN.md tags).
DEFAULT_VALUES: Mapping[LandRuleFamily, Mapping[str, Any]] = {
    LandRuleFamily.NORMATIVE_DOCUMENTS: {
        "filing_deadline_days": 30,  # [S] for regulations, [S-local] for documents; Henan not verified
        "filing_deadline_unit": "calendar_days",
        "min_commencement_days": 30,  # [S-local, Hebi]: effective >= 30 days after publication unless urgent
        "max_validity_years": 5,  # [DK]
    },
    LandRuleFamily.SATELLITE_INSPECTION: {
        "accountability_threshold": 0.15,  # [S] 15号令 art. 3
        "interview_threshold": 0.10,  # [DESIGN] lower interview thresholds exist; the figure is not verified
        "count_rectified_in_ratio": True,  # [DK] has varied by year
        "rectification_cutoff_month_day": "03-31",  # [DESIGN] of the following year; not verified
        "clearance_months_after_period": 1,  # [S] 月清: last month's patches within the current month
    },
    LandRuleFamily.EXPROPRIATION: {
        "agreement_share_required": 1.0,  # [DESIGN] default 100% of households
        "pre_notice_min_working_days": 10,  # [S] 土地管理法 art. 47 / 2021 Implementing Regulations
        "plan_announcement_min_days": 30,  # [S]
        "hearing_request_working_days": 5,  # [S] within 5 working days
    },
}


def _integer(low: int, high: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def _share(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and 0 < v <= 1


def _month_day(v: Any) -> bool:
    if not isinstance(v, str) or not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])", v):
        return False
    month, day = (int(part) for part in v.split("-"))
    return day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)


_CHECKS: Mapping[LandRuleFamily, Mapping[str, tuple[Callable[[Any], bool], str]]] = {
    LandRuleFamily.NORMATIVE_DOCUMENTS: {
        "filing_deadline_days": (_integer(1, 365), "an integer from 1 to 365"),
        "filing_deadline_unit": (lambda v: v in ("calendar_days", "working_days"), "calendar_days or working_days"),
        "min_commencement_days": (_integer(0, 365), "an integer from 0 to 365"),
        "max_validity_years": (_integer(1, 50), "an integer from 1 to 50"),
    },
    LandRuleFamily.SATELLITE_INSPECTION: {
        "accountability_threshold": (_share, "a share above 0 and at most 1"),
        "interview_threshold": (_share, "a share above 0 and at most 1"),
        "count_rectified_in_ratio": (lambda v: isinstance(v, bool), "true or false"),
        "rectification_cutoff_month_day": (_month_day, "a month and day, MM-DD"),
        "clearance_months_after_period": (_integer(1, 12), "an integer from 1 to 12"),
    },
    LandRuleFamily.EXPROPRIATION: {
        "agreement_share_required": (_share, "a share above 0 and at most 1"),
        "pre_notice_min_working_days": (_integer(0, 90), "an integer from 0 to 90"),
        "plan_announcement_min_days": (_integer(0, 365), "an integer from 0 to 365"),
        "hearing_request_working_days": (_integer(1, 60), "an integer from 1 to 60"),
    },
}


def validate_rule_values(family: LandRuleFamily, values: Mapping[str, Any]) -> dict[str, Any]:
    """A complete, well-typed set of values for `family`, or `InvalidRuleValuesError` naming each problem."""
    checks = _CHECKS[family]
    problems = {key: "unknown rule" for key in values if key not in checks}
    problems |= {key: "missing" for key in checks if key not in values}
    for key, (check, expected) in checks.items():
        if key in values and not check(values[key]):
            problems[key] = f"must be {expected}"
    interview_above_accountability = (
        family is LandRuleFamily.SATELLITE_INSPECTION
        and not problems
        and values["interview_threshold"] > values["accountability_threshold"]
    )
    if interview_above_accountability:
        problems["interview_threshold"] = "must not exceed accountability_threshold"
    if problems:
        raise InvalidRuleValuesError(f"these are not valid {family.value} rules", problems=problems)
    return dict(values)


@dataclass(frozen=True)
class AppliedRules:
    """The rule values a result was computed under, and the version they came from."""

    family: LandRuleFamily
    version: int
    values: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]


def default_rules(family: LandRuleFamily) -> AppliedRules:
    return AppliedRules(family, 0, DEFAULT_VALUES[family])
