"""The repeat-fault aggravation (DOMAIN §3.1 D: ≥ 2 faults in a year, 431号): which earlier faults
count, and over which window."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from assessment.application import Assessments
from assessment.domain.accountability.matter import AccountabilityMatter
from assessment.domain.accountability.terms import AggravationGround, Category, ResponsibleRole, Share, Tier, Trigger
from shared.domain import FixedClock, command_context
from tests.unit.assessment.conftest import as_director, at

OFFICER = "1f0c6a52-0000-4000-8000-000000000001"


def raised(app: Assessments) -> AccountabilityMatter:
    return app.raise_matter(
        category=Category.INACTION,
        trigger=Trigger.DEADLINE_BREACH,
        unit_id="STN03",
        suspected_officer_ids=[OFFICER],
        related={},
        summary="filing limit exceeded",
    )


def determined(app: Assessments, matter_id: UUID) -> None:
    app.open_investigation(matter_id, ["legal-li"])
    app.determine_responsibility(
        matter_id, officer_id=OFFICER, role=ResponsibleRole.HANDLER, share=Share.FULL, basis=""
    )


def sanctioned(app: Assessments, matter_id: UUID) -> None:
    with command_context(as_director()):
        app.impose_sanction(
            matter_id,
            officer_id=OFFICER,
            unit_id=None,
            sanction_type="criticism_education",
            tier=Tier.LIGHT,
            effective_at=datetime(2018, 1, 1, tzinfo=UTC),
            ends_at=None,
        )


def events(app: Assessments, matter_id: UUID) -> list[str]:
    return [type(e).__name__ for e in app.stored_events(matter_id)]


def aggravations(app: Assessments, matter_id: UUID) -> list[AccountabilityMatter.AggravationApplied]:
    return [e for e in app.stored_events(matter_id) if isinstance(e, AccountabilityMatter.AggravationApplied)]


def test_a_fault_sanctioned_after_the_next_matter_was_raised_aggravates_the_next_determination(
    app: Assessments, clock: FixedClock
) -> None:
    at(clock, "2018-01-05")
    first = raised(app)
    determined(app, first.id)
    at(clock, "2018-02-10")
    second = raised(app)
    at(clock, "2018-03-01")
    sanctioned(app, first.id)  # the first fault is confirmed after the second matter was raised
    at(clock, "2018-03-10")
    determined(app, second.id)
    (aggravation,) = aggravations(app, second.id)
    assert (aggravation.ground, aggravation.automatic) == (AggravationGround.REPEAT_FAULTS.value, True)
    assert aggravation.prior_matter_ids == [str(first.id)]


def test_a_fault_confirmed_after_the_determination_aggravates_before_the_sanction(
    app: Assessments, clock: FixedClock
) -> None:
    at(clock, "2018-01-05")
    first = raised(app)
    second = raised(app)
    determined(app, first.id)
    determined(app, second.id)
    assert aggravations(app, second.id) == []
    at(clock, "2018-03-01")
    sanctioned(app, first.id)
    at(clock, "2018-03-10")
    sanctioned(app, second.id)
    (aggravation,) = aggravations(app, second.id)
    assert aggravation.prior_matter_ids == [str(first.id)]
    assert events(app, second.id)[-2:] == ["AggravationApplied", "SanctionImposed"]


def test_the_repeat_fault_window_is_365_days_ending_on_the_decision_day(app: Assessments, clock: FixedClock) -> None:
    first = raised(app)
    determined(app, first.id)
    sanctioned(app, first.id)  # confirmed on 2018-03-20
    at(clock, "2019-03-19")  # 364 days later: the 365th day of the window
    inside = raised(app)
    determined(app, inside.id)
    assert [e.prior_matter_ids for e in aggravations(app, inside.id)] == [[str(first.id)]]
    at(clock, "2019-03-20")  # 365 days later: a year and a day, counting both ends
    outside = raised(app)
    determined(app, outside.id)
    assert aggravations(app, outside.id) == []
