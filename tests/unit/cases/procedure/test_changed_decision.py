"""A penalty decision changed on challenge (变更): the case records the penalties it now imposes,
enforcement and the surcharge follow them, and what the party already paid may settle it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cases.domain.penalties import Penalty
from cases.domain.penalty_case.challenges import ChangedPenaltiesRequiredError
from shared.domain import InvalidInputError
from tests.unit.cases.procedure.support import World, acting, at, decided_case, serve


def reconsider(world: World, case_id: Any, outcome: str, penalties: list[Penalty] | None, day: str) -> None:
    with acting(role="legal_affairs", unit=None):
        world.cases.decide_challenge(
            case_id,
            proceeding="reconsideration",
            reference="FY-1",
            outcome=outcome,
            category="discretion" if outcome == "changed" else None,
            description="罚款畸重" if outcome == "changed" else "",
            responsible=[{"officer_id": world.a, "role": "handler"}] if outcome == "changed" else [],
            decided_at=at(day),
            changed_penalties=penalties,
        )


def challenged_fine(world: World) -> Any:
    case_id = decided_case(world, penalties=[Penalty("fine", 4_000)])
    serve(world, case_id, day="2018-03-27")
    with acting(role="legal_affairs", unit=None):
        world.cases.file_challenge(
            case_id, proceeding="reconsideration", body="孟津县人民政府", reference="FY-1", filed_at=at("2018-04-02")
        )
    return case_id


def test_a_reduced_fine_already_paid_settles_enforcement_at_the_change(world: World) -> None:
    case_id = challenged_fine(world)
    world.cases.record_payment(case_id, amount_yuan=2_000, receipt_no="FK-1", paid_at=at("2018-04-05"))
    assert "enforcement" not in world.cases.get_case(case_id).completed  # 2,000 of 4,000
    reconsider(world, case_id, "changed", [Penalty("fine", 2_000)], day="2018-05-10")
    case = world.cases.get_case(case_id)
    assert case.decided_penalties() == [Penalty("fine", 2_000)]
    assert case.decision["changed_by"] == {"proceeding": "reconsideration", "reference": "FY-1"}  # type: ignore[index]
    assert case.enforcement["performed_on"] == date(2018, 5, 10)
    assert "enforcement" in case.completed
    assert [(e["kind"], e["source"]) for e in case.errors] == [("wrongful_case", "reconsideration")]
    owed = world.cases.late_payment_surcharge(case_id, date(2018, 6, 1))
    assert (owed.fine_yuan, owed.paid_in_full_on, owed.surcharge_yuan) == (2_000, date(2018, 4, 5), Decimal("0.00"))


def test_an_unpaid_changed_fine_is_what_the_party_now_owes(world: World) -> None:
    case_id = challenged_fine(world)
    reconsider(world, case_id, "changed", [Penalty("fine", 2_000)], day="2018-05-10")
    assert "enforcement" not in world.cases.get_case(case_id).completed
    late = world.cases.late_payment_surcharge(case_id, date(2018, 4, 12))
    assert (late.fine_yuan, late.surcharge_yuan) == (2_000, Decimal("60.00"))
    world.cases.record_payment(case_id, amount_yuan=2_000, receipt_no="FK-1", paid_at=at("2018-05-11"))
    assert world.cases.get_case(case_id).enforcement["performed_on"] == date(2018, 5, 11)


def test_a_change_names_the_penalties_and_only_a_change_does(world: World) -> None:
    case_id = challenged_fine(world)
    version = world.cases.get_case(case_id).version
    with pytest.raises(ChangedPenaltiesRequiredError) as missing:
        reconsider(world, case_id, "changed", None, day="2018-05-10")
    assert (missing.value.status, missing.value.details) == (422, {"fields": ["penalties"]})
    with pytest.raises(InvalidInputError) as extra:
        reconsider(world, case_id, "upheld", [Penalty("fine", 2_000)], day="2018-05-10")
    assert extra.value.details["field"] == "penalties"
    assert world.cases.get_case(case_id).version == version  # nothing written
    reconsider(world, case_id, "upheld", None, day="2018-05-10")
    assert world.cases.get_case(case_id).decided_penalties() == [Penalty("fine", 4_000)]
