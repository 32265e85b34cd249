"""Investigation by certified teams, the report, the merits review by a non-investigator, the
collective discussion and the legal review; and the certificate revoked between two steps."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cases.domain.enforcers import OfficerCannotEnforceError
from cases.domain.errors import (
    CaseDecidedError,
    OccurredBeforeError,
    OfficerRecusedError,
    StepNotApplicableError,
    StepsMissingError,
)
from cases.domain.penalties import Penalty
from cases.domain.penalty_case.review import (
    ReviewChecklistFailedError,
    ReviewerIsInvestigatorError,
    TooFewParticipantsError,
)
from cases.domain.timing import OccurredInFutureError
from shared.domain import InvalidInputError
from shared.domain.access import ForbiddenError
from tests.unit.cases.procedure.support import World, acting, at, shown


def survey(world: World, case_id: object, day: str, *officers: object) -> None:
    world.cases.record_site_survey(
        case_id,  # type: ignore[arg-type]
        doc_no=f"KC-{day}",
        officers=shown(*officers),  # type: ignore[arg-type]
        measured_area_mu=1.0,
        cultivated_mu=1.0,
        basic_farmland_mu=0.0,
        surveyor_org=None,
        map_ref=None,
        surveyed_at=at(day),
    )


def test_a_certificate_revoked_between_two_steps_refuses_the_later_step(world: World) -> None:
    case_id = world.filed_case()
    survey(world, case_id, "2018-03-06", world.a, world.b)
    world.directory.revoke(world.b, on="2018-03-07")
    with pytest.raises(OfficerCannotEnforceError) as refused:
        survey(world, case_id, "2018-03-08", world.a, world.b)
    assert refused.value.details["officers"][0]["officer_id"] == str(world.b)
    assert refused.value.details["officers"][0]["reason"] == "expired"
    survey(world, case_id, "2018-03-08", world.a, world.c)
    assert world.cases.get_case(case_id).investigators == {world.a, world.b, world.c}


def test_the_report_needs_an_inquiry_and_a_site_survey(world: World) -> None:
    case_id = world.filed_case()
    with pytest.raises(StepsMissingError) as missing:
        world.report(case_id)
    assert missing.value.details == {"step": "investigation_report", "missing_steps": ["investigation"]}
    survey(world, case_id, "2018-03-06", world.a, world.b)
    with pytest.raises(StepsMissingError):
        world.report(case_id)
    world.investigate(case_id)
    world.report(case_id)
    assert world.cases.get_case(case_id).stage == "under_review"


def test_a_recused_officer_takes_no_further_part(world: World) -> None:
    case_id = world.filed_case()
    world.cases.recuse_officer(
        case_id, officer_id=world.b, reason="relative of the party", replaced_by=world.c, recused_at=None
    )
    assert world.cases.get_case(case_id).handling_officer_ids == [world.a, world.c]
    with pytest.raises(OfficerRecusedError):
        survey(world, case_id, "2018-03-06", world.a, world.b)


def test_a_step_cannot_precede_the_filing_or_lie_in_the_future(world: World) -> None:
    case_id = world.filed_case()
    with pytest.raises(OccurredBeforeError):
        survey(world, case_id, "2018-03-04", world.a, world.b)
    with pytest.raises(OccurredInFutureError):
        world.cases.record_obstruction(
            case_id,
            description="blocked",
            assistance_requested_from="police",
            obstructed_at=world.clock.now() + timedelta(days=1),
        )


def test_the_case_reviewer_is_not_an_investigator(world: World) -> None:
    case_id = world.filed_case()
    world.investigate(case_id)
    world.report(case_id)
    with pytest.raises(ReviewerIsInvestigatorError):
        world.review(case_id, reviewer_id=world.a)
    world.review(case_id)


def test_an_approving_review_must_find_every_point_sound(world: World) -> None:
    case_id = world.filed_case()
    world.investigate(case_id)
    world.report(case_id)
    checklist = dict.fromkeys(
        ("filing_ok", "party_ok", "facts_evidence_ok", "characterisation_ok", "law_ok", "procedure_ok"), True
    )
    with pytest.raises(ReviewChecklistFailedError) as refused:
        world.review(case_id, checklist={**checklist, "handling_ok": False})
    assert refused.value.details == {"failed_points": ["handling_ok"]}


def test_a_case_returned_for_supplement_needs_new_investigation_and_a_new_report(world: World) -> None:
    case_id = world.filed_case()
    world.investigate(case_id)
    world.report(case_id)
    world.review(case_id, outcome="supplement", checklist={"facts_evidence_ok": False})
    with pytest.raises(StepsMissingError) as missing:
        world.report(case_id, day="2018-03-14")
    assert missing.value.details["missing_steps"] == ["investigation"]
    survey(world, case_id, "2018-03-15", world.a, world.b)
    world.report(case_id, day="2018-03-16")
    world.review(case_id, day="2018-03-19")
    assert "case_review" in world.cases.get_case(case_id).completed


def test_a_major_case_needs_a_passed_legal_review_before_its_decision(world: World) -> None:
    case_id = world.filed_case()
    world.investigate(case_id)
    world.report(case_id, proposed_penalties=[Penalty("confiscate_buildings", None, 660.0)])
    world.review(case_id)
    world.notice(case_id, penalties=[Penalty("confiscate_buildings", None, 660.0)])
    world.cases.waive_statement(case_id, written=True, waived_at=at("2018-03-14", 15))
    with pytest.raises(StepsMissingError) as missing:
        world.decide(case_id, penalties=[Penalty("confiscate_buildings", None, 660.0)])
    assert "legal_review" in missing.value.details["missing_steps"]
    with acting(role="legal_affairs", unit=None):
        world.cases.complete_legal_review(
            case_id, reviewer_id=world.legal, opinion_no="FZ-1", result="failed", issues=["basis"], reviewed_at=None
        )
    with pytest.raises(StepsMissingError) as still:
        world.decide(case_id, penalties=[Penalty("confiscate_buildings", None, 660.0)])
    assert "legal_review" in still.value.details["missing_steps"]
    with acting(role="legal_affairs", unit=None):
        world.cases.complete_legal_review(
            case_id, reviewer_id=world.legal, opinion_no="FZ-2", result="passed", issues=[], reviewed_at=None
        )
    assert world.cases.get_case(case_id).legal_review_grounds() == ["confiscate_buildings"]


def test_a_legal_review_of_a_case_that_is_not_major_does_not_apply(world: World) -> None:
    case_id = world.filed_case()
    world.investigate(case_id)
    world.report(case_id)
    world.review(case_id)
    with pytest.raises(StepNotApplicableError):
        world.cases.complete_legal_review(
            case_id, reviewer_id=world.legal, opinion_no="FZ-1", result="passed", issues=[], reviewed_at=None
        )


def test_a_complex_case_is_discussed_collectively_by_enough_heads(world: World) -> None:
    case_id = world.filed_case()
    world.investigate(case_id)
    world.report(case_id, is_complex=True)
    world.review(case_id)
    world.notice(case_id)
    world.cases.waive_statement(case_id, written=True, waived_at=at("2018-03-15"))
    with pytest.raises(StepsMissingError) as missing:
        world.decide(case_id)
    assert missing.value.details["missing_steps"] == ["collective_discussion"]
    held_at = at("2018-03-20")
    with pytest.raises(TooFewParticipantsError):
        world.cases.hold_collective_discussion(
            case_id, minutes_no="JT-1", participant_ids=[world.director], resolution="fine", held_at=held_at
        )
    world.cases.hold_collective_discussion(
        case_id,
        minutes_no="JT-1",
        participant_ids=[world.director, *world.deputies],
        resolution="fine",
        held_at=held_at,
    )
    world.decide(case_id)
    with pytest.raises(CaseDecidedError):
        survey(world, case_id, "2018-03-27", world.a, world.b)


def test_officers_act_only_on_their_own_units_cases(world: World) -> None:
    case_id = world.filed_case()
    with acting(unit="STN05"), pytest.raises(ForbiddenError):
        survey(world, case_id, "2018-03-06", world.a, world.b)
    with acting(unit="STN05"), pytest.raises(ForbiddenError):
        world.cases.get_case(case_id)
    with acting(role="deputy_director", unit=None):
        survey(world, case_id, "2018-03-06", world.a, world.b)


def test_the_report_is_not_dated_before_the_investigation_it_reports(world: World) -> None:
    case_id = world.filed_case()
    world.investigate(case_id, day="2018-03-20")
    with pytest.raises(OccurredBeforeError) as early:
        world.report(case_id, day="2018-03-06")
    assert early.value.details["follows"] == "investigation"
    assert early.value.details["follows_at"] == at("2018-03-20", 14).isoformat()
    world.report(case_id, day="2018-03-21")


def test_an_officer_who_reviewed_the_case_takes_no_part_in_its_investigation(world: World) -> None:
    world.directory.certify(world.reviewer)
    case_id = world.filed_case()
    world.investigate(case_id)
    world.report(case_id)
    world.review(case_id)
    version = world.cases.get_case(case_id).version
    with pytest.raises(ReviewerIsInvestigatorError) as refused:
        survey(world, case_id, "2018-03-14", world.a, world.reviewer)
    assert refused.value.details["officer_ids"] == [str(world.reviewer)]
    with pytest.raises(ReviewerIsInvestigatorError):
        world.cases.recuse_officer(
            case_id, officer_id=world.b, reason="relative of the party", replaced_by=world.reviewer, recused_at=None
        )
    assert world.cases.get_case(case_id).version == version  # nothing written
    survey(world, case_id, "2018-03-14", world.a, world.c)


def test_an_inquiry_cannot_end_before_it_starts(world: World) -> None:
    case_id = world.filed_case()
    with pytest.raises(InvalidInputError) as refused:
        world.cases.record_inquiry(
            case_id,
            doc_no="XW-1",
            officers=shown(world.a, world.b),
            interviewee_role="party",
            interviewee_name="张三",
            started_at=at("2018-03-20"),
            ended_at=at("2018-03-06"),
            signed=True,
        )
    assert (refused.value.status, refused.value.details) == (422, {"field": "ended_at"})
    assert world.cases.get_case(case_id).version == 1  # nothing written
