"""Stopping a violation that goes on after filing (制止): a stop order served in the case by a team of
officers who may enforce, with their certificates shown and the clips that recorded it; the report
upward when it is ignored; both published as step records of the case, neither a step the procedure
waits for."""

from __future__ import annotations

from uuid import UUID

from cases.domain.enforcers import CertificateNotShownError, EnforcementTeamTooSmallError, TeamMember
from cases.domain.errors import CaseDecidedError, OfficerRecusedError
from cases.domain.lead import NoStopOrderError
from cases.domain.penalties import Penalty
from cases.integration import to_integration_event
from shared.contracts.cases import CaseStepCompletedV1
from tests.unit.cases.procedure.support import World, at, decided_case, shown
from tests.unit.cases.procedure.test_recording import clip, last_public, refused_without_writing


def stop(world: World, case_id: UUID, *, officers: list[TeamMember] | None = None, day: str = "2018-03-07") -> None:
    world.cases.issue_case_stop_order(
        case_id,
        doc_no="ZL-2018-009",
        correction_order_no="ZG-2018-009",
        party="张三",
        officers=officers if officers is not None else shown(world.a, world.b),
        issued_at=at(day),
        clips=[clip(world.a, at(day, 9), at(day, 11), "ZL-CLIP-1")],
    )


def test_a_stop_order_served_in_the_case_is_filed_and_published_as_an_act_on_site(world: World) -> None:
    case_id = world.filed_case()
    stop(world, case_id)

    case = world.cases.case(case_id)
    assert case.documents["stop_order_notice"] == ["ZL-2018-009"]
    assert case.documents["correction_order_notice"] == ["ZG-2018-009"]
    public = last_public(world, case_id)
    assert isinstance(public, CaseStepCompletedV1)
    assert (public.step, public.record, public.officer_ids) == ("stop_order", "stop_order_issued", [world.a, world.b])
    assert [(d.kind, d.doc_no) for d in public.documents] == [
        ("stop_order_notice", "ZL-2018-009"),
        ("correction_order_notice", "ZG-2018-009"),
    ]
    assert [c.clip_id for c in public.clips] == ["ZL-CLIP-1"]
    # Not a step of the template: the investigation neither waits for it nor counts it as done.
    assert "stop_order" not in case.completed


def test_a_case_stop_order_needs_a_team_that_may_enforce_with_certificates_shown(world: World) -> None:
    case_id = world.filed_case()
    refused = refused_without_writing(world, case_id, lambda: stop(world, case_id, officers=shown(world.a)))
    assert isinstance(refused, EnforcementTeamTooSmallError)
    hidden = [TeamMember(world.a, True), TeamMember(world.b, False)]
    refused = refused_without_writing(world, case_id, lambda: stop(world, case_id, officers=hidden))
    assert isinstance(refused, CertificateNotShownError)
    world.cases.recuse_officer(
        case_id, officer_id=world.b, reason="近亲属", replaced_by=world.c, recused_at=at("2018-03-06")
    )
    refused = refused_without_writing(world, case_id, lambda: stop(world, case_id))
    assert isinstance(refused, OfficerRecusedError)
    stop(world, case_id, officers=shown(world.a, world.c))


def test_a_decided_case_takes_no_stop_order_but_an_ignored_one_is_still_reported(world: World) -> None:
    case_id = world.filed_case()
    stop(world, case_id)
    case_id_decided = decided_case(world, case_no="MJ-2018-002", penalties=[Penalty("fine", 4_000)])
    refused = refused_without_writing(world, case_id_decided, lambda: stop(world, case_id_decided, day="2018-03-27"))
    assert isinstance(refused, CaseDecidedError)

    world.cases.report_case_stop_order_ineffective(
        case_id, reported_to=["higher_bureau", "county_government", "higher_bureau"], reported_at=at("2018-03-09")
    )
    public = last_public(world, case_id)
    assert (public.record, public.outcome) == ("stop_order_ineffective_reported", "county_government,higher_bureau")
    assert [(d.kind, d.doc_no) for d in public.documents] == [("stop_order_notice", "ZL-2018-009")]


def test_reporting_a_stop_order_ignored_needs_one_served(world: World) -> None:
    case_id = world.filed_case()
    refused = refused_without_writing(
        world,
        case_id,
        lambda: world.cases.report_case_stop_order_ineffective(
            case_id, reported_to=["county_government"], reported_at=at("2018-03-09")
        ),
    )
    assert isinstance(refused, NoStopOrderError)


def test_the_stop_order_served_before_filing_can_be_reported_from_the_case(world: World) -> None:
    lead = world.lead(register_no="L-ONGOING")
    world.verify(lead, violation_ongoing=True)
    world.cases.issue_stop_order(
        lead,
        doc_no="ZL-LEAD-1",
        correction_order_no=None,
        party="张三",
        officers=shown(world.a, world.b),
        issued_at=at("2018-03-02", 15),
    )
    case_id = world.file(lead, "MJ-2018-003").id
    world.cases.report_case_stop_order_ineffective(
        case_id, reported_to=["county_government"], reported_at=at("2018-03-09")
    )
    published = [to_integration_event(e) for e in world.cases.stored_events(case_id)]
    assert published[-1].documents[0].doc_no == "ZL-LEAD-1"  # type: ignore[union-attr]
