"""Every public land event maps from its stored event, decodes as its contract, and round-trips."""

from __future__ import annotations

from collections import Counter
from datetime import date

from cases.application import Cases
from cases.domain.expropriation_terms import (
    ApproverLevel,
    GrievanceCause,
    GrievanceType,
    PaymentItem,
    ResettlementKind,
    SupplyMode,
)
from cases.domain.normative_terms import FilingReviewOutcome
from cases.domain.satellite_terms import InterviewLevel, PatchClass, RectificationMethod
from cases.integration import to_integration_event
from shared.contracts import REGISTRY, decode
from tests.unit.cases.land.conftest import at
from tests.unit.cases.land.expropriation_helpers import prepared
from tests.unit.cases.land.normative_helpers import drafted, filed, published
from tests.unit.cases.land.satellite_helpers import REGION, batch, classified, linked, patches, reported, verified

LAND_SUBJECTS = {
    subject
    for subject in REGISTRY
    if subject.split(".")[1]
    in {
        "normative_document",
        "normative_rates",
        "satellite_batch",
        "satellite_patch",
        "satellite_inspection",
        "satellite_ranking",
        "expropriation_project",
        "farmland_balance",
    }
}


def public_events(cases: Cases) -> list[tuple[str, dict[str, object]]]:
    published_events = []
    for notification in cases.recorder.select_notifications(1, 10_000):
        event = to_integration_event(cases.mapper.to_domain_event(notification))
        if event is not None:
            published_events.append((event.subject, event.model_dump(mode="json")))
    return published_events


def test_the_land_workflows_publish_every_land_subject_and_each_decodes(cases: Cases) -> None:
    first = published(cases, "孟国土资〔2018〕1号")
    second = published(cases, "孟国土资〔2018〕2号")
    filed(cases, first, "2018-01-20")
    cases.return_normative_filing(first, reason="缺件", correct_by=date(2018, 1, 30), returned_at=at("2018-01-21"))
    filed(cases, first, "2018-01-22")
    cases.register_normative_filing(first, registered_at=at("2018-01-23"))
    cases.conclude_normative_filing_review(
        first, outcome=FilingReviewOutcome.NO_ISSUE, issues=[], concluded_at=at("2018-01-24")
    )
    cases.watch_normative_filing_deadlines()  # second: due 14 Feb, not filed
    repealed = published(cases, "孟国土资〔2018〕3号")
    cases.repeal_normative_document(repealed, reason="清理", repealed_at=at("2018-02-25"))
    new = drafted(cases, revision_of=second, day="2018-02-01")
    published(cases, "孟国土资〔2018〕4号", day="2018-02-02", effective="2018-03-10", doc_id=new)
    cases.report_normative_rates(period_from=date(2018, 1, 1), period_to=date(2018, 6, 30), as_of=date(2018, 3, 1))

    batch_id = batch(cases, count=2)
    illegal, _unreported = patches(cases, batch_id, "Q-1", "Q-2")
    verified(cases, illegal)
    classified(cases, illegal, PatchClass.ILLEGAL, measured=5, cultivated=4)
    linked(cases, illegal, with_case=True)
    reported(cases, illegal, "2018-02-01")
    cases.rectify_satellite_patch(illegal, method=RectificationMethod.CONFISCATED, verified_by=["o-1"])
    cases.watch_satellite_clearance()  # Q-2 never reported: breached
    cleared = batch(cases, count=1)
    (alone,) = patches(cases, cleared, "Q-3")
    verified(cases, alone)
    classified(cases, alone, PatchClass.FALSE_CHANGE, measured=1, cultivated=0)
    reported(cases, alone, "2018-02-01")
    cases.watch_satellite_clearance()
    cases.record_new_construction_occupation(region_code=REGION, year=2017, cultivated_mu=20.0, source="survey")
    cases.compute_illegal_farmland_ratio(region_code=REGION, year=2017, leader_ids=["head"])
    cases.record_warning_interview(
        region_code=REGION, year=2017, level=InterviewLevel.COUNTY, township_code=None, held_by="市政府",
        interviewees=["县长"], reason="比例超标",
    )  # fmt: skip
    cases.publish_satellite_ranking(prefecture_code="4103", year=2017, own_region_code=REGION, others={"410323": 0.1})

    project_id = prepared(cases)
    cases.register_grievance(
        project_id, grievance_type=GrievanceType.PETITION, cause=GrievanceCause.COMPENSATION, party="村民"
    )
    grievance_id = next(iter(cases.expropriation_project(project_id).grievances))
    cases.resolve_grievance(project_id, grievance_id, resolution="已补偿")
    cases.apply_for_expropriation_approval(project_id)
    cases.record_expropriation_approval(project_id, approval_no="A-1", approver_level=ApproverLevel.PROVINCE)
    for household in ("H-1", "H-2"):
        cases.pay_compensation(project_id, payee_id=household, item=PaymentItem.LAND_COMPENSATION, amount_yuan=150000.0)
        cases.arrange_resettlement(project_id, household_id=household, kind=ResettlementKind.PLOT)
    cases.pay_compensation(project_id, payee_id="fund", item=PaymentItem.SOCIAL_SECURITY, amount_yuan=20000.0)
    cases.hand_over_land(project_id, parcel_id="P-1", disputed=False)
    cases.supply_land(project_id, parcel_id="P-1", mode=SupplyMode.ALLOCATION)
    cases.close_farmland_balance_year(
        county_code="410322",
        year=2017,
        occupied_cultivated_mu=1500,
        supplemented_cultivated_mu=1650,
        basic_farmland_mu_start=1,
        basic_farmland_mu_end=1,
    )

    events = public_events(cases)
    seen = Counter(subject for subject, _ in events)
    assert set(seen) == LAND_SUBJECTS
    for subject, payload in events:
        assert decode(subject, payload).model_dump(mode="json") == payload
    grievance = next(payload for subject, payload in events if subject.endswith("grievance_registered.v1"))
    assert (grievance["counts_for_three_none"], grievance["year"]) == (True, 2018)


def test_private_events_are_not_published(cases: Cases) -> None:
    published(cases)
    kinds = [
        type(cases.mapper.to_domain_event(n)).__qualname__
        for n in cases.recorder.select_notifications(1, 100)
        if to_integration_event(cases.mapper.to_domain_event(n)) is None
    ]
    assert {"NormativeDocument.Drafted", "NormativeDocument.Adopted", "DocumentNumber.Claimed"} <= set(kinds)
