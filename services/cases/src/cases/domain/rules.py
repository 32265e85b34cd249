"""The configurable rules of the penalty procedure and of case-file review, as versioned data.

Deadlines, hearing thresholds, the scope of legal review and the major-violation criteria vary by
place and by the version of the Measures, so they live in `RuleSet` aggregates (DOMAIN §0). A lead
or case copies the version in force on its date, with its number, so later versions never change
it. `DEFAULT_*` are the versions the service publishes when it first starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from shared.domain import InvalidInputError

PENALTY_PROCEDURE = "penalty_procedure"
CASE_FILE_REVIEW = "case_file_review"
WORKING_CALENDAR = "working_calendar"

WORKING = "working"
CALENDAR = "calendar"

LIMIT_KINDS = (
    "verification",
    "filing",
    "major_violation_report",
    "decision",
    "statement",
    "hearing_request",
    "hearing_notice",
    "publication",
    "service",
    "payment_demand_wait",
    "archiving",
)

PENALTY_KINDS = (
    "warning",
    "fine",
    "confiscate_gains",
    "confiscate_property",
    "confiscate_buildings",
    "demolish_within",
    "order_stop_production",
    "revoke_licence",
    "other",
)

DEFECT_CATEGORIES = ("authority", "facts_evidence", "legal_basis", "procedure", "documents", "discretion")


class RulesInvalidError(InvalidInputError):
    code = "rules_invalid"


@dataclass(frozen=True)
class Limit:
    days: int
    unit: str  # "working" or "calendar"


@dataclass(frozen=True)
class ProcedureRules:
    """A typed view of one version of the `penalty_procedure` rule set."""

    version: int
    limits: Mapping[str, Limit]
    decision_extension_max_days: int
    litigation_period_months: int
    enforcement_application_window_months: int
    hearing_fine_person_yuan: int
    hearing_fine_organisation_yuan: int
    hearing_penalty_kinds: frozenset[str]
    legal_review_fine_yuan: int
    legal_review_penalty_kinds: frozenset[str]
    major_violation_basic_farmland_mu: float
    major_violation_cultivated_mu: float
    enforcement_officers_min: int
    collective_discussion_min_participants: int

    def limit(self, kind: str) -> Limit:
        return self.limits[kind]

    @classmethod
    def parse(cls, version: int, values: Mapping[str, Any]) -> ProcedureRules:
        try:
            limits = {kind: Limit(int(v["days"]), str(v["unit"])) for kind, v in values["limits"].items()}
            rules = cls(
                version=version,
                limits=limits,
                decision_extension_max_days=int(values["decision_extension_max_days"]),
                litigation_period_months=int(values["litigation_period_months"]),
                enforcement_application_window_months=int(values["enforcement_application_window_months"]),
                hearing_fine_person_yuan=int(values["hearing_fine_person_yuan"]),
                hearing_fine_organisation_yuan=int(values["hearing_fine_organisation_yuan"]),
                hearing_penalty_kinds=frozenset(values["hearing_penalty_kinds"]),
                legal_review_fine_yuan=int(values["legal_review_fine_yuan"]),
                legal_review_penalty_kinds=frozenset(values["legal_review_penalty_kinds"]),
                major_violation_basic_farmland_mu=float(values["major_violation_basic_farmland_mu"]),
                major_violation_cultivated_mu=float(values["major_violation_cultivated_mu"]),
                enforcement_officers_min=int(values["enforcement_officers_min"]),
                collective_discussion_min_participants=int(values["collective_discussion_min_participants"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
            raise RulesInvalidError(f"the procedure rules are incomplete or malformed: {exc}") from None
        rules.check()
        return rules

    def check(self) -> None:
        missing = sorted(set(LIMIT_KINDS) - set(self.limits))
        bad_units = sorted(
            k for k, v in self.limits.items() if v.unit not in (WORKING, CALENDAR) or not 0 <= v.days <= MAX_LIMIT_DAYS
        )
        kinds = self.hearing_penalty_kinds | self.legal_review_penalty_kinds
        unknown = sorted(str(kind) for kind in kinds - set(PENALTY_KINDS))
        out_of_range = sorted(name for name, (low, high) in _RANGES.items() if not low <= getattr(self, name) <= high)
        if missing or bad_units or unknown or out_of_range:
            raise RulesInvalidError(
                "the procedure rules are incomplete or malformed",
                missing_limits=missing,
                malformed_limits=bad_units,
                limit_days_at_most=MAX_LIMIT_DAYS,
                unknown_penalty_kinds=unknown,
                out_of_range=out_of_range,
                ranges={name: list(bounds) for name, bounds in _RANGES.items()},
            )


# Far beyond any statutory figure, and small enough that every date counted with them stays within
# the calendar: a limit of 10**20 working days is a mistake to refuse (422), not an overflow (500)
# when a deadline is first computed.
MAX_LIMIT_DAYS = 1_000
_RANGES: dict[str, tuple[float, float]] = {
    "decision_extension_max_days": (0, 366),
    "litigation_period_months": (1, 120),
    "enforcement_application_window_months": (1, 120),
    "hearing_fine_person_yuan": (0, 10**12),
    "hearing_fine_organisation_yuan": (0, 10**12),
    "legal_review_fine_yuan": (0, 10**12),
    "major_violation_basic_farmland_mu": (0, 10**7),  # NaN fails both bounds
    "major_violation_cultivated_mu": (0, 10**7),
    "enforcement_officers_min": (2, 20),  # at least two officers (DOMAIN §1.4.1)
    "collective_discussion_min_participants": (1, 100),
}


@dataclass(frozen=True)
class FileReviewRules:
    """A typed view of one version of the `case_file_review` rule set (案卷评查 scoring)."""

    version: int
    category_points: Mapping[str, int]
    pass_mark: int
    excellent_mark: int
    major_defect_fails: bool

    @classmethod
    def parse(cls, version: int, values: Mapping[str, Any]) -> FileReviewRules:
        try:
            rules = cls(
                version=version,
                category_points={str(k): int(v) for k, v in values["category_points"].items()},
                pass_mark=int(values["pass_mark"]),
                excellent_mark=int(values["excellent_mark"]),
                major_defect_fails=bool(values["major_defect_fails"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
            raise RulesInvalidError(f"the case-file review rules are incomplete or malformed: {exc}") from None
        if set(rules.category_points) != set(DEFECT_CATEGORIES) or sum(rules.category_points.values()) != 100:
            raise RulesInvalidError(
                "the six categories must share exactly 100 points",
                categories=list(DEFECT_CATEGORIES),
                given=dict(rules.category_points),
            )
        if not 0 < rules.pass_mark <= rules.excellent_mark <= 100:
            raise RulesInvalidError("0 < pass mark <= excellent mark <= 100 is required")
        return rules


def calendar_values(values: Mapping[str, Any]) -> tuple[list[date], list[date]]:
    try:
        holidays = [date.fromisoformat(str(d)) for d in values["holidays"]]
        makeup = [date.fromisoformat(str(d)) for d in values["makeup_workdays"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise RulesInvalidError(f"the working calendar is malformed: {exc}") from None
    return holidays, makeup


def _limits(**overrides: tuple[int, str]) -> dict[str, dict[str, Any]]:
    base = {
        "verification": (3, WORKING),  # local practice: the station verifies within 3 working days [S-local]
        "filing": (10, WORKING),  # 10 working days from confirming the facts (2014) [S]
        "major_violation_report": (3, WORKING),  # [S]
        "decision": (60, CALENDAR),  # 60 days from filing (2014) [S]
        "statement": (3, WORKING),  # within 3 working days of receipt (2014) [S]
        "hearing_request": (3, WORKING),  # (2014) [S]
        "hearing_notice": (7, WORKING),  # notify the party at least 7 working days ahead [S]
        "publication": (7, WORKING),  # publish online within 7 working days [S]
        "service": (7, CALENDAR),  # serve within 7 days when the party is absent [DK]
        # Apply to the court 10 days after the demand is served (行政强制法 art. 54); that law counts
        # every limit of ten days or fewer in working days (art. 69) [DK].
        "payment_demand_wait": (10, WORKING),
        "archiving": (30, CALENDAR),  # days to archive after closure: configurable, 30 suggested [DK]
    }
    base.update(overrides)
    return {kind: {"days": days, "unit": unit} for kind, (days, unit) in base.items()}


_COMMON: dict[str, Any] = {
    "decision_extension_max_days": 30,
    "litigation_period_months": 6,  # 行政诉讼法 (2014 revision, from 1 May 2015) art. 46
    "enforcement_application_window_months": 3,  # 行政强制法 art. 53 [DK]
    # Henan Order 204 (from 2021-12-01) [S]. The earlier Henan amount was not found; the same figures
    # stand in for it until the bureau configures another.
    "hearing_fine_person_yuan": 5_000,
    "hearing_fine_organisation_yuan": 50_000,
    # Legal review (法制审核) scope: the Ningxia example of 500,000 yuan [S], confiscation of
    # buildings and licence revocation; a decision after a hearing is always major, and the handler
    # may flag any case as major. Demolition orders are left out by default: they come with most
    # occupation cases, while the bureau sees about 3 legal reviews in 11 decisions a month (§9.2).
    "legal_review_fine_yuan": 500_000,
    "legal_review_penalty_kinds": ["confiscate_buildings", "revoke_licence"],
    "major_violation_basic_farmland_mu": 5,
    "major_violation_cultivated_mu": 10,
    "enforcement_officers_min": 2,
    # "The heads of the organ decide collectively": the director and at least two deputies [DESIGN].
    "collective_discussion_min_participants": 3,
}

# The Administrative Penalty Law of 2021 overrides the 2014 Measures where they differ: a national
# law outranks a ministry's rules, so these limits apply from 15 July 2021 although the Measures
# were revised only in 2024 [DK].
_PENALTY_LAW_2021_LIMITS: dict[str, tuple[int, str]] = {
    "hearing_request": (5, WORKING),  # art. 64 (the Measures: 3 days)
    "service": (7, WORKING),  # arts. 61 and 85
}
_HEARING_KINDS_2014 = ["fine", "order_stop_production", "revoke_licence"]
# Art. 63 adds confiscating large illegal gains or valuable property; as the 2024 Measures do, any
# confiscation of them opens the hearing right here.
_HEARING_KINDS_2021 = [*_HEARING_KINDS_2014, "confiscate_gains", "confiscate_property"]

# (effective_from, values, note), oldest first.
DEFAULT_PENALTY_PROCEDURE: tuple[tuple[date, dict[str, Any], str], ...] = (
    (
        date(2014, 7, 1),
        {
            **_COMMON,
            # 行政诉讼法 (1989) art. 39: three months to sue, until the 2014 revision took effect.
            "litigation_period_months": 3,
            "limits": _limits(),
            "hearing_penalty_kinds": _HEARING_KINDS_2014,
        },
        "2014 Measures (国土资源部令第60号); Henan hearing amounts as in Order 204 pending the earlier figure;"
        " three months to sue (行政诉讼法 1989 art. 39)",
    ),
    (
        date(2015, 5, 1),
        {
            **_COMMON,
            "limits": _limits(),
            "hearing_penalty_kinds": _HEARING_KINDS_2014,
        },
        "行政诉讼法 (2014 revision) in force: six months to sue (art. 46)",
    ),
    (
        date(2021, 7, 15),
        {
            **_COMMON,
            "limits": _limits(**_PENALTY_LAW_2021_LIMITS),
            "hearing_penalty_kinds": _HEARING_KINDS_2021,
        },
        "行政处罚法 (2021 revision) in force: a hearing is requested within 5 days (art. 64) and may follow"
        " a confiscation (art. 63), a decision is served within 7 days when the party is absent (art. 61),"
        " and its 日 are working days (art. 85)",
    ),
    (
        date(2021, 12, 1),
        {
            **_COMMON,
            "limits": _limits(**_PENALTY_LAW_2021_LIMITS),
            "hearing_penalty_kinds": _HEARING_KINDS_2021,
        },
        "河南省行政处罚听证办法 (省政府令第204号): 5,000 yuan for a citizen, 50,000 for an organisation",
    ),
    (
        date(2024, 5, 1),
        {
            **_COMMON,
            "limits": _limits(
                statement=(5, WORKING),  # 2024 art. 33; 行政处罚法 art. 85 reads 日 as working days
                hearing_request=(5, WORKING),
                decision=(90, CALENDAR),  # 行政处罚法 2021 art. 60 [DK]: the 2024 limit was not verified
                service=(7, WORKING),
            ),
            "hearing_penalty_kinds": [
                "fine",
                "confiscate_gains",
                "confiscate_property",
                "confiscate_buildings",
                "demolish_within",
                "order_stop_production",
                "revoke_licence",
            ],
        },
        "2024 revision (自然资源部令第12号) art. 33-34",
    ),
)

DEFAULT_CASE_FILE_REVIEW: tuple[tuple[date, dict[str, Any], str], ...] = (
    (
        date(2014, 7, 1),
        {
            "category_points": {
                "authority": 15,
                "facts_evidence": 25,
                "legal_basis": 15,
                "procedure": 20,
                "documents": 15,
                "discretion": 10,
            },
            "pass_mark": 75,
            "excellent_mark": 90,
            "major_defect_fails": True,
        },
        "typical 案卷评查 form: 100 points; excellent >= 90, pass >= 75; one major defect fails the file [DK]",
    ),
)
