"""The demo scenario as planned before anything is sent: DOMAIN §9's figures, and the same options
always giving the same demo."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from shared.devstack.seed.equipment import BUDGET, FULL_ASSETS, SMALL_ASSETS
from shared.devstack.seed.leads_plan import available, plan_month
from shared.devstack.seed.recording import camera
from shared.devstack.seed.satellite import plan_patches
from shared.devstack.seed.staff import BATCHES, WEAK_STATION, Scale, plan_staff

HOLDERS_BY_UNIT = {  # DOMAIN §9.1
    "LEAD": 5,
    "LEGAL": 5,
    "ENF": 22,
    "FARM": 4,
    "PLAN": 3,
    "LANDUSE": 5,
    "CADASTRE": 4,
    "MINERAL": 5,
    "GEOENV": 3,
    "PETITION": 2,
    **{f"STN{i:02d}": 4 for i in range(1, 11)},
}


def test_the_full_bureau_has_24_units_about_140_staff_and_98_holders_where_9_1_puts_them() -> None:
    staff = plan_staff(Scale.FULL, 2018)
    assert len(staff.units) == 24
    assert len(staff.members) == 140
    assert len(staff.holders) == 98
    assert Counter(m.unit for m in staff.holders) == HOLDERS_BY_UNIT
    assert len({m.certificate_no for m in staff.holders}) == 98
    assert all(m.staff_kind == "permanent" for m in staff.holders)
    for unit in ("OFFICE", "FINANCE", "RESERVE", "CONSOL"):
        assert staff.heads[unit] in {m.key for m in staff.of_unit(unit)}
        assert not staff.holders_of(unit)


def test_the_leadership_the_exceptions_and_the_applicant_are_who_9_1_says() -> None:
    staff = plan_staff(Scale.FULL, 2018)
    ranks = Counter(staff.by_key[k].rank for k in (staff.director, *staff.deputies))
    assert ranks == {"director": 1, "deputy_director": 4}
    assert staff.by_key[staff.office_head].rank == "deputy_director"
    assert len(staff.review_due) == 2
    assert all(staff.by_key[k].batch == 1 and k not in staff.heads.values() for k in staff.review_due)
    assert staff.by_key[staff.suspended].unit == WEAK_STATION
    applicant = staff.by_key[staff.awaiting_retake]
    assert applicant.certificate_no is None
    assert applicant.staff_kind == "permanent"
    assert all(batch.trained < batch.posted < batch.examined < batch.issued for batch in BATCHES.values())
    # the September retirement: a brigade holder with no other story to tell, at either scale
    for scale in Scale:
        planned = plan_staff(scale, 2018)
        retiree = planned.by_key[planned.retiree]
        assert (retiree.unit, retiree.rank, bool(retiree.certificate_no)) == ("ENF", "staff", True)
        assert planned.retiree not in {*planned.review_due, planned.suspended, planned.successor}


def test_the_same_seed_plans_the_same_demo_and_another_seed_other_names() -> None:
    assert plan_staff(Scale.FULL, 7) == plan_staff(Scale.FULL, 7)
    assert plan_month(plan_staff(Scale.FULL, 7), 4, 7, full=True) == plan_month(
        plan_staff(Scale.FULL, 7), 4, 7, full=True
    )
    other = plan_staff(Scale.FULL, 8)
    assert [m.name for m in other.members] != [m.name for m in plan_staff(Scale.FULL, 7).members]
    assert Counter(m.unit for m in other.holders) == HOLDERS_BY_UNIT


def test_a_full_month_has_the_9_2_volumes_and_every_team_may_enforce() -> None:
    staff = plan_staff(Scale.FULL, 2018)
    for month in (4, 5):
        leads = plan_month(staff, month, 2018, full=True)
        assert len(leads) == 46
        assert Counter(lead.source for lead in leads)["patrol"] == 35
        confirmed = [lead for lead in leads if lead.outcome == "violation_confirmed"]
        assert len(confirmed) == 20
        assert len([lead for lead in confirmed if lead.path]) == 12
        for lead in leads:
            assert len(set(lead.team)) == 2
            verified_late = lead.verify_after > 3
            assert verified_late or set(lead.team) <= set(available(staff, lead.unit))
    april = plan_month(staff, 4, 2018, full=True)
    (late,) = [lead for lead in april if lead.verify_after > 3]
    assert (late.unit, late.team[0]) == (WEAK_STATION, staff.suspended)


def test_the_small_scale_keeps_every_kind_of_record_on_fewer_units() -> None:
    staff = plan_staff(Scale.SMALL, 2018)
    assert {u.code for u in staff.units} == {"LEAD", "OFFICE", "LEGAL", "ENF", "LANDUSE", "STN01", WEAK_STATION}
    leads = plan_month(staff, 4, 2018, full=False)
    assert len(leads) == 9
    assert {lead.path for lead in leads if lead.path} == {"fine_paid", "demolition", "major", "no_penalty"}
    assert any(lead.verify_after > 3 for lead in leads)


def test_the_guarantees_match_the_article() -> None:
    assert sum(Decimal(amount) for _, amount, _ in BUDGET) >= Decimal(1_300_000)
    assert Counter(kind for _, kind, _, _ in FULL_ASSETS) == {"vehicle": 13, "computer": 15, "body_camera": 12}
    assert len({asset_no for asset_no, _, _, _ in FULL_ASSETS}) == 40


def test_the_satellite_batch_gives_a_ratio_of_about_three_percent_of_1500_mu() -> None:
    patches = plan_patches(plan_staff(Scale.FULL, 2018), 2018, full=True)
    classes = Counter(p.patch_class for p in patches)
    assert (len(patches), classes["legal_approved"], classes["illegal"]) == (400, 300, 40)
    illegal_cultivated = sum(p.cultivated_mu for p in patches if p.patch_class == "illegal")
    assert 0.02 < illegal_cultivated / 1500 < 0.04


def test_the_seeded_clips_come_from_the_body_cameras_the_unit_holds() -> None:
    def cameras(assets: list[tuple[str, str, str, str]]) -> dict[str, str]:
        return {number: unit for number, kind, _, unit in assets if kind == "body_camera"}

    full, small = cameras(FULL_ASSETS), cameras(SMALL_ASSETS)
    assert len(full) == 12
    serials = [f"2018-{n:03d}" for n in range(60)]
    squad = {camera(True, "ENF", s) for s in serials}
    assert len(squad) > 4
    assert {full[tag] for tag in squad if tag} == {"ENF"}
    stations = {camera(True, "STN03", s) for s in serials}
    assert None not in stations
    assert {full[tag][:3] for tag in stations if tag} == {"STN"}  # the pool rotating among the stations
    assert {camera(False, "ENF", s) for s in serials} <= set(small)
    assert camera(False, "STN03", "2018-001") is None  # no camera at a station at the small scale
