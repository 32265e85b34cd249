"""Templates as data, chosen by filing date; rules as versioned configuration, recorded on each case."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from cases.domain.rules import CALENDAR, WORKING, Limit, RulesInvalidError
from cases.domain.templates import MEASURES_2014, MEASURES_2024, template_for
from tests.unit.cases.procedure.support import World, at, new_world


def test_the_filing_date_chooses_the_measures_the_case_follows() -> None:
    assert template_for(date(2024, 4, 30)) is MEASURES_2014
    assert template_for(date(2024, 5, 1)) is MEASURES_2024


def test_missing_steps_are_listed_with_their_predecessors_in_flowchart_order() -> None:
    done = {"lead_intake", "lead_verification", "case_filing"}
    missing = MEASURES_2014.missing_before("penalty_decision", done, lambda condition: condition == "penalty_path")
    assert missing == [
        "investigation",
        "investigation_report",
        "case_review",
        "penalty_notice",
        "statement_and_defence",
    ]


def test_a_conditional_step_is_required_only_when_its_condition_holds() -> None:
    done = {"lead_intake", "lead_verification"}
    assert MEASURES_2014.missing_before("case_filing", done, lambda condition: False) == []
    assert MEASURES_2014.missing_before("case_filing", done, lambda c: c == "violation_ongoing") == ["stop_order"]


def test_closure_needs_a_decision_whichever_it_was() -> None:
    done = {s.code for s in MEASURES_2014.steps[:9]}
    assert "decision" in MEASURES_2014.missing_before("case_closure", done, lambda condition: False)


def test_every_step_names_its_documents_numbered_within_the_template() -> None:
    numbers = [d.form_no for step in MEASURES_2014.steps for d in step.documents]
    assert len(numbers) == len(set(numbers)) == 27
    assert MEASURES_2014.step("investigation").needs_enforcers
    assert MEASURES_2014.step("case_filing").limit is not None


def test_the_two_versions_differ_where_the_measures_differ() -> None:
    assert "first_minor_corrected" in MEASURES_2024.no_penalty_reasons
    assert "first_minor_corrected" not in MEASURES_2014.no_penalty_reasons
    assert MEASURES_2014.extension("decision").special_allowed  # type: ignore[union-attr]
    assert not MEASURES_2024.extension("decision").special_allowed  # type: ignore[union-attr]
    assert MEASURES_2024.step("penalty_notice").documents[0].title == "自然资源行政处罚告知书"


@pytest.fixture
def later_world() -> Iterator[World]:
    yield from new_world(datetime(2025, 6, 30, tzinfo=UTC))


def test_a_case_records_the_template_and_rule_version_in_force_on_its_filing_date(later_world: World) -> None:
    world = later_world
    for officer in (world.a, world.b):
        world.directory.certify(officer, "2017-01-01", "2030-01-01")
    old = world.lead("L-OLD", received_at=at("2018-03-01"))
    world.verify(old)
    early = world.file(old, "MJ-2018-900")
    recent = world.lead("L-NEW", received_at=at("2024-06-03"))
    world.verify(recent, verified_at=at("2024-06-04"))
    late = world.file(recent, "MJ-2024-900", filed_at=at("2024-06-05"))
    assert (early.template_version, early.rule_version, early.rules.limit("decision").days) == ("2014", 2, 60)
    assert (late.template_version, late.rule_version, late.rules.limit("decision").days) == ("2024", 5, 90)
    assert late.rules.limit("statement").days == 5


def test_the_penalty_law_of_2021_changes_the_limits_of_cases_filed_from_15_july_2021(later_world: World) -> None:
    world = later_world
    for officer in (world.a, world.b):
        world.directory.certify(officer, "2017-01-01", "2030-01-01")
    before = world.lead("L-JUL14", received_at=at("2021-07-12"))
    world.verify(before, verified_at=at("2021-07-13"))
    under_measures = world.file(before, "MJ-2021-014", filed_at=at("2021-07-14"))
    after = world.lead("L-JUL15", received_at=at("2021-07-13"))
    world.verify(after, verified_at=at("2021-07-14"))
    under_law = world.file(after, "MJ-2021-015", filed_at=at("2021-07-15"))
    old, new = under_measures.rules, under_law.rules
    assert (under_measures.rule_version, under_law.rule_version) == (2, 3)
    assert (old.limit("hearing_request"), new.limit("hearing_request")) == (Limit(3, WORKING), Limit(5, WORKING))
    assert (old.limit("service"), new.limit("service")) == (Limit(7, CALENDAR), Limit(7, WORKING))
    assert "confiscate_gains" not in old.hearing_penalty_kinds
    assert "confiscate_gains" in new.hearing_penalty_kinds
    assert old.limit("decision") == new.limit("decision") == Limit(60, CALENDAR)  # the Measures' own limit stands


def test_the_party_has_three_months_to_sue_in_cases_filed_before_1_may_2015(later_world: World) -> None:
    """行政诉讼法 1989 art. 39 gave three months; the 2014 revision (art. 46), in force from 1 May
    2015, gives six: the court-application window opens after that period."""
    world = later_world
    for officer in (world.a, world.b):
        world.directory.certify(officer, "2014-01-01", "2030-01-01")
    before = world.lead("L-APR30", received_at=at("2015-04-27"))
    world.verify(before, verified_at=at("2015-04-28"))
    under_old_law = world.file(before, "MJ-2015-030", filed_at=at("2015-04-30"))
    after = world.lead("L-MAY04", received_at=at("2015-04-28"))
    world.verify(after, verified_at=at("2015-04-29"))
    under_new_law = world.file(after, "MJ-2015-031", filed_at=at("2015-05-04"))
    assert (under_old_law.rule_version, under_new_law.rule_version) == (1, 2)
    assert (under_old_law.rules.litigation_period_months, under_new_law.rules.litigation_period_months) == (3, 6)


def test_a_new_rule_version_applies_from_its_effective_date_only(later_world: World) -> None:
    world = later_world
    values = dict(world.cases.ruleset("penalty_procedure").versions[-1].values)
    values["limits"] = {**values["limits"], "verification": {"days": 5, "unit": "calendar"}}
    world.cases.publish_rules("penalty_procedure", effective_from=date(2025, 3, 1), values=values, note="local rule")
    before = world.cases.get_lead(world.lead("L-BEFORE", received_at=at("2025-02-28")))
    after = world.cases.get_lead(world.lead("L-AFTER", received_at=at("2025-03-01")))
    assert (before.rule_version, before.verification_due_on) == (5, date(2025, 3, 5))
    assert (after.rule_version, after.verification_due_on) == (6, date(2025, 3, 6))


def test_malformed_rules_are_refused_and_nothing_is_published(world: World) -> None:
    before = world.cases.ruleset("penalty_procedure").version
    with pytest.raises(RulesInvalidError) as refused:
        world.cases.publish_rules(
            "penalty_procedure", effective_from=date(2019, 1, 1), values={"limits": {}}, note="incomplete"
        )
    assert refused.value.status == 422
    with pytest.raises(RulesInvalidError):
        world.cases.publish_rules(
            "case_file_review",
            effective_from=date(2019, 1, 1),
            values={
                "category_points": {"authority": 50},
                "pass_mark": 60,
                "excellent_mark": 90,
                "major_defect_fails": True,
            },
            note="not 100 points",
        )
    assert world.cases.ruleset("penalty_procedure").version == before


@pytest.mark.parametrize(
    "limits",
    [[], "60 days", {"decision": [60, "calendar"]}, {"decision": {"days": None, "unit": "calendar"}}],
)
def test_rules_of_the_wrong_shape_are_refused_as_malformed(world: World, limits: object) -> None:
    values = {**world.cases.ruleset("penalty_procedure").versions[-1].values, "limits": limits}
    before = world.cases.ruleset("penalty_procedure").version
    with pytest.raises(RulesInvalidError) as refused:
        world.cases.publish_rules("penalty_procedure", effective_from=date(2025, 1, 1), values=values, note="bad")
    assert (refused.value.status, refused.value.code) == (422, "rules_invalid")
    assert world.cases.ruleset("penalty_procedure").version == before


@pytest.mark.parametrize(
    "change",
    [
        {"limits.decision": {"days": 10**20, "unit": "working"}},  # would count past year 9999
        {"limits.statement": {"days": -1, "unit": "working"}},
        {"decision_extension_max_days": 10**9},
        {"litigation_period_months": 10**6},
        {"enforcement_officers_min": 1},
        {"major_violation_cultivated_mu": float("nan")},
        {"hearing_fine_person_yuan": -5},
    ],
)
def test_rules_out_of_range_are_refused_before_any_deadline_is_counted_with_them(
    world: World, change: dict[str, object]
) -> None:
    values = dict(world.cases.ruleset("penalty_procedure").versions[-1].values)
    for key, value in change.items():
        if key.startswith("limits."):
            values["limits"] = {**values["limits"], key.removeprefix("limits."): value}
        else:
            values[key] = value
    before = world.cases.ruleset("penalty_procedure").version
    with pytest.raises(RulesInvalidError) as refused:
        world.cases.publish_rules("penalty_procedure", effective_from=date(2025, 1, 1), values=values, note="bad")
    assert (refused.value.status, refused.value.code) == (422, "rules_invalid")
    assert world.cases.ruleset("penalty_procedure").version == before


def test_holidays_are_configuration(world: World) -> None:
    # Friday 2018-03-02 + 3 working days is Wednesday 7 March; a configured holiday on the 5th moves it.
    assert world.cases.get_lead(world.lead("L-CAL-1", received_at=at("2018-03-02"))).verification_due_on == date(
        2018, 3, 7
    )
    world.cases.publish_rules(
        "working_calendar",
        effective_from=date(2018, 1, 1),
        values={"holidays": ["2018-03-05"], "makeup_workdays": []},
        note="a local holiday",
    )
    assert world.cases.working_calendar(date(2018, 3, 2)).is_working_day(date(2018, 3, 5)) is False
    lead = world.cases.get_lead(world.lead("L-CAL-2", received_at=at("2018-03-02")))
    assert lead.verification_due_on == date(2018, 3, 8)
