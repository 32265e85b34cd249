"""Penalties as values: what a notice proposes and a decision imposes, and the rules that compare them.

The decided penalty may not exceed the noticed one (no increase because the party defended,
DOMAIN §1.4 invariant 4); a large fine or a heavy penalty gives the party the right to a hearing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cases.domain.rules import ProcedureRules

AMOUNT_KINDS = frozenset({"fine", "confiscate_gains", "confiscate_property"})
# Penalties that leave the party something to perform (pay, hand over, demolish, stop).
PERFORMANCE_KINDS = frozenset(
    {
        "fine",
        "confiscate_gains",
        "confiscate_property",
        "confiscate_buildings",
        "demolish_within",
        "order_stop_production",
    }
)
PERSON = "person"
ORGANISATION = "organisation"


@dataclass(frozen=True)
class Penalty:
    kind: str
    amount_yuan: int | None = None
    area_m2: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "amount_yuan": self.amount_yuan, "area_m2": self.area_m2}

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Penalty:
        return cls(data["kind"], data.get("amount_yuan"), data.get("area_m2"))


def penalties(items: Iterable[Mapping[str, Any]]) -> list[Penalty]:
    return [Penalty.of(item) for item in items]


def as_dicts(items: Iterable[Penalty]) -> list[dict[str, Any]]:
    return [item.as_dict() for item in items]


def _totals(items: Sequence[Penalty]) -> dict[str, tuple[int, float]]:
    totals: dict[str, tuple[int, float]] = {}
    for item in items:
        amount, area = totals.get(item.kind, (0, 0.0))
        totals[item.kind] = (amount + (item.amount_yuan or 0), area + (item.area_m2 or 0.0))
    return totals


def excess_over_notice(noticed: Sequence[Penalty], decided: Sequence[Penalty]) -> list[dict[str, Any]]:
    """What the decision imposes beyond the notice: a kind not noticed, or a larger amount or area."""
    before, after = _totals(noticed), _totals(decided)
    excess = []
    for kind, (amount, area) in sorted(after.items()):
        if kind not in before:
            excess.append({"kind": kind, "noticed": None, "decided": {"amount_yuan": amount, "area_m2": area}})
            continue
        noticed_amount, noticed_area = before[kind]
        if amount > noticed_amount or area > noticed_area:
            excess.append(
                {
                    "kind": kind,
                    "noticed": {"amount_yuan": noticed_amount, "area_m2": noticed_area},
                    "decided": {"amount_yuan": amount, "area_m2": area},
                }
            )
    return excess


def hearing_grounds(items: Sequence[Penalty], party_type: str, rules: ProcedureRules) -> list[str]:
    """Why the proposed penalties give the party a right to a hearing (empty: no right)."""
    threshold = rules.hearing_fine_organisation_yuan if party_type == ORGANISATION else rules.hearing_fine_person_yuan
    grounds = []
    for kind, (amount, _) in sorted(_totals(items).items()):
        if kind not in rules.hearing_penalty_kinds:
            continue
        if kind in AMOUNT_KINDS:
            if amount >= threshold:
                grounds.append(f"{kind} of {amount} yuan >= {threshold}")
        else:
            grounds.append(kind)
    return grounds


def legal_review_grounds(items: Sequence[Penalty], rules: ProcedureRules) -> list[str]:
    """Why the proposed penalties make the decision major (法制审核 required)."""
    grounds = []
    for kind, (amount, _) in sorted(_totals(items).items()):
        if kind in rules.legal_review_penalty_kinds:
            grounds.append(kind)
        elif kind in AMOUNT_KINDS and amount >= rules.legal_review_fine_yuan:
            grounds.append(f"{kind} of {amount} yuan >= {rules.legal_review_fine_yuan}")
    return grounds


def leaves_obligations(items: Sequence[Penalty]) -> bool:
    return any(item.kind in PERFORMANCE_KINDS for item in items)


def fines_due(items: Sequence[Penalty]) -> int:
    """Every sum the party pays: the fines and the money confiscated."""
    return sum(item.amount_yuan or 0 for item in items if item.kind in AMOUNT_KINDS)


def fine_amount(items: Sequence[Penalty]) -> int:
    """The fines (罚款) alone: what a late-payment surcharge is rated on."""
    return sum(item.amount_yuan or 0 for item in items if item.kind == "fine")


def orders_demolition(items: Sequence[Penalty]) -> bool:
    return any(item.kind == "demolish_within" for item in items)
