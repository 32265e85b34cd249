"""Facts of full-process recording and of patrol: a body camera used (1/0 per act on site) and a
satellite patch judged illegal that the unit had not found first."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from assessment.projections.facts.rows import NewFact, RetractGroup
from shared.contracts.cases import (
    BodyCameraClip,
    CaseStepCompletedV1,
    LeadStopOrderIssuedV1,
    SatellitePatchClassifiedV1,
    SatellitePatchLinkedToLeadV1,
)
from tests.unit.assessment.test_fact_mappers import MARCH_5, A, B, facts, mapped, verified

CODE = "conduct_and_equipment.body_camera_used"
LATE = "patrol_and_stopping.patch_judged_illegal_late"
DAY = date(2018, 3, 5)
PATCH = uuid4()


def clip(officer: UUID) -> BodyCameraClip:
    return BodyCameraClip(
        clip_id="JLY-1", device_id="ZFJLY-03", officer_id=officer, started_at=MARCH_5 - timedelta(hours=1),
        ended_at=MARCH_5, storage_ref="evidence://bodycam/JLY-1.mp4", sha256="0" * 64,
    )  # fmt: skip


def step(record: str, clips: list[BodyCameraClip], officers: list[UUID] | None = None) -> CaseStepCompletedV1:
    return CaseStepCompletedV1(
        case_id=uuid4(), case_no="MJ-1", unit_id="STN03", step="investigation", record=record, completed_at=MARCH_5,
        officer_ids=[A, B] if officers is None else officers, certificate_nos=["HN-1", "HN-2"], clips=clips,
    )  # fmt: skip


@pytest.mark.parametrize(
    "record",
    [
        "inquiry_recorded",
        "site_survey_recorded",
        "evidence_collected",
        "stop_order_issued",
        "decision_served",
        "demolition_verified",
    ],
)
def test_an_act_on_site_recorded_by_a_clip_counts_1_for_its_unit_and_each_officer_who_acted(record: str) -> None:
    rows = mapped(step(record, [clip(A)]))
    assert facts(rows, CODE) == [("unit", "STN03", 1, DAY), ("officer", str(A), 1, DAY), ("officer", str(B), 1, DAY)]


def test_an_act_on_site_without_a_clip_counts_0() -> None:
    assert [v for _, _, v, _ in facts(mapped(step("inquiry_recorded", [])), CODE)] == [0, 0, 0]


def test_a_hearing_counts_for_its_presider_and_steps_not_on_site_do_not_count() -> None:
    presider = uuid4()
    hearing = mapped(step("hearing_held", [], officers=[presider]))
    assert facts(hearing, CODE) == [("unit", "STN03", 0, DAY), ("officer", str(presider), 0, DAY)]
    assert facts(hearing, "conduct_and_equipment.certificate_shown") == []  # not an enforcement act
    assert facts(mapped(step("case_review_completed", [clip(A)])), CODE) == []
    assert facts(mapped(step("decision_served", [], officers=[])), CODE) == []  # served by post: nobody on site


def test_a_lead_verified_on_site_counts_whether_it_was_recorded() -> None:
    assert [v for _, _, v, _ in facts(mapped(verified()), CODE)] == [0, 0, 0]
    on_camera = verified().model_copy(update={"clips": [clip(B)]})
    assert [v for _, _, v, _ in facts(mapped(on_camera), CODE)] == [1, 1, 1]


def test_a_stop_order_served_on_site_counts_whether_it_was_recorded() -> None:
    order = LeadStopOrderIssuedV1(
        lead_id=uuid4(), unit_id="STN03", doc_no="ZL-1", issued_at=MARCH_5, officer_ids=[A, B],
        certificate_nos=["HN-1", "HN-2"],
    )  # fmt: skip
    assert facts(mapped(order), CODE) == [
        ("unit", "STN03", 0, DAY),
        ("officer", str(A), 0, DAY),
        ("officer", str(B), 0, DAY),
    ]
    on_camera = order.model_copy(update={"clips": [clip(A)]})
    assert [v for _, _, v, _ in facts(mapped(on_camera), CODE)] == [1, 1, 1]


def classified(patch_class: str = "illegal", unit: str | None = "STN03") -> SatellitePatchClassifiedV1:
    return SatellitePatchClassifiedV1(
        patch_id=PATCH, batch_id=uuid4(), patch_no="W-1", region_code="410322", township_code="410322101",
        year=2017, unit_id=unit, patch_class=patch_class, illegal_kind="illegal_occupation" if patch_class == "illegal"
        else None, measured_mu=5.0, cultivated_mu=4.0, basic_farmland_mu=0.0,
    )  # fmt: skip


def linked(found_first: bool) -> SatellitePatchLinkedToLeadV1:
    return SatellitePatchLinkedToLeadV1(
        patch_id=PATCH, region_code="410322", year=2017, lead_id=uuid4(), case_id=None,
        lead_source="patrol" if found_first else "satellite_patch", lead_received_at=datetime(2018, 1, 9, 2),
        discovered_before_monitoring=found_first,
    )  # fmt: skip


def test_a_patch_judged_illegal_is_found_late_by_its_unit_until_shown_otherwise() -> None:
    rows = mapped(classified())
    assert facts(rows, LATE) == [("unit", "STN03", 1, DAY)]
    (late,) = [r for r in rows if isinstance(r, NewFact)]
    assert late.first_wins  # classified again (areas corrected), it is still one patch found late
    assert late.group == f"patch/{PATCH}/judged_illegal_late"
    assert late.detail["patch_no"] == "W-1"


def test_a_link_to_a_lead_found_first_retracts_it_and_one_found_by_monitoring_does_not() -> None:
    (retract,) = mapped(linked(found_first=True))
    assert isinstance(retract, RetractGroup)
    assert retract.group == f"patch/{PATCH}/judged_illegal_late"
    assert mapped(linked(found_first=False)) == []
    older = SatellitePatchLinkedToLeadV1(patch_id=PATCH, region_code="410322", year=2017, lead_id=uuid4(), case_id=None)
    assert mapped(older) == []  # published before the origin was stated: found by monitoring


def test_a_patch_not_illegal_or_of_no_unit_costs_nothing() -> None:
    (retract,) = mapped(classified("legal_approved"))  # reclassified: a former "illegal" is cancelled
    assert isinstance(retract, RetractGroup)
    assert mapped(classified(unit=None)) == []


def test_a_stop_order_served_in_a_case_is_an_enforcement_act_but_not_a_stop_at_the_initial_stage() -> None:
    rows = mapped(step("stop_order_issued", [], officers=[A]))
    assert facts(rows, "conduct_and_equipment.certificate_shown") == [
        ("unit", "STN03", 1, DAY),
        ("officer", str(A), 1, DAY),
    ]
    assert [v for _, _, v, _ in facts(rows, "procedure_compliance.two_officer_violation")] == [1, 1]
    assert facts(rows, "patrol_and_stopping.stopped_early") == []  # stopping early is the lead's
    assert facts(mapped(step("stop_order_ineffective_reported", [], officers=[])), CODE) == []
