"""The superior bureau takes a verified lead over (上提管辖, 2014 Measures art. 8): the lead is
settled, its filing deadline ends there, and the public event names the officers who verified it."""

from __future__ import annotations

import pytest

from cases.domain.lead import LeadSettledError, ViolationNotConfirmedError
from cases.integration import to_integration_event
from shared.contracts.cases import LeadTakenOverV1
from shared.domain import InvalidInputError
from tests.unit.cases.procedure.support import World, at


def take_over(world: World, lead: object, reason: str = "should_have_filed", day: str = "2018-03-20") -> None:
    world.cases.take_over_lead(
        lead,  # type: ignore[arg-type]
        superior="洛阳市国土资源局",
        reason=reason,
        letter_no="洛国土资函〔2018〕12号",
        taken_over_at=at(day),
    )


def test_a_verified_lead_taken_over_is_settled_and_names_who_verified_it(world: World) -> None:
    lead = world.lead()
    world.verify(lead)
    take_over(world, lead)

    taken = world.cases.lead(lead)
    assert taken.settlement == "taken_over"
    assert taken.watch_finished  # the filing deadline ends with the takeover
    public = to_integration_event(world.cases.stored_events(lead)[-1])
    assert isinstance(public, LeadTakenOverV1)
    assert (public.reason, public.superior, public.officer_ids) == (
        "should_have_filed",
        "洛阳市国土资源局",
        taken.verification["officer_ids"],
    )
    with pytest.raises(LeadSettledError):
        world.file(lead)  # the bureau no longer files it
    with pytest.raises(LeadSettledError):
        take_over(world, lead, reason="complex")


def test_only_a_verified_violation_is_taken_over_and_on_a_stated_ground(world: World) -> None:
    lead = world.lead()
    with pytest.raises(ViolationNotConfirmedError):
        take_over(world, lead)
    world.verify(lead)
    with pytest.raises(InvalidInputError):
        take_over(world, lead, reason="dislike")
    assert world.cases.lead(lead).settlement is None
