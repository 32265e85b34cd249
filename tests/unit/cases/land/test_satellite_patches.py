"""Satellite patches (§6): received in batches, verified on the ground before they are classified, an
illegal one pursued as a lead, each reported with its truth attested, and the monthly clearance."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from cases.application import Cases
from cases.domain.satellite_batch import monthly_due_on
from cases.domain.satellite_terms import (
    BatchOverfilledError,
    BatchSource,
    ClassificationBasisMissingError,
    IllegalKind,
    IllegalPatchWithoutLeadError,
    PatchAlreadyRegisteredError,
    PatchAlreadyReportedError,
    PatchClass,
    PatchLinkedToOtherLeadError,
    PatchNotIllegalError,
    PatchStepError,
    RectificationMethod,
    TruthfulnessNotAttestedError,
)
from shared.domain import FixedClock, InvalidInputError
from shared.domain.access import ForbiddenError
from tests.unit.cases.land.conftest import acting_as, at
from tests.unit.cases.land.satellite_helpers import (
    REGION,
    batch,
    classified,
    linked,
    patches,
    registration,
    reported,
    verified,
)


def test_a_monthly_batch_is_due_at_the_end_of_the_following_month(cases: Cases) -> None:
    assert monthly_due_on(2018, 1, 1) == date(2018, 2, 28)
    assert monthly_due_on(2017, 12, 1) == date(2018, 1, 31)
    assert monthly_due_on(2020, 1, 1) == date(2020, 2, 29)
    monthly = cases.satellite_batch(batch(cases, period="2018-01", received="2018-02-05"))
    assert (monthly.verification_due_on, monthly.rule_version) == (date(2018, 2, 28), 0)
    with pytest.raises(InvalidInputError):  # a monthly batch's due day comes from the rule
        batch(cases, period="2018-02", received="2018-02-05", due=date(2018, 3, 15))
    with pytest.raises(InvalidInputError):  # an annual one must carry its campaign's due day
        cases.receive_satellite_batch(
            region_code=REGION, period="2017", source=BatchSource.MINISTRY, campaign="c", patch_count=1
        )
    with pytest.raises(InvalidInputError):
        batch(cases, period="2018-13")
    late = cases.satellite_batch(batch(cases, period="2018-01", received="2018-03-01"))
    assert late.verification_due_on == date(2018, 2, 28)  # pushed late, due by the rule all the same
    with pytest.raises(InvalidInputError):  # an annual due day before the batch arrived is an entry error
        batch(cases, period="2017", received="2018-03-01", due=date(2018, 2, 28))


def test_patches_are_registered_once_and_never_beyond_what_the_batch_announced(cases: Cases) -> None:
    batch_id = batch(cases, count=3)
    with pytest.raises(PatchAlreadyRegisteredError) as repeated:
        cases.register_satellite_patches(batch_id, [registration("A-1"), registration("a-1")])
    assert repeated.value.details["repeated"] == ["A-1"]
    patches(cases, batch_id, "A-1", "A-2")
    with pytest.raises(PatchAlreadyRegisteredError) as again:
        cases.register_satellite_patches(batch_id, [registration("A-2")])
    assert again.value.details["already_registered"] == ["A-2"]
    with pytest.raises(BatchOverfilledError):
        cases.register_satellite_patches(batch_id, [registration("A-3"), registration("A-4")])
    with pytest.raises(InvalidInputError):
        cases.register_satellite_patches(batch_id, [registration("A-5", monitored=1.0, cultivated=2.0)])
    assert len(cases.satellite_batch(batch_id).patch_ids) == 2


def test_a_patch_is_classified_only_after_it_was_verified_on_the_ground(cases: Cases) -> None:
    (patch_id,) = patches(cases, batch(cases), "B-1")
    with pytest.raises(PatchStepError) as unassigned:
        cases.verify_satellite_patch(
            patch_id, officer_ids=["o-1"], photos=[], current_use="耕地", built=False, verified_at=at("2018-01-15")
        )
    assert unassigned.value.details == {"missing": "assigned"}
    cases.assign_satellite_patch(patch_id, unit_id="STN03", officer_ids=["o-1"], due_on=date(2018, 2, 20))
    with pytest.raises(PatchStepError) as unverified:
        classified(cases, patch_id, PatchClass.ILLEGAL, measured=3, cultivated=2)
    assert unverified.value.details == {"missing": "field_verified"}
    verified(cases, patch_id)
    classified(cases, patch_id, PatchClass.ILLEGAL, measured=3, cultivated=2)
    assert cases.satellite_patch(patch_id).patch_class is PatchClass.ILLEGAL


def test_classification_rules(cases: Cases) -> None:
    (patch_id,) = patches(cases, batch(cases), "C-1")
    verified(cases, patch_id)

    def classify(patch_class: PatchClass, kind: IllegalKind | None, basis: list[str]) -> None:
        cases.classify_satellite_patch(
            patch_id,
            patch_class=patch_class,
            illegal_kind=kind,
            basis_doc_refs=basis,
            measured_mu=4,
            cultivated_mu=3,
            basic_farmland_mu=1,
        )

    with pytest.raises(ClassificationBasisMissingError):
        classify(PatchClass.LEGAL_APPROVED, None, [])
    with pytest.raises(InvalidInputError):
        classify(PatchClass.ILLEGAL, None, [])
    with pytest.raises(InvalidInputError):
        classify(PatchClass.FALSE_CHANGE, IllegalKind.ILLEGAL_APPROVAL, [])
    classify(PatchClass.ILLEGAL, IllegalKind.ILLEGAL_APPROVAL, [])
    linked(cases, patch_id, with_case=False)
    with pytest.raises(PatchLinkedToOtherLeadError):  # a lead is pursued: the patch stays illegal
        classify(PatchClass.LEGAL_APPROVED, None, ["批文"])


def test_only_an_illegal_patch_becomes_a_lead_and_is_rectified(cases: Cases) -> None:
    legal, illegal = patches(cases, batch(cases, count=2), "D-1", "D-2")
    verified(cases, legal)
    verified(cases, illegal)
    classified(cases, legal, PatchClass.LEGAL_APPROVED, measured=5, cultivated=4)
    classified(cases, illegal, PatchClass.ILLEGAL, measured=5, cultivated=4)
    with pytest.raises(PatchNotIllegalError):
        cases.link_satellite_patch_to_lead(legal, lead_id=uuid4())
    with pytest.raises(PatchNotIllegalError):
        cases.rectify_satellite_patch(legal, method=RectificationMethod.OTHER, verified_by=["o-1"])

    lead, case = uuid4(), uuid4()
    cases.link_satellite_patch_to_lead(illegal, lead_id=lead)
    cases.link_satellite_patch_to_lead(illegal, lead_id=lead, case_id=case)  # the case, filed later
    cases.link_satellite_patch_to_lead(illegal, lead_id=lead)  # a repeat keeps the case
    with pytest.raises(PatchLinkedToOtherLeadError):
        cases.link_satellite_patch_to_lead(illegal, lead_id=uuid4())
    assert (cases.satellite_patch(illegal).lead_id, cases.satellite_patch(illegal).case_id) == (lead, case)
    links = [e for e in cases.stored_events(illegal) if type(e).__name__ == "LinkedToLead"]
    assert len(links) == 2

    cases.rectify_satellite_patch(
        illegal, method=RectificationMethod.DEMOLISHED_RESTORED, verified_by=["o-1"], rectified_at=at("2018-02-01")
    )
    with pytest.raises(PatchStepError):
        cases.rectify_satellite_patch(illegal, method=RectificationMethod.OTHER, verified_by=["o-1"])


def test_a_report_attests_the_truth_and_freezes_the_classification(cases: Cases) -> None:
    unclassified, illegal = patches(cases, batch(cases, count=2), "E-1", "E-2")
    verified(cases, unclassified)
    with pytest.raises(PatchStepError):
        reported(cases, unclassified, "2018-02-01")
    verified(cases, illegal)
    classified(cases, illegal, PatchClass.ILLEGAL, measured=5, cultivated=4)
    with pytest.raises(TruthfulnessNotAttestedError):
        cases.report_satellite_patch(illegal, truthfulness_attested=False, reported_at=at("2018-02-01"))
    with pytest.raises(IllegalPatchWithoutLeadError):
        reported(cases, illegal, "2018-02-01")
    linked(cases, illegal, with_case=True)
    reported(cases, illegal, "2018-02-01")
    with pytest.raises(PatchAlreadyReportedError):
        classified(cases, illegal, PatchClass.FALSE_CHANGE, measured=5, cultivated=4)
    reported(cases, illegal, "2018-03-01")  # a later report (after rectification, say) is recorded too
    patch = cases.satellite_patch(illegal)
    assert (patch.first_reported_on, patch.reports) == (date(2018, 2, 1), 2)


def test_field_work_belongs_to_the_unit_the_patch_is_assigned_to(cases: Cases) -> None:
    (patch_id,) = patches(cases, batch(cases), "F-1")
    with acting_as("unit_head", unit="STN05"), pytest.raises(ForbiddenError):
        cases.assign_satellite_patch(patch_id, unit_id="STN03", officer_ids=["o-1"], due_on=date(2018, 2, 1))
    cases.assign_satellite_patch(patch_id, unit_id="STN03", officer_ids=["o-1"], due_on=date(2018, 2, 1))
    with acting_as("officer", unit="STN05"), pytest.raises(ForbiddenError):
        cases.verify_satellite_patch(patch_id, officer_ids=["o-9"], photos=[], current_use="x", built=False)
    with acting_as("officer", unit="STN03"):
        cases.verify_satellite_patch(patch_id, officer_ids=["o-1"], photos=[], current_use="x", built=False)


def test_a_unit_head_cannot_take_over_a_patch_assigned_to_another_unit(cases: Cases) -> None:
    (patch_id,) = patches(cases, batch(cases), "F-1")
    cases.assign_satellite_patch(patch_id, unit_id="STN03", officer_ids=["o-1"], due_on=date(2018, 2, 1))
    version = cases.satellite_patch(patch_id).version
    with acting_as("unit_head", unit="STN05"), pytest.raises(ForbiddenError) as refused:
        cases.assign_satellite_patch(patch_id, unit_id="STN05", officer_ids=["o-5"], due_on=date(2018, 2, 1))
    assert refused.value.details == {"your_unit": "STN05", "object_unit": "STN03"}
    patch = cases.satellite_patch(patch_id)
    assert (patch.version, patch.unit_id) == (version, "STN03")
    with acting_as("unit_head", unit="STN03"):  # its own unit's head may hand it on within the unit
        cases.assign_satellite_patch(patch_id, unit_id="STN03", officer_ids=["o-2"], due_on=date(2018, 2, 1))
    with acting_as("deputy_director"):  # a bureau-wide role moves it between units
        cases.assign_satellite_patch(patch_id, unit_id="STN05", officer_ids=["o-5"], due_on=date(2018, 2, 1))
    assert cases.satellite_patch(patch_id).unit_id == "STN05"


def test_the_monthly_clearance_breach_is_recorded_once_however_often_the_job_runs(
    cases: Cases, fixed_clock: FixedClock
) -> None:
    fixed_clock.set(datetime(2018, 2, 10, 2, 0, tzinfo=UTC))
    batch_id = batch(cases, period="2018-01", count=3, received="2018-02-05")  # due 2018-02-28
    first, second, third = patches(cases, batch_id, "G-1", "G-2", "G-3")
    for patch_id in (first, second, third):
        verified(cases, patch_id, day="2018-02-08")
        classified(cases, patch_id, PatchClass.FALSE_CHANGE, measured=2, cultivated=0)
    fixed_clock.set(datetime(2018, 2, 27, 2, 0, tzinfo=UTC))
    reported(cases, first, "2018-02-26")
    reported(cases, second, "2018-02-27")

    fixed_clock.set(datetime(2018, 2, 28, 15, 0, tzinfo=UTC))  # 23:00 on the due day in Beijing
    assert cases.watch_satellite_clearance() == 0
    assert cases.satellite_batch(batch_id).settlement is None

    fixed_clock.set(datetime(2018, 2, 28, 16, 30, tzinfo=UTC))  # 00:30 on 1 March in Beijing
    assert cases.watch_satellite_clearance() == 1
    assert cases.watch_satellite_clearance() == 0
    breaches = [e for e in cases.stored_events(batch_id) if type(e).__name__ == "ClearanceBreached"]
    assert [(e.due_on, e.unreported_patch_ids, e.missing_registrations) for e in breaches] == [
        (date(2018, 2, 28), [third], 0)
    ]

    fixed_clock.set(datetime(2018, 3, 2, 2, 0, tzinfo=UTC))
    reported(cases, third, "2018-03-02")  # late, and recorded as such; the breach stays single
    assert cases.stored_events(third)[-1].on_time is False
    assert cases.watch_satellite_clearance() == 0
    assert len([e for e in cases.stored_events(batch_id) if type(e).__name__ == "ClearanceBreached"]) == 1


def test_a_batch_cleared_in_time_is_settled_as_cleared_and_missing_registrations_breach(
    cases: Cases, fixed_clock: FixedClock
) -> None:
    fixed_clock.set(datetime(2018, 2, 10, 2, 0, tzinfo=UTC))
    cleared = batch(cases, period="2018-01", count=1, received="2018-02-05")
    short = batch(cases, period="2018-01", count=2, received="2018-02-06")
    (patch_id,) = patches(cases, cleared, "H-1")
    (other_id,) = patches(cases, short, "H-2")
    for each in (patch_id, other_id):
        verified(cases, each, day="2018-02-08")
        classified(cases, each, PatchClass.FALSE_CHANGE, measured=2, cultivated=0)
        reported(cases, each, "2018-02-09")
    fixed_clock.set(datetime(2018, 3, 1, 2, 0, tzinfo=UTC))
    assert cases.watch_satellite_clearance() == 1
    assert cases.satellite_batch(cleared).settlement == "cleared"
    breached = cases.satellite_batch(short)
    assert (breached.settlement, breached.unreported_patch_ids) == ("breached", [])
    assert cases.stored_events(short)[-1].missing_registrations == 1
