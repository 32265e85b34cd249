"""Fault accountability matters: from raising to closing, and every refusal of DOMAIN §3."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from assessment.application import Assessments
from assessment.domain.accountability.errors import (
    AppealPendingError,
    AppealPeriodExpiredError,
    ExemptionRequiresGroundError,
    GroundDoesNotMitigateError,
    InvestigationNotOpenedError,
    MatterAlreadyRaisedError,
    MatterClosedError,
    OfficerExemptedError,
    ResponsibilityNotDeterminedError,
    ResponsibilitySharesConflictError,
    SanctionOutsideTierError,
)
from assessment.domain.accountability.matter import AccountabilityMatter
from assessment.domain.accountability.terms import (
    AggravationGround,
    AppealResult,
    Category,
    ExemptionEffect,
    ExemptionGround,
    ResponsibleRole,
    Share,
    Tier,
    Trigger,
)
from assessment.domain.accountability.triggers import TriggerKind, TriggerReport
from shared.domain import FixedClock, command_context
from tests.unit.assessment.conftest import as_director, at

HANDLER = "1f0c6a52-0000-4000-8000-000000000001"
REVIEWER = "1f0c6a52-0000-4000-8000-000000000002"


def raised(app: Assessments, *, trigger_event_id: str | None = None) -> AccountabilityMatter:
    return app.raise_matter(
        category=Category.INACTION,
        trigger=Trigger.DEADLINE_BREACH,
        unit_id="STN03",
        suspected_officer_ids=[HANDLER],
        related={"case_id": "c-1"},
        summary="filing limit exceeded",
        trigger_event_id=trigger_event_id,
    )


def investigated(app: Assessments) -> AccountabilityMatter:
    matter = raised(app)
    app.open_investigation(matter.id, ["legal-li"])
    return app.determine_responsibility(
        matter.id, officer_id=HANDLER, role=ResponsibleRole.HANDLER, share=Share.FULL, basis="own act"
    )


def sanction(app: Assessments, matter: AccountabilityMatter, sanction_type: str, tier: Tier) -> AccountabilityMatter:
    with command_context(as_director()):
        return app.impose_sanction(
            matter.id,
            officer_id=HANDLER,
            unit_id=None,
            sanction_type=sanction_type,
            tier=tier,
            effective_at=datetime(2018, 3, 21, tzinfo=UTC),
            ends_at=datetime(2018, 6, 21, tzinfo=UTC),
        )


def test_a_matter_goes_from_raised_to_closed(app: Assessments, clock: FixedClock) -> None:
    matter = raised(app)
    assert matter.status == "raised"
    matter = app.open_investigation(matter.id, ["legal-li"])
    assert matter.status == "investigating"
    assert matter.investigation_due_on is not None
    matter = app.determine_responsibility(
        matter.id, officer_id=HANDLER, role=ResponsibleRole.HANDLER, share=Share.SECONDARY, basis="filed late"
    )
    matter = app.determine_responsibility(
        matter.id, officer_id=REVIEWER, role=ResponsibleRole.REVIEWER, share=Share.PRIMARY, basis="approved late"
    )
    matter = app.grant_exemption(
        matter.id,
        officer_id=HANDLER,
        ground=ExemptionGround.SELF_CORRECTED_NO_HARM,
        effect=ExemptionEffect.MITIGATE,
        note="corrected the next day",
    )
    with command_context(as_director()):
        matter = app.impose_sanction(
            matter.id,
            officer_id=REVIEWER,
            unit_id=None,
            sanction_type="written_self_criticism",
            tier=Tier.LIGHT,
            effective_at=datetime(2018, 3, 21, tzinfo=UTC),
            ends_at=None,
        )
    (imposed,) = matter.sanctions.values()
    assert (imposed.officer_id, imposed.decided_by, imposed.tier) == (REVIEWER, "director-zhang", Tier.LIGHT)
    assert imposed.officer_unit_id == "STN03"
    at(clock, "2018-04-20")  # decided on 20 March: the 30-day appeal period has run out
    matter = app.close_matter(matter.id, summary="reviewer criticised in writing")
    assert matter.status == "closed"
    history = [type(e).__name__ for e in app.stored_events(matter.id)]
    assert history == [
        "Raised",
        "InvestigationOpened",
        "ResponsibilityDetermined",
        "ResponsibilityDetermined",
        "ExemptionGranted",
        "SanctionImposed",
        "Closed",
    ]


def test_exempting_without_a_ground_is_refused_and_writes_nothing(app: Assessments) -> None:
    matter = investigated(app)
    written = app.recorder.max_notification_id()
    with pytest.raises(ExemptionRequiresGroundError) as refused:
        app.grant_exemption(matter.id, officer_id=HANDLER, ground=None, effect=ExemptionEffect.EXEMPT, note="")
    assert "force_majeure" in refused.value.details["grounds"]
    with pytest.raises(GroundDoesNotMitigateError):
        app.grant_exemption(
            matter.id,
            officer_id=HANDLER,
            ground=ExemptionGround.FORCE_MAJEURE,
            effect=ExemptionEffect.MITIGATE,
            note="",
        )
    assert app.recorder.max_notification_id() == written


def test_sanctioning_outside_the_tiers_is_refused(app: Assessments) -> None:
    matter = investigated(app)
    written = app.recorder.max_notification_id()
    with pytest.raises(SanctionOutsideTierError) as refused:
        sanction(app, matter, "certificate_suspension", Tier.LIGHT)
    assert refused.value.details["tier_of_type"] == "2"
    with pytest.raises(SanctionOutsideTierError):
        sanction(app, matter, "unit_rectification_ordered", Tier.UNIT)  # a unit sanction for an officer
    assert app.recorder.max_notification_id() == written


def test_a_sanction_needs_an_investigation_and_a_liable_share_and_no_exemption(app: Assessments) -> None:
    matter = raised(app)
    with pytest.raises(InvestigationNotOpenedError):
        sanction(app, matter, "criticism_education", Tier.LIGHT)
    app.open_investigation(matter.id, ["legal-li"])
    with pytest.raises(ResponsibilityNotDeterminedError):
        sanction(app, matter, "criticism_education", Tier.LIGHT)
    app.determine_responsibility(
        matter.id, officer_id=HANDLER, role=ResponsibleRole.HANDLER, share=Share.FULL, basis=""
    )
    app.grant_exemption(
        matter.id, officer_id=HANDLER, ground=ExemptionGround.RECORDED_DISSENT, effect=ExemptionEffect.EXEMPT, note=""
    )
    with pytest.raises(OfficerExemptedError):
        sanction(app, matter, "criticism_education", Tier.LIGHT)


def test_a_full_share_leaves_no_other_liable_officer(app: Assessments) -> None:
    matter = investigated(app)
    with pytest.raises(ResponsibilitySharesConflictError):
        app.determine_responsibility(
            matter.id, officer_id=REVIEWER, role=ResponsibleRole.REVIEWER, share=Share.PRIMARY, basis=""
        )


def test_appealing_a_closed_matter_is_refused(app: Assessments, clock: FixedClock) -> None:
    matter = sanction(app, investigated(app), "circulated_criticism", Tier.MEDIUM)
    (imposed,) = matter.sanctions
    at(clock, "2018-04-20")
    app.close_matter(matter.id, summary="done")
    written = app.recorder.max_notification_id()
    with pytest.raises(MatterClosedError) as refused:
        app.appeal_sanction(
            matter.id, sanction_id=imposed, grounds="unfair", appealed_at=datetime(2018, 3, 25, tzinfo=UTC)
        )
    assert refused.value.message == "a closed matter takes no appeal"
    assert app.recorder.max_notification_id() == written


def test_an_appeal_comes_within_30_days_and_a_revocation_clears_the_fault(app: Assessments, clock: FixedClock) -> None:
    matter = sanction(app, investigated(app), "certificate_suspension", Tier.MEDIUM)
    (imposed,) = matter.sanctions
    decided = matter.sanctions[imposed].decided_on
    at(clock, (decided + timedelta(days=31)).isoformat())
    with pytest.raises(AppealPeriodExpiredError) as refused:
        app.appeal_sanction(matter.id, sanction_id=imposed, grounds="late", appealed_at=clock.now())
    assert refused.value.details["appeal_ends_on"] == (decided + timedelta(days=30)).isoformat()
    record = app.fault_record(HANDLER)
    assert record is not None
    assert list(record.faults) == [matter.id]
    app.appeal_sanction(  # lodged in time, recorded later
        matter.id,
        sanction_id=imposed,
        grounds="the limit was suspended",
        appealed_at=datetime.combine(decided + timedelta(days=30), datetime.min.time(), UTC),
    )
    with pytest.raises(AppealPendingError):
        app.close_matter(matter.id, summary="too early")
    with command_context(as_director()):
        matter = app.decide_appeal(matter.id, sanction_id=imposed, result=AppealResult.REVOKED, note="limit suspended")
    assert matter.sanctions[imposed].revoked
    record = app.fault_record(HANDLER)
    assert record is not None
    assert record.faults == {}
    assert app.close_matter(matter.id, summary="sanction revoked on appeal").status == "closed"


def test_a_sanction_changed_on_appeal_is_revoked_and_replaced_together(app: Assessments, clock: FixedClock) -> None:
    matter = sanction(app, investigated(app), "removed_from_enforcement_post", Tier.SEVERE)
    (imposed,) = matter.sanctions
    at(clock, "2018-03-22")
    app.appeal_sanction(
        matter.id, sanction_id=imposed, grounds="too severe", appealed_at=datetime(2018, 3, 22, tzinfo=UTC)
    )
    with command_context(as_director()):
        matter = app.decide_appeal(
            matter.id,
            sanction_id=imposed,
            result=AppealResult.CHANGED,
            note="reduced",
            replacement_type="off_post_training",
            replacement_tier=Tier.MEDIUM,
        )
    assert [(s.sanction_type, s.revoked) for s in matter.sanctions.values()] == [
        ("removed_from_enforcement_post", True),
        ("off_post_training", False),
    ]
    events = [type(e).__name__ for e in app.stored_events(matter.id)][-3:]
    assert events == ["AppealDecided", "SanctionRevoked", "SanctionImposed"]


def test_a_second_fault_within_a_year_is_aggravated_automatically(app: Assessments, clock: FixedClock) -> None:
    first = sanction(app, investigated(app), "criticism_education", Tier.LIGHT)
    at(clock, "2018-09-01")
    second = investigated(app)  # 431号: 2 faults in a year
    (aggravation,) = [e for e in app.stored_events(second.id) if type(e).__name__ == "AggravationApplied"]
    assert (aggravation.ground, aggravation.automatic) == (AggravationGround.REPEAT_FAULTS.value, True)
    assert aggravation.prior_matter_ids == [str(first.id)]
    at(clock, "2019-10-01")
    third = investigated(app)  # more than a year after the last confirmed fault (second was never sanctioned)
    assert not [e for e in app.stored_events(third.id) if type(e).__name__ == "AggravationApplied"]


def test_the_threshold_of_repeat_faults_is_configurable(app: Assessments) -> None:
    from datetime import date

    app.publish_accountability_rules(
        effective_from=date(2018, 1, 1), values={"repeat_fault_threshold": 3}, note="local rule: 3 in a year"
    )
    sanction(app, investigated(app), "criticism_education", Tier.LIGHT)
    second = investigated(app)
    assert not [e for e in app.stored_events(second.id) if type(e).__name__ == "AggravationApplied"]


def test_a_trigger_raises_one_matter_however_often_it_is_reported(app: Assessments) -> None:
    report = TriggerReport(
        kind=TriggerKind.DEADLINE_BREACH,
        trigger_event_id="6b1d9a3e-1111-4c2b-9d7e-000000000042",
        unit_id="STN03",
        officer_ids=(HANDLER,),
        related={"case_id": "c-42", "deadline_kind": "filing"},
    )
    first = app.raise_from_trigger(report)
    again = app.raise_from_trigger(report)
    assert first is not None
    assert again is not None
    assert first.id == again.id
    assert first.trigger_event_ids == [report.trigger_event_id]
    with pytest.raises(MatterAlreadyRaisedError):
        raised(app, trigger_event_id=report.trigger_event_id)
    assert (
        app.raise_from_trigger(
            TriggerReport(kind=TriggerKind.ERROR_FOUND, trigger_event_id="e-1", unit_id="STN03", severity="minor")
        )
        is None
    )


def test_the_trigger_policy() -> None:
    from assessment.domain.accountability.triggers import matter_for_trigger

    def plan(kind: TriggerKind, **kwargs: object):
        return matter_for_trigger(TriggerReport(kind=kind, trigger_event_id="e", unit_id="STN01", **kwargs))  # type: ignore[arg-type]

    assert (plan(TriggerKind.DEADLINE_BREACH).category, plan(TriggerKind.DEADLINE_BREACH).trigger) == (
        Category.INACTION,
        Trigger.DEADLINE_BREACH,
    )
    assert plan(TriggerKind.UNVERIFIED_LEAD).trigger is Trigger.UNVERIFIED_LEAD
    assert plan(TriggerKind.DECISION_REVOKED).category is Category.WRONGFUL_CASE
    assert plan(TriggerKind.ERROR_FOUND, severity="major").trigger is Trigger.CASE_FILE_REVIEW_FAILED
    assert plan(TriggerKind.ERROR_FOUND, severity="minor") is None
    assert plan(TriggerKind.SATELLITE_RATIO_OVER_THRESHOLD, ratio=Decimal("0.03")) is None
    over = plan(TriggerKind.SATELLITE_RATIO_OVER_THRESHOLD, ratio=Decimal("0.18"))
    assert over is not None
    assert over.trigger is Trigger.SATELLITE_ACCOUNTABILITY
    # 15号令 art. 3: reaching the threshold is enough, and a bad impact triggers whatever the ratio.
    assert plan(TriggerKind.SATELLITE_RATIO_OVER_THRESHOLD, ratio=Decimal("0.15"), threshold=Decimal("0.15"))
    impact = plan(TriggerKind.SATELLITE_RATIO_OVER_THRESHOLD, ratio=Decimal("0.02"), bad_impact=True)
    assert impact is not None
    assert "bad impact" in impact.summary
