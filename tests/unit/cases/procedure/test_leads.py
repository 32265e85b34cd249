"""Leads from every source; verification by two certified officers; referral; stop orders; the
mandatory report; filing with the five conditions, or not filing with a reason."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid4

import pytest

from cases.api.views import lead_view
from cases.commands.leads import CaseNumberTakenError, LeadNumberTakenError
from cases.domain.enforcers import (
    CertificateNotShownError,
    EnforcementTeamTooSmallError,
    OfficerCannotEnforceError,
    TeamMember,
)
from cases.domain.errors import OccurredBeforeError, StepNotApplicableError, StepsMissingError
from cases.domain.lead import (
    SOURCES,
    FilingConditionsUnmetError,
    LeadSettledError,
    NotReferrableError,
    ViolationNotConfirmedError,
)
from shared.domain.access import ForbiddenError
from tests.unit.cases.procedure.support import World, acting, at, shown


@pytest.mark.parametrize("source", SOURCES)
def test_a_lead_is_registered_from_every_source(world: World, source: str) -> None:
    lead = world.cases.get_lead(world.lead(f"L-{source}", source=source))
    assert (lead.source, lead.unit_id, lead.template_version, lead.rule_version) == (source, "STN03", "2014", 2)
    assert lead.documents == {"lead_register": [f"L-{source}"]}
    assert lead.verification_due_on == date(2018, 3, 6)  # 3 working days after Thursday 1 March


def test_a_confidential_reporter_is_kept_but_never_shown(world: World) -> None:
    reporter = {"name": "李四", "phone": "13800000000", "confidential": True}
    lead = world.cases.get_lead(world.lead(source="hotline_12336", reporter=reporter))
    assert lead.reporter == reporter
    assert lead_view(lead).reporter == {"confidential": True}


def test_a_register_number_is_used_once(world: World) -> None:
    world.lead("L-1")
    with pytest.raises(LeadNumberTakenError):
        world.lead("L-1")


def test_an_officer_registers_leads_for_their_own_unit_only(world: World) -> None:
    with acting(unit="STN05"), pytest.raises(ForbiddenError):
        world.lead()
    with acting(role="director", unit=None):
        world.lead("L-ENF", unit_id="ENF")


def test_verification_needs_two_officers_who_could_enforce_and_showed_their_certificates(world: World) -> None:
    lead = world.lead()
    stranger = uuid4()
    with pytest.raises(EnforcementTeamTooSmallError) as small:
        world.verify(lead, officers=shown(world.a))
    assert small.value.details == {"required": 2, "listed": 1}
    with pytest.raises(OfficerCannotEnforceError) as uncertified:
        world.verify(lead, officers=shown(world.a, stranger))
    assert uncertified.value.details["officers"] == [
        {"officer_id": str(stranger), "reason": "no_certificate", "certificate_no": None}
    ]
    with pytest.raises(CertificateNotShownError):
        world.verify(lead, officers=[TeamMember(world.a, True), TeamMember(world.b, False)])
    assert world.cases.get_lead(lead).version == 1  # nothing was written
    world.verify(lead)
    verified = world.cases.get_lead(lead)
    assert verified.outcome == "violation_confirmed"
    assert verified.verification["certificate_nos"] == [f"HN-{str(o)[:8]}" for o in (world.a, world.b)]
    assert verified.filing_due_on == date(2018, 3, 16)  # 10 working days after Friday 2 March


def test_a_large_occupation_of_basic_farmland_must_be_reported_before_filing(world: World) -> None:
    lead = world.lead()
    world.verify(lead, basic_farmland_mu=5.0, cultivated_mu=6.0)
    assert world.cases.get_lead(lead).major_criteria == ["basic_farmland_area"]
    with pytest.raises(StepsMissingError) as missing:
        world.file(lead)
    assert missing.value.details == {"step": "case_filing", "missing_steps": ["major_violation_report"]}
    world.cases.report_major_violation(
        lead, report_no="BG-1", reported_to=["county_government", "higher_bureau"], reported_at=at("2018-03-05", 9)
    )
    case = world.file(lead)
    assert case.lead_facts["major_criteria"] == ["basic_farmland_area"]
    assert case.documents["major_violation_report"] == ["BG-1"]


def stop(world: World, lead: UUID, *, issued_at: datetime | None) -> None:
    """Order ZL-1 served on the party by officers A and B, who showed their certificates."""
    world.cases.issue_stop_order(
        lead,
        doc_no="ZL-1",
        correction_order_no=None,
        party="张三",
        officers=shown(world.a, world.b),
        issued_at=issued_at,
    )


def test_an_ongoing_violation_is_stopped_before_filing(world: World) -> None:
    lead = world.lead()
    with pytest.raises(StepsMissingError):
        stop(world, lead, issued_at=None)
    world.verify(lead, violation_ongoing=True)
    with pytest.raises(StepsMissingError) as missing:
        world.file(lead)
    assert missing.value.details["missing_steps"] == ["stop_order"]
    stop(world, lead, issued_at=at("2018-03-02", 15))
    world.cases.report_stop_order_ineffective(lead, reported_to=["county_government"], reported_at=at("2018-03-02", 16))
    assert world.file(lead).documents["stop_order_notice"] == ["ZL-1"]


def test_a_lead_step_is_not_dated_before_the_step_it_follows(world: World) -> None:
    lead = world.lead()  # received Thursday 1 March, 09:00
    with pytest.raises(OccurredBeforeError):
        world.verify(lead, verified_at=at("2018-02-28"))
    world.verify(lead, violation_ongoing=True)  # Friday 2 March, 10:00
    with pytest.raises(OccurredBeforeError):
        stop(world, lead, issued_at=at("2018-03-02", 9))
    stop(world, lead, issued_at=at("2018-03-05", 9))
    version = world.cases.get_lead(lead).version
    with pytest.raises(OccurredBeforeError) as early:
        world.file(lead, filed_at=at("2018-03-02", 15))
    assert early.value.details["follows"] == "stop_order"
    assert world.cases.get_lead(lead).version == version  # nothing written
    world.file(lead, filed_at=at("2018-03-05", 15))


def test_a_stop_order_is_refused_when_nothing_is_going_on(world: World) -> None:
    lead = world.lead()
    world.verify(lead, violation_ongoing=False)
    with pytest.raises(StepNotApplicableError):
        stop(world, lead, issued_at=None)


def test_filing_needs_all_five_conditions(world: World) -> None:
    lead = world.lead()
    world.verify(lead)
    conditions = {
        "identified_party": True,
        "violation_fact": True,
        "liability": True,
        "jurisdiction": False,
        "within_limitation": False,
    }
    with pytest.raises(FilingConditionsUnmetError) as unmet:
        world.file(lead, conditions=conditions)
    assert unmet.value.details == {"unmet_conditions": ["jurisdiction", "within_limitation"]}


def test_only_a_confirmed_violation_is_filed(world: World) -> None:
    lead = world.lead()
    world.verify(lead, outcome="no_violation")
    with pytest.raises(ViolationNotConfirmedError):
        world.file(lead)


def test_a_lead_outside_the_jurisdiction_is_referred_and_then_settled(world: World) -> None:
    lead = world.lead()
    with pytest.raises(NotReferrableError):
        world.cases.refer_lead(lead, to_agency="水利局", reason="river bank", letter_no="YS-1", referred_at=None)
    world.verify(lead, outcome="not_our_jurisdiction")
    world.cases.refer_lead(lead, to_agency="水利局", reason="river bank", letter_no="YS-1", referred_at=None)
    assert world.cases.get_lead(lead).settlement == "referred"
    assert world.cases.get_lead(lead).watch_finished


def test_not_filing_is_recorded_with_its_reason_and_settles_the_lead(world: World) -> None:
    lead = world.lead()
    world.verify(lead)
    world.cases.decline_filing(
        lead,
        reason="minor_corrected",
        unmet_conditions=[],
        approved_by=world.director,
        explanation="restored the same day",
        decided_at=at("2018-03-05"),
    )
    with pytest.raises(LeadSettledError):
        world.file(lead)


def test_a_case_number_is_used_once(world: World) -> None:
    world.filed_case("MJ-2018-001")
    other = world.lead("L-OTHER")
    world.verify(other)
    with pytest.raises(CaseNumberTakenError):
        world.file(other, "mj-2018-001")
    assert world.cases.get_lead(other).settlement is None


def test_the_handling_officers_must_be_able_to_enforce_on_the_filing_day(world: World) -> None:
    lead = world.lead()
    world.verify(lead)
    world.directory.revoke(world.b, on="2018-03-04")
    with pytest.raises(OfficerCannotEnforceError):
        world.file(lead)
    case = world.file(lead, handling_officer_ids=[world.a, world.c])
    assert case.handling_officer_ids == [world.a, world.c]
    assert world.cases.get_lead(lead).case_id == case.id
