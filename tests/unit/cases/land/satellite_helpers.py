"""Steps of the satellite workflow, for tests that need patches at a given stage."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from cases.application import Cases
from cases.commands.satellite import PatchRegistration
from cases.domain.satellite_terms import BatchSource, IllegalKind, PatchClass
from tests.unit.cases.land.conftest import at

REGION = "410322"


def batch(
    cases: Cases, *, period: str = "2017", count: int = 1, received: str = "2018-01-10", due: date | None = None
) -> UUID:
    received_batch = cases.receive_satellite_batch(
        region_code=REGION,
        period=period,
        source=BatchSource.MINISTRY,
        campaign="2017年度卫片执法检查",
        patch_count=count,
        verification_due_on=due if due or "-" in period else date(2018, 2, 28),
        received_at=at(received),
    )
    return received_batch.id


def registration(number: str, *, monitored: float = 10.0, cultivated: float = 5.0) -> PatchRegistration:
    return PatchRegistration(
        patch_no=number,
        township_code="410322101",
        centroid_lng=112.44,
        centroid_lat=34.83,
        monitored_mu=monitored,
        cultivated_mu=cultivated,
        basic_farmland_mu=0.0,
        before_image_date=date(2017, 3, 1),
        after_image_date=date(2017, 10, 1),
        change_type="construction",
    )


def patches(cases: Cases, batch_id: UUID, *numbers: str) -> list[UUID]:
    cases.register_satellite_patches(batch_id, [registration(n) for n in numbers])
    return [p.id for p in cases.satellite_patches_of_batch(cases.satellite_batch(batch_id))[-len(numbers) :]]


def verified(cases: Cases, patch_id: UUID, *, unit: str = "STN03", day: str = "2018-01-15") -> None:
    cases.assign_satellite_patch(patch_id, unit_id=unit, officer_ids=["o-1", "o-2"], due_on=date(2018, 2, 20))
    cases.verify_satellite_patch(
        patch_id, officer_ids=["o-1", "o-2"], photos=["p1.jpg"], current_use="厂房", built=True, verified_at=at(day)
    )


def classified(
    cases: Cases,
    patch_id: UUID,
    patch_class: PatchClass,
    *,
    measured: float,
    cultivated: float,
    basic: float = 0.0,
    kind: IllegalKind | None = None,
) -> None:
    if kind is None and patch_class is PatchClass.ILLEGAL:
        kind = IllegalKind.ILLEGAL_OCCUPATION
    cases.classify_satellite_patch(
        patch_id,
        patch_class=patch_class,
        illegal_kind=kind,
        basis_doc_refs=[] if patch_class in (PatchClass.ILLEGAL, PatchClass.FALSE_CHANGE) else ["豫政土〔2017〕12号"],
        measured_mu=measured,
        cultivated_mu=cultivated,
        basic_farmland_mu=basic,
    )


def linked(cases: Cases, patch_id: UUID, *, with_case: bool) -> None:
    cases.link_satellite_patch_to_lead(patch_id, lead_id=uuid4(), case_id=uuid4() if with_case else None)


def reported(cases: Cases, patch_id: UUID, day: str) -> None:
    cases.report_satellite_patch(patch_id, truthfulness_attested=True, reported_at=at(day))
