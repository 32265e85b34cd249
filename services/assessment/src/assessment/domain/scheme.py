"""The evaluation scheme (评议考核办法) as data: items and weights, the metrics behind each item,
deductions, bonuses, grade bands, periods, the bottom-N rule, consecutive runs and tie-breaks.

A scheme is published as a version of the `assessment_scheme` rule set with the date it takes
effect; a period is scored under the version in force on its first day. `to_values` and
`from_values` convert to and from the JSON-safe form stored in the rule set (numbers as strings,
so no float rounding creeps in).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from assessment.domain.periods import PeriodKind, SubjectType
from shared.domain import InvalidInputError

SCHEME_RULESET = "assessment_scheme"
MANUAL_METRIC = "manual"  # `<item>.manual`: points the secretariat awarded, as a fraction of the item

# Bounds of a scheme's numbers. A scheme counts in points out of 100, so these are far beyond any
# plausible value; they keep the arithmetic (sums, divisions, dates) within what Decimal and date
# can hold, so a wild number is an invalid scheme rather than an overflow.
MAX_NUMBER = Decimal(1_000_000)
MAX_DECIMAL_PLACES = 6
MAX_COUNT = 1_000  # bottom_n, bottom_run, fail_run
MAX_WORKING_DAYS = 250  # about a working year: talk_deadline_working_days


class InvalidSchemeError(InvalidInputError):
    code = "invalid_scheme"


class Unmeasured(StrEnum):
    # An item with no fact in the period is left out and the measured items are scaled up to 100.
    PRORATE = "prorate"
    # An item with no fact in the period earns its full weight (the scheme deducts from full marks).
    FULL_MARKS = "full_marks"


@dataclass(frozen=True)
class Metric:
    """One fact code read by an item: either a mean (the mean of the facts' values, where `full_at`
    earns the metric's whole share) or a penalty (`penalty` points off the item per occurrence)."""

    fact: str
    share: Decimal = Decimal(1)
    full_at: Decimal | None = None
    penalty: Decimal | None = None

    @property
    def is_penalty(self) -> bool:
        return self.penalty is not None


@dataclass(frozen=True)
class Item:
    code: str
    title: str
    weight: Decimal
    metrics: tuple[Metric, ...]

    @property
    def manual_fact(self) -> str:
        return f"{self.code}.{MANUAL_METRIC}"


@dataclass(frozen=True)
class Deduction:
    code: str
    title: str
    points: Decimal  # per occurrence


@dataclass(frozen=True)
class Bonus:
    code: str
    title: str
    min_points: Decimal
    max_points: Decimal


@dataclass(frozen=True)
class GradeBand:
    grade: str
    min_score: Decimal


@dataclass(frozen=True)
class PeriodRules:
    """What a closed period of one kind decides: a talk for the bottom N, a transfer proposal after
    `bottom_run` bottom places in a row, or after `fail_run` failing grades in a row."""

    bottom_talk: bool
    bottom_run: int | None
    fail_run: int | None


@dataclass(frozen=True)
class Scheme:
    items: tuple[Item, ...]
    deductions: tuple[Deduction, ...]
    bonuses: tuple[Bonus, ...]
    grade_bands: tuple[GradeBand, ...]  # highest first; the last has min_score 0
    periods: Mapping[SubjectType, PeriodKind]  # how often each subject type is ranked
    period_rules: Mapping[PeriodKind, PeriodRules]
    annual_periodic_weight: Decimal
    annual_year_end_weight: Decimal
    bottom_n: int
    tie_break: tuple[str, ...]  # "deductions" (fewer first), "bonuses" (more first), "item:<code>" (more points first)
    talk_deadline_working_days: int
    unmeasured_items: Unmeasured

    def item(self, code: str) -> Item | None:
        return next((item for item in self.items if item.code == code), None)

    def deduction(self, code: str) -> Deduction | None:
        return next((d for d in self.deductions if d.code == code), None)

    def bonus(self, code: str) -> Bonus | None:
        return next((b for b in self.bonuses if b.code == code), None)

    def grade(self, score: Decimal) -> str:
        for band in self.grade_bands:
            if score >= band.min_score:
                return band.grade
        return self.grade_bands[-1].grade

    def periodic_kind(self, subject_type: SubjectType) -> PeriodKind:
        return self.periods[subject_type]

    def rules_for(self, kind: PeriodKind) -> PeriodRules:
        return self.period_rules.get(kind, PeriodRules(bottom_talk=False, bottom_run=None, fail_run=None))

    @property
    def failing_grade(self) -> str:
        return self.grade_bands[-1].grade

    def to_values(self) -> dict[str, Any]:
        return {
            "items": [
                {
                    "code": item.code,
                    "title": item.title,
                    "weight": str(item.weight),
                    "metrics": [_metric_values(metric) for metric in item.metrics],
                }
                for item in self.items
            ],
            "deductions": [{"code": d.code, "title": d.title, "points": str(d.points)} for d in self.deductions],
            "bonuses": [
                {"code": b.code, "title": b.title, "min_points": str(b.min_points), "max_points": str(b.max_points)}
                for b in self.bonuses
            ],
            "grade_bands": [{"grade": g.grade, "min_score": str(g.min_score)} for g in self.grade_bands],
            "periods": {subject.value: kind.value for subject, kind in self.periods.items()},
            "period_rules": {
                kind.value: {"bottom_talk": r.bottom_talk, "bottom_run": r.bottom_run, "fail_run": r.fail_run}
                for kind, r in self.period_rules.items()
            },
            "annual": {
                "periodic_weight": str(self.annual_periodic_weight),
                "year_end_weight": str(self.annual_year_end_weight),
            },
            "bottom_n": self.bottom_n,
            "tie_break": list(self.tie_break),
            "talk_deadline_working_days": self.talk_deadline_working_days,
            "unmeasured_items": self.unmeasured_items.value,
        }

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Scheme:
        """Parse and validate; an `InvalidSchemeError` lists every problem found."""
        reader = _Reader()
        scheme = reader.scheme(values)
        if reader.problems or scheme is None:
            raise InvalidSchemeError("the scheme is not valid", problems=reader.problems)
        problems = validate(scheme)
        if problems:
            raise InvalidSchemeError("the scheme is not valid", problems=problems)
        return scheme


def _metric_values(metric: Metric) -> dict[str, str]:
    values = {"fact": metric.fact, "share": str(metric.share)}
    if metric.full_at is not None:
        values["full_at"] = str(metric.full_at)
    if metric.penalty is not None:
        values["penalty"] = str(metric.penalty)
    return values


def validate(scheme: Scheme) -> list[str]:
    """The rules a scheme must keep, as readable problems (empty when valid)."""
    return _item_problems(scheme) + _adjustment_problems(scheme) + _rule_problems(scheme)


def _item_problems(scheme: Scheme) -> list[str]:
    problems: list[str] = []
    if not scheme.items:
        problems.append("a scheme needs at least one item")
    total = sum((item.weight for item in scheme.items), Decimal(0))
    if total != 100:
        problems.append(f"item weights must sum to 100, not {total}")
    codes = [item.code for item in scheme.items]
    if len(set(codes)) != len(codes):
        problems.append("item codes must be unique")
    facts = [metric.fact for item in scheme.items for metric in item.metrics]
    if len(set(facts)) != len(facts):
        problems.append("a fact code may feed one metric only")
    for item in scheme.items:
        if item.weight <= 0:
            problems.append(f"item {item.code}: weight must be positive")
        if not item.metrics:
            problems.append(f"item {item.code}: needs at least one metric")
        problems += [problem for metric in item.metrics for problem in _metric_problems(metric)]
    return problems


def _metric_problems(metric: Metric) -> list[str]:
    problems = []
    if (metric.full_at is None) == (metric.penalty is None):
        problems.append(f"metric {metric.fact}: give either full_at (a mean) or penalty (per occurrence)")
    if metric.full_at is not None and metric.full_at <= 0:
        problems.append(f"metric {metric.fact}: full_at must be positive")
    if metric.penalty is not None and metric.penalty <= 0:
        problems.append(f"metric {metric.fact}: penalty must be positive")
    if metric.share <= 0:
        problems.append(f"metric {metric.fact}: share must be positive")
    return problems


def _adjustment_problems(scheme: Scheme) -> list[str]:
    problems: list[str] = []
    codes = [d.code for d in scheme.deductions] + [b.code for b in scheme.bonuses]
    if len(set(codes)) != len(codes):
        problems.append("deduction and bonus codes must be unique")
    problems += [f"deduction {d.code}: points must be positive" for d in scheme.deductions if d.points <= 0]
    problems += [
        f"bonus {b.code}: need 0 < min_points <= max_points"
        for b in scheme.bonuses
        if not 0 < b.min_points <= b.max_points
    ]
    return problems


def _rule_problems(scheme: Scheme) -> list[str]:
    problems: list[str] = []
    bands = [band.min_score for band in scheme.grade_bands]
    if not bands or bands != sorted(bands, reverse=True) or len(set(bands)) != len(bands) or bands[-1] != 0:
        problems.append("grade bands must be listed highest first, without repeats, the last from 0")
    if set(scheme.periods) != set(SubjectType):
        problems.append("periods must name how often units and officers are ranked")
    if PeriodKind.ANNUAL in scheme.periods.values():
        problems.append("units and officers are ranked monthly or quarterly; the annual ranking follows")
    for kind, rules in scheme.period_rules.items():
        for name, run in (("bottom_run", rules.bottom_run), ("fail_run", rules.fail_run)):
            if run is not None and run < 1:
                problems.append(f"period_rules.{kind.value}.{name} must be at least 1")
    if scheme.annual_periodic_weight < 0 or scheme.annual_year_end_weight < 0:
        problems.append("annual weights must not be negative")
    if scheme.annual_periodic_weight + scheme.annual_year_end_weight != 1:
        problems.append("annual weights must sum to 1")
    if scheme.bottom_n < 1:
        problems.append("bottom_n must be at least 1")
    if scheme.talk_deadline_working_days < 0:
        problems.append("talk_deadline_working_days must not be negative")
    return problems + _tie_break_problems(scheme)


def _tie_break_problems(scheme: Scheme) -> list[str]:
    return [
        f"tie_break {key!r}: use deductions, bonuses or item:<an item code>"
        for key in scheme.tie_break
        if key not in ("deductions", "bonuses")
        and (not key.startswith("item:") or scheme.item(key.removeprefix("item:")) is None)
    ]


class _Reader:
    """Reads the JSON-safe form, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def number(self, raw: Any, where: str) -> Decimal:
        try:
            if isinstance(raw, bool):
                raise TypeError
            value = Decimal(str(raw))
            if not value.is_finite():
                raise InvalidOperation
        except (InvalidOperation, TypeError, ValueError):
            self.problems.append(f"{where}: {raw!r} is not a number")
            return Decimal(0)
        if value.copy_abs() > MAX_NUMBER:  # copy_abs, unlike abs, never rounds (nor overflows)
            self.problems.append(f"{where}: {raw!r} is out of range (at most {MAX_NUMBER} either way)")
            return Decimal(0)
        if value != value.quantize(Decimal(1).scaleb(-MAX_DECIMAL_PLACES)):
            self.problems.append(f"{where}: {raw!r} has more than {MAX_DECIMAL_PLACES} decimal places")
            return Decimal(0)
        return value

    def integer(self, raw: Any, where: str, *, maximum: int, optional: bool = False) -> int | None:
        if raw is None and optional:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int):
            self.problems.append(f"{where}: {raw!r} is not a whole number")
            return 0
        if raw > maximum:
            self.problems.append(f"{where}: {raw!r} is out of range (at most {maximum})")
            return 0
        return raw

    def text(self, raw: Any, where: str) -> str:
        if not isinstance(raw, str) or not raw.strip():
            self.problems.append(f"{where}: a non-empty text is required")
            return ""
        return raw.strip()

    def entries(self, raw: Any, where: str) -> list[Mapping[str, Any]]:
        if not isinstance(raw, list) or not all(isinstance(e, Mapping) for e in raw):
            self.problems.append(f"{where}: a list of objects is required")
            return []
        return raw

    def scheme(self, values: Mapping[str, Any]) -> Scheme | None:
        try:
            items = tuple(self.item(raw, f"items[{i}]") for i, raw in enumerate(self.entries(values["items"], "items")))
            deductions = tuple(
                Deduction(
                    self.text(raw.get("code"), f"deductions[{i}].code"),
                    str(raw.get("title", "")),
                    self.number(raw.get("points"), f"deductions[{i}].points"),
                )
                for i, raw in enumerate(self.entries(values.get("deductions", []), "deductions"))
            )
            bonuses = tuple(
                Bonus(
                    self.text(raw.get("code"), f"bonuses[{i}].code"),
                    str(raw.get("title", "")),
                    self.number(raw.get("min_points"), f"bonuses[{i}].min_points"),
                    self.number(raw.get("max_points"), f"bonuses[{i}].max_points"),
                )
                for i, raw in enumerate(self.entries(values.get("bonuses", []), "bonuses"))
            )
            bands = tuple(
                GradeBand(
                    self.text(raw.get("grade"), f"grade_bands[{i}].grade"),
                    self.number(raw.get("min_score"), f"grade_bands[{i}].min_score"),
                )
                for i, raw in enumerate(self.entries(values["grade_bands"], "grade_bands"))
            )
            periods = {SubjectType(s): PeriodKind(k) for s, k in dict(values["periods"]).items()}
            period_rules = {
                PeriodKind(kind): PeriodRules(
                    bottom_talk=bool(raw.get("bottom_talk", False)),
                    bottom_run=self.integer(
                        raw.get("bottom_run"), f"period_rules.{kind}.bottom_run", maximum=MAX_COUNT, optional=True
                    ),
                    fail_run=self.integer(
                        raw.get("fail_run"), f"period_rules.{kind}.fail_run", maximum=MAX_COUNT, optional=True
                    ),
                )
                for kind, raw in dict(values["period_rules"]).items()
            }
            annual = dict(values.get("annual", {"periodic_weight": "0.4", "year_end_weight": "0.6"}))
            return Scheme(
                items=items,
                deductions=deductions,
                bonuses=bonuses,
                grade_bands=bands,
                periods=periods,
                period_rules=period_rules,
                annual_periodic_weight=self.number(annual.get("periodic_weight"), "annual.periodic_weight"),
                annual_year_end_weight=self.number(annual.get("year_end_weight"), "annual.year_end_weight"),
                bottom_n=self.integer(values["bottom_n"], "bottom_n", maximum=MAX_COUNT) or 0,
                tie_break=tuple(str(key) for key in values.get("tie_break", [])),
                talk_deadline_working_days=self.integer(
                    values.get("talk_deadline_working_days", 5),
                    "talk_deadline_working_days",
                    maximum=MAX_WORKING_DAYS,
                )
                or 0,
                unmeasured_items=Unmeasured(values.get("unmeasured_items", Unmeasured.PRORATE.value)),
            )
        except KeyError as missing:
            self.problems.append(f"{missing.args[0]} is required")
        except (ValueError, TypeError, AttributeError) as exc:
            self.problems.append(str(exc))
        return None

    def item(self, raw: Mapping[str, Any], where: str) -> Item:
        metrics = tuple(
            Metric(
                fact=self.text(m.get("fact"), f"{where}.metrics[{i}].fact"),
                share=self.number(m.get("share", 1), f"{where}.metrics[{i}].share"),
                full_at=None if m.get("full_at") is None else self.number(m["full_at"], f"{where}.metrics[{i}]"),
                penalty=None if m.get("penalty") is None else self.number(m["penalty"], f"{where}.metrics[{i}]"),
            )
            for i, m in enumerate(self.entries(raw.get("metrics", []), f"{where}.metrics"))
        )
        return Item(
            code=self.text(raw.get("code"), f"{where}.code"),
            title=str(raw.get("title", "")),
            weight=self.number(raw.get("weight"), f"{where}.weight"),
            metrics=metrics,
        )
