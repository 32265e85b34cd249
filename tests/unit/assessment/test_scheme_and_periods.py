"""The shipped scheme, scheme and accountability-rule validation, and period keys and bounds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from assessment.application import Assessments
from assessment.domain.accountability.rules import MAXIMA, AccountabilityRules, InvalidAccountabilityRulesError
from assessment.domain.default_scheme import DEFAULT_SCHEME
from assessment.domain.periods import InvalidPeriodError, Period, PeriodKind
from assessment.domain.scheme import InvalidSchemeError, Scheme


def test_the_default_scheme_is_domain_4_2() -> None:
    weights = {item.code: item.weight for item in DEFAULT_SCHEME.items}
    assert weights == {
        "case_quality": 25,
        "procedure_compliance": 15,
        "timeliness": 15,
        "patrol_and_stopping": 15,
        "training_exam": 10,
        "external_evaluation": 10,
        "conduct_and_equipment": 10,
    }
    deductions = {d.code: d.points for d in DEFAULT_SCHEME.deductions}
    assert {
        k: deductions[k] for k in ("wrongful_case", "decision_revoked", "enforcement_petition", "deadline_breach")
    } == {
        "wrongful_case": 10,
        "decision_revoked": 5,
        "enforcement_petition": 3,
        "deadline_breach": 1,
    }
    assert [deductions[f"sanction_tier_{t}"] for t in (1, 2, 3)] == [2, 5, 10]
    assert [(g.grade, g.min_score) for g in DEFAULT_SCHEME.grade_bands] == [
        ("excellent", 90),
        ("good", 80),
        ("pass", 70),
        ("fail", 0),
    ]
    assert DEFAULT_SCHEME.bottom_n == 3
    assert DEFAULT_SCHEME.rules_for(PeriodKind.MONTHLY).bottom_run == 3
    assert DEFAULT_SCHEME.rules_for(PeriodKind.QUARTERLY).bottom_run == 2
    assert DEFAULT_SCHEME.tie_break == ("deductions", "item:case_quality")
    assert (DEFAULT_SCHEME.annual_periodic_weight, DEFAULT_SCHEME.annual_year_end_weight) == (
        Decimal("0.4"),
        Decimal("0.6"),
    )


def test_a_scheme_survives_its_stored_form() -> None:
    assert Scheme.from_values(DEFAULT_SCHEME.to_values()) == DEFAULT_SCHEME


def test_a_scheme_whose_weights_do_not_sum_to_100_is_refused_with_every_problem() -> None:
    values = DEFAULT_SCHEME.to_values()
    values["items"][0]["weight"] = "30"
    values["tie_break"] = ["item:nonexistent"]
    values["grade_bands"] = [{"grade": "pass", "min_score": "60"}]
    with pytest.raises(InvalidSchemeError) as refused:
        Scheme.from_values(values)
    problems = refused.value.details["problems"]
    assert "item weights must sum to 100, not 105" in problems
    assert any("tie_break" in p for p in problems)
    assert any("grade bands" in p for p in problems)


def test_a_scheme_with_malformed_values_is_refused_not_crashed() -> None:
    values = DEFAULT_SCHEME.to_values()
    values["items"][1]["weight"] = "heavy"
    values["bottom_n"] = "three"
    del values["periods"]
    with pytest.raises(InvalidSchemeError) as refused:
        Scheme.from_values(values)
    assert refused.value.details["problems"]


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        (("items", 0, "weight"), "1e999999999"),
        (("items", 0, "weight"), "1000001"),
        (("items", 0, "metrics", 0, "full_at"), "1e-999999999"),
        (("items", 0, "metrics", 0, "share"), "0.0000001"),
        (("deductions", 0, "points"), "-1e999999999"),
        (("bonuses", 0, "max_points"), "9" * 40),
        (("grade_bands", 0, "min_score"), "1e999999999"),
        (("annual", "periodic_weight"), "1e999999999"),
        (("bottom_n",), 10**12),
        (("talk_deadline_working_days",), 10**9),
        (("period_rules", "monthly", "bottom_run"), 10**9),
    ],
)
def test_a_scheme_with_an_out_of_range_number_is_refused_as_invalid_not_overflowed(
    path: tuple[str | int, ...], raw: object
) -> None:
    values = DEFAULT_SCHEME.to_values()
    target: Any = values
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = raw
    with pytest.raises(InvalidSchemeError) as refused:
        Scheme.from_values(values)
    assert any(repr(raw) in problem for problem in refused.value.details["problems"])


def test_publishing_a_scheme_with_an_overlarge_weight_writes_nothing(app: Assessments) -> None:
    values = DEFAULT_SCHEME.to_values()
    values["items"][0]["weight"] = "1e999999999"
    written = app.recorder.max_notification_id()
    with pytest.raises(InvalidSchemeError):
        app.publish_scheme(effective_from=date(2018, 4, 1), values=values, note="")
    assert app.recorder.max_notification_id() == written


@pytest.mark.parametrize("name", sorted(MAXIMA))
def test_accountability_rules_beyond_their_maximum_are_refused(name: str) -> None:
    with pytest.raises(InvalidAccountabilityRulesError) as refused:
        AccountabilityRules.from_values({name: 10**9})
    assert refused.value.details["too_large"] == [name]
    assert AccountabilityRules.from_values({name: MAXIMA[name]}).to_values()[name] == MAXIMA[name]


def test_every_accountability_rule_has_a_maximum() -> None:
    assert set(MAXIMA) == set(AccountabilityRules.__dataclass_fields__)


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("2018-02", date(2018, 2, 1), date(2018, 2, 28)),
        ("2018-Q4", date(2018, 10, 1), date(2018, 12, 31)),
        ("2018", date(2018, 1, 1), date(2018, 12, 31)),
    ],
)
def test_period_keys_and_bounds(key: str, start: date, end: date) -> None:
    period = Period.parse(key)
    assert (period.key, period.start, period.end) == (key, start, end)


def test_periods_follow_each_other_across_years() -> None:
    assert Period.parse("2018-01").previous().key == "2017-12"
    assert Period.parse("2017-Q4").next().key == "2018-Q1"
    assert [p.key for p in Period.parse("2018").parts(PeriodKind.QUARTERLY)] == [
        "2018-Q1",
        "2018-Q2",
        "2018-Q3",
        "2018-Q4",
    ]
    assert Period.containing(PeriodKind.QUARTERLY, date(2018, 5, 31)).key == "2018-Q2"


@pytest.mark.parametrize("key", ["2018-13", "18-03", "2018-Q5", "March"])
def test_malformed_period_keys_are_refused(key: str) -> None:
    with pytest.raises(InvalidPeriodError):
        Period.parse(key)
