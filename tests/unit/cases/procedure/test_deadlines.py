"""Deadlines watched by the scheduler: each breach recorded once, whenever and however often the
watch runs; clock suspensions and approved extensions move the decision deadline."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from cases.domain.penalties import Penalty
from cases.domain.penalty_case.clock import ExtensionAfterDeadlineError
from tests.unit.cases.procedure.support import World, acting, at, decided_case, publish, serve


def on(world: World, day: str) -> None:
    """Make `day` (evening, bureau time) the scheduler's today."""
    world.clock.set(at(day, 20))


def breaches(world: World, aggregate_id: UUID) -> list[tuple[str, date]]:
    events = world.cases.stored_events(aggregate_id)
    return [(e.kind, e.due_on) for e in events if type(e).__name__ == "DeadlineBreached"]


def test_a_missed_filing_deadline_is_recorded_once_however_often_the_watch_runs(world: World) -> None:
    lead = world.lead()
    world.verify(lead)  # Friday 2 March: filing due Friday 16 March
    on(world, "2018-03-16")
    assert world.cases.watch_deadlines() == []
    on(world, "2018-03-17")
    first = world.cases.watch_deadlines()
    again = world.cases.watch_deadlines()
    world.cases._watch = None  # a restarted scheduler reads the log afresh
    after_restart = world.cases.watch_deadlines()
    assert [(b.aggregate_id, b.kind) for b in first] == [(lead, "filing")]
    assert again == after_restart == []
    assert breaches(world, lead) == [("filing", date(2018, 3, 16))]
    breach = world.cases.stored_events(lead)[-1]
    assert breach.officer_ids == [world.a, world.b]
    assert breach.actor_id == "officer-wang"  # the test's context; the scheduler runs as a system actor


def test_an_unverified_lead_breaches_its_verification_deadline(world: World) -> None:
    lead = world.lead()  # Thursday 1 March: verify by Tuesday 6 March
    on(world, "2018-03-07")
    world.cases.watch_deadlines()
    assert breaches(world, lead) == [("verification", date(2018, 3, 6))]


def test_a_major_violation_reported_late_is_a_breach_even_if_the_watch_ran_after(world: World) -> None:
    lead = world.lead()
    world.verify(lead, basic_farmland_mu=6.0)  # report due Wednesday 7 March
    world.cases.report_major_violation(
        lead, report_no="BG-1", reported_to=["higher_bureau"], reported_at=at("2018-03-09")
    )
    on(world, "2018-03-12")
    world.cases.watch_deadlines()
    assert breaches(world, lead) == [("major_violation_report", date(2018, 3, 7))]
    assert world.cases.get_lead(lead).documents["major_violation_report"] == ["BG-1"]


def test_a_stopped_clock_and_an_approved_extension_move_the_decision_deadline(world: World) -> None:
    case_id = world.filed_case()  # filed Monday 5 March: decide within 60 days, by Friday 4 May
    assert world.cases.get_case(case_id).decision_due_on == date(2018, 5, 4)
    world.cases.suspend_case_clock(case_id, reason="appraisal", suspended_at=at("2018-04-01"))
    on(world, "2018-05-10")
    world.cases.watch_deadlines()
    assert breaches(world, case_id) == []  # the clock stands still while the land is appraised
    world.cases.resume_case_clock(case_id, resumed_at=at("2018-04-11"))
    assert world.cases.get_case(case_id).decision_due_on == date(2018, 5, 14)
    world.cases.extend_decision_deadline(
        case_id,
        kind="standard",
        days=30,
        approved_by=world.director,
        reason="complex survey",
        approved_at=at("2018-05-10"),
    )
    assert world.cases.get_case(case_id).decision_due_on == date(2018, 6, 13)
    on(world, "2018-06-13")
    world.cases.watch_deadlines()
    assert breaches(world, case_id) == []
    on(world, "2018-06-14")
    world.cases.watch_deadlines()
    assert breaches(world, case_id) == [("decision", date(2018, 6, 13))]


def test_publication_service_and_archiving_each_have_their_deadline(world: World) -> None:
    case_id = decided_case(world, penalties=[Penalty("warning")])  # decided Monday 26 March
    decision = world.cases.get_case(case_id).decision
    assert decision["publication_due_on"] == date(2018, 4, 4)  # type: ignore[index]  # 7 working days
    assert decision["service_due_on"] == date(2018, 4, 2)  # type: ignore[index]  # 7 days
    on(world, "2018-04-09")
    world.cases.watch_deadlines()
    assert breaches(world, case_id) == [("publication", date(2018, 4, 4)), ("service", date(2018, 4, 2))]
    serve(world, case_id, day="2018-04-09")
    publish(world, case_id, day="2018-04-09")
    world.cases.close_case(
        case_id, reason="executed", form_no="JA-1", approved_by=world.director, closed_at=at("2018-04-09")
    )
    on(world, "2018-05-10")
    world.cases.watch_deadlines()
    assert breaches(world, case_id)[-1] == ("archiving", date(2018, 5, 9))


def test_an_unperformed_decision_with_no_court_application_breaches_the_application_deadline(world: World) -> None:
    case_id = decided_case(world, penalties=[Penalty("fine", 4_000)])
    serve(world, case_id, day="2018-03-27")
    publish(world, case_id)
    on(world, "2018-12-28")
    world.cases.watch_deadlines()
    assert ("enforcement_application", date(2018, 12, 27)) in breaches(world, case_id)


def test_a_lead_verified_late_is_still_watched_for_its_filing_deadline(world: World) -> None:
    lead = world.lead()  # verification due Tuesday 6 March
    on(world, "2018-03-07")
    world.cases.watch_deadlines()
    world.verify(lead, verified_at=at("2018-03-07", 9))  # filing due Wednesday 21 March
    on(world, "2018-03-22")
    world.cases.watch_deadlines()
    assert breaches(world, lead) == [("verification", date(2018, 3, 6)), ("filing", date(2018, 3, 21))]


def test_a_settled_lead_and_an_archived_case_leave_the_watch(world: World) -> None:
    lead = world.lead()
    world.verify(lead, outcome="no_violation")
    on(world, "2018-03-05")
    world.cases.watch_deadlines()
    assert world.cases._watch is not None
    assert lead not in world.cases._watch.open_ids


def test_a_day_the_clock_stood_still_counts_once_however_the_suspensions_overlap(world: World) -> None:
    case_id = world.filed_case()  # decide by Friday 4 May
    world.cases.suspend_case_clock(case_id, reason="appraisal", suspended_at=at("2018-04-01"))
    world.cases.resume_case_clock(case_id, resumed_at=at("2018-04-11"))
    assert world.cases.get_case(case_id).decision_due_on == date(2018, 5, 14)
    # Postal transit recorded later, from inside the appraisal until five days after it.
    world.cases.suspend_case_clock(case_id, reason="postal", suspended_at=at("2018-04-05"))
    world.cases.resume_case_clock(case_id, resumed_at=at("2018-04-16"))
    case = world.cases.get_case(case_id)
    assert case.suspensions[-1]["days"] == 5  # 12 to 16 April: the days before stood still already
    assert case.decision_due_on == date(2018, 5, 19)


def test_a_deadline_is_extended_while_the_clock_is_stopped_past_its_original_day(world: World) -> None:
    case_id = world.filed_case()  # decide by Friday 4 May
    world.cases.suspend_case_clock(case_id, reason="appraisal", suspended_at=at("2018-04-25"))
    world.cases.extend_decision_deadline(
        case_id, kind="standard", days=30, approved_by=world.director, reason="complex", approved_at=at("2018-05-10")
    )
    assert world.cases.get_case(case_id).decision_due_on == date(2018, 6, 3)
    world.cases.resume_case_clock(case_id, resumed_at=at("2018-05-10"))
    assert world.cases.get_case(case_id).decision_due_on == date(2018, 6, 18)  # 15 days stood still
    with pytest.raises(ExtensionAfterDeadlineError) as late:
        world.cases.extend_decision_deadline(
            case_id, kind="standard", days=0, approved_by=world.director, reason="late", approved_at=at("2018-06-19")
        )
    assert late.value.details == {"due_on": "2018-06-18"}


def challenge(world: World, case_id: UUID, proceeding: str, filed: str) -> None:
    with acting(role="legal_affairs", unit=None):
        world.cases.file_challenge(
            case_id, proceeding=proceeding, body="孟津县人民政府", reference="C-1", filed_at=at(filed)
        )


def uphold(world: World, case_id: UUID, proceeding: str, decided: str) -> None:
    with acting(role="legal_affairs", unit=None):
        world.cases.decide_challenge(
            case_id,
            proceeding=proceeding,
            reference="C-1",
            outcome="upheld",
            category=None,
            description="",
            responsible=[],
            decided_at=at(decided),
        )


def test_a_pending_reconsideration_stops_the_application_deadline_and_its_decision_restarts_it(
    world: World,
) -> None:
    case_id = decided_case(world, penalties=[Penalty("fine", 4_000)])
    serve(world, case_id, day="2018-03-27")  # the window would end on 27 December
    publish(world, case_id)
    on(world, "2018-12-28")
    challenge(world, case_id, "reconsideration", filed="2018-05-10")
    world.cases.watch_deadlines()
    assert [kind for kind, _ in breaches(world, case_id)] == []  # the court may not be applied to meanwhile
    uphold(world, case_id, "reconsideration", decided="2018-12-28")
    # 15 days to sue (行政诉讼法 art. 45) end on Saturday 12 January, so on Monday 14; the window of
    # three months (行政强制法 art. 53) on Sunday 14 April, so on Monday 15.
    enforcement = world.cases.get_case(case_id).enforcement
    assert (enforcement["challenge_period_ends_on"], enforcement["application_due_on"]) == (
        date(2019, 1, 14),
        date(2019, 4, 15),
    )
    world.cases.watch_deadlines()
    on(world, "2019-04-15")
    world.cases.watch_deadlines()
    assert breaches(world, case_id) == []
    on(world, "2019-04-16")
    world.cases.watch_deadlines()
    world.cases.watch_deadlines()
    assert breaches(world, case_id) == [("enforcement_application", date(2019, 4, 15))]


def test_a_judgment_upholding_the_decision_gives_the_bureau_two_years_to_apply_to_enforce_it(world: World) -> None:
    case_id = decided_case(world, penalties=[Penalty("fine", 4_000)])
    serve(world, case_id, day="2018-03-27")
    publish(world, case_id)
    on(world, "2018-12-28")
    challenge(world, case_id, "litigation", filed="2018-05-10")
    uphold(world, case_id, "litigation", decided="2018-11-05")
    enforcement = world.cases.get_case(case_id).enforcement
    # The party's challenge ended with the judgment; 法释〔2018〕1号 art. 153 gives two years to apply.
    assert (enforcement["challenge_period_ends_on"], enforcement["application_due_on"]) == (
        date(2018, 11, 5),
        date(2020, 11, 5),
    )
    assert enforcement["judgment"] == {"reference": "C-1", "outcome": "upheld", "effective_on": date(2018, 11, 5)}
    world.cases.watch_deadlines()
    assert breaches(world, case_id) == []  # the window of the decision alone (27 December) no longer binds
    on(world, "2020-11-06")
    world.cases.watch_deadlines()
    assert breaches(world, case_id) == [("enforcement_application", date(2020, 11, 5))]


def test_a_judgment_revoking_the_decision_leaves_nothing_to_apply_for(world: World) -> None:
    case_id = decided_case(world, penalties=[Penalty("fine", 4_000)])
    serve(world, case_id, day="2018-03-27")
    publish(world, case_id)
    challenge(world, case_id, "litigation", filed="2018-05-10")
    with acting(role="legal_affairs", unit=None):
        world.cases.decide_challenge(
            case_id,
            proceeding="litigation",
            reference="C-1",
            outcome="confirmed_illegal",
            category="procedure",
            description="notice defective",
            responsible=[{"officer_id": world.a, "role": "handler"}],
            decided_at=at("2018-11-05"),
        )
    enforcement = world.cases.get_case(case_id).enforcement
    assert "judgment" not in enforcement
    on(world, "2021-01-01")
    world.cases.watch_deadlines()
    assert breaches(world, case_id) == []
