"""The power list, assets and budgets, and personnel's rules as versioned configuration."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from personnel.application import Personnel
from personnel.domain import AssetKind, PowerCategory
from personnel.domain.errors import (
    AssetAlreadyAssignedThereError,
    AssetNotFoundError,
    AssetNumberTakenError,
    EnforcementSubjectAlreadyConfirmedError,
    EnforcementSubjectNotConfirmedError,
    PowerItemAlreadyPublishedError,
    UnitNotFoundError,
)
from personnel.domain.rules import BUILT_IN
from shared.domain import InvalidInputError
from shared.domain.rules import RuleVersionOrderError
from tests.support.personnel import enrol, refused


def publish(personnel: Personnel, code: str = "XZCF-001", responsible_unit_id: str = "ENF"):
    return personnel.publish_power_item(
        code=code,
        subject_code="MJ",
        category=PowerCategory.PENALTY,
        name="对非法占用土地的行政处罚",
        legal_basis=["《土地管理法》第七十六条"],
        responsible_unit_id=responsible_unit_id,
        procedure_template_id="penalty_general_2014",
    )


def test_powers_are_published_for_a_confirmed_enforcement_subject(personnel: Personnel) -> None:
    error = refused(personnel, EnforcementSubjectNotConfirmedError, lambda: publish(personnel))
    assert error.details["missing"] == ["enforcement_subject_qualification"]  # type: ignore[attr-defined]
    personnel.confirm_enforcement_subject(code="MJ", name="孟津县国土资源局", legal_basis=["《土地管理法》"])
    refused(
        personnel,
        EnforcementSubjectAlreadyConfirmedError,
        lambda: personnel.confirm_enforcement_subject(code="MJ", name="x", legal_basis=["y"]),
    )
    item = publish(personnel)
    assert (item.category, item.responsible_unit_id) == (PowerCategory.PENALTY, "ENF")
    refused(personnel, PowerItemAlreadyPublishedError, lambda: publish(personnel))


def test_assets_are_registered_once_and_assigned_to_a_unit_or_an_officer(personnel: Personnel) -> None:
    personnel.register_asset(asset_no="BC-01", kind=AssetKind.BODY_CAMERA, description="执法记录仪")
    refused(
        personnel,
        AssetNumberTakenError,
        lambda: personnel.register_asset(asset_no="BC-01", kind=AssetKind.VEHICLE, description=""),
    )
    refused(personnel, InvalidInputError, lambda: personnel.assign_asset("BC-01", unit_id=None, officer_id=None))
    officer = enrol(personnel)
    refused(personnel, InvalidInputError, lambda: personnel.assign_asset("BC-01", unit_id="ENF", officer_id=officer.id))
    assigned = personnel.assign_asset("BC-01", unit_id="ENF", officer_id=None)
    assert (assigned.unit_id, assigned.officer_id) == ("ENF", None)
    refused(
        personnel,
        AssetAlreadyAssignedThereError,
        lambda: personnel.assign_asset("BC-01", unit_id="ENF", officer_id=None),
    )
    assert personnel.assign_asset("BC-01", unit_id=None, officer_id=officer.id).officer_id == officer.id
    refused(personnel, AssetNotFoundError, lambda: personnel.assign_asset("BC-99", unit_id="ENF", officer_id=None))


def test_an_asset_is_assigned_only_to_a_registered_unit(personnel: Personnel) -> None:
    personnel.register_asset(asset_no="CAR-01", kind=AssetKind.VEHICLE, description="执法车")
    error = refused(
        personnel, UnitNotFoundError, lambda: personnel.assign_asset("CAR-01", unit_id="NOPE", officer_id=None)
    )
    assert error.details == {"unit_id": "NOPE", "field": "unit_id"}  # type: ignore[attr-defined]
    asset = personnel.get_asset("CAR-01")
    assert (asset.unit_id, asset.officer_id, asset.version) == (None, None, 1)


def test_a_power_item_names_a_registered_responsible_unit(personnel: Personnel) -> None:
    personnel.confirm_enforcement_subject(code="MJ", name="孟津县国土资源局", legal_basis=["《土地管理法》"])
    error = refused(personnel, UnitNotFoundError, lambda: publish(personnel, responsible_unit_id="NOPE"))
    assert error.details == {"unit_id": "NOPE", "field": "responsible_unit_id"}  # type: ignore[attr-defined]


def test_a_budget_record_is_a_positive_amount(personnel: Personnel) -> None:
    record = personnel.record_budget(year=2017, amount_yuan=Decimal("1300000.00"), purpose="车辆、电脑、执法记录仪")
    assert record.amount_yuan == Decimal("1300000.00")
    refused(
        personnel, InvalidInputError, lambda: personnel.record_budget(year=2017, amount_yuan=Decimal(0), purpose="x")
    )


def test_rules_start_from_the_built_in_defaults(personnel: Personnel) -> None:
    assert personnel.rules_on(date(2017, 1, 1)) == BUILT_IN
    assert (BUILT_IN.certificate_validity_years, BUILT_IN.review_interval_months, BUILT_IN.exam_pass_mark) == (
        5,
        12,
        60,
    )
    ((rules, effective_from, note),) = personnel.rule_versions()
    assert (rules.version, effective_from, note) == (0, None, "built-in defaults")


def test_a_rule_version_applies_from_its_effective_date_only(personnel: Personnel) -> None:
    personnel.publish_rules(effective_from=date(2019, 1, 1), values={"exam_pass_mark": 70}, note="提高")
    assert personnel.rules_on(date(2018, 12, 31)).exam_pass_mark == 60
    later = personnel.rules_on(date(2019, 1, 1))
    assert (later.version, later.exam_pass_mark, later.certificate_validity_years) == (1, 70, 5)
    personnel.publish_rules(effective_from=date(2020, 1, 1), values={"certificate_validity_years": 6}, note="")
    assert personnel.rules_on(date(2020, 6, 1)).exam_pass_mark == 70  # a version carries every value forward
    refused(
        personnel,
        RuleVersionOrderError,
        lambda: personnel.publish_rules(effective_from=date(2019, 6, 1), values={"exam_pass_mark": 65}, note=""),
    )
    assert [v[0].version for v in personnel.rule_versions()] == [0, 1, 2]


@pytest.mark.parametrize(
    "values", [{"pass_mark": 60}, {"exam_pass_mark": 0}, {"certificate_validity_years": 11}, {"exam_pass_mark": True}]
)
def test_unknown_or_out_of_range_rules_are_refused(personnel: Personnel, values: dict[str, object]) -> None:
    refused(
        personnel,
        InvalidInputError,
        lambda: personnel.publish_rules(effective_from=date(2019, 1, 1), values=values, note=""),
    )


def test_business_times_are_kept(personnel: Personnel) -> None:
    subject = personnel.confirm_enforcement_subject(
        code="MJ", name="孟津县国土资源局", legal_basis=["x"], confirmed_at=datetime(2017, 3, 1, tzinfo=UTC)
    )
    assert subject.confirmed_at == datetime(2017, 3, 1, tzinfo=UTC)
