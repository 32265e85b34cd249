"""Every event records who acted, under which correlation, and both of its times."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import cast

from eventsourcing.domain import event

from shared.domain import CommandContext, FixedClock, RecordedAggregate, command_context, current_context


class Parcel(RecordedAggregate):
    class Registered(RecordedAggregate.Created):
        area_mu: float

    @event(Registered)
    def __init__(self, area_mu: float) -> None:
        self.area_mu = area_mu

    class Surveyed(RecordedAggregate.Event):
        area_mu: float

    def survey(self, area_mu: float) -> None:
        self._surveyed(area_mu=area_mu)

    @event(Surveyed)
    def _surveyed(self, area_mu: float) -> None:
        self.area_mu = area_mu


def recorded(parcel: Parcel) -> Sequence[RecordedAggregate.Event]:
    """The parcel's pending events, as the recorded events they are (the library types them more loosely)."""
    return cast("Sequence[RecordedAggregate.Event]", parcel.collect_events())


def test_events_carry_the_actor_and_correlation_of_the_command(fixed_clock: FixedClock) -> None:
    with command_context(CommandContext(actor_id="u-17", actor_role="officer", correlation_id="corr-1")):
        parcel = Parcel(area_mu=3.5)
        parcel.survey(4.0)
    events = recorded(parcel)
    assert [(e.actor_id, e.actor_role, e.correlation_id) for e in events] == [("u-17", "officer", "corr-1")] * 2


def test_recorded_time_comes_from_the_injected_clock(fixed_clock: FixedClock) -> None:
    parcel = Parcel(area_mu=1.0)
    fixed_clock.advance(timedelta(days=3))
    parcel.survey(2.0)
    created, surveyed = recorded(parcel)
    assert created.timestamp == datetime(2018, 3, 1, 9, 0, tzinfo=UTC)
    assert surveyed.timestamp == datetime(2018, 3, 4, 9, 0, tzinfo=UTC)
    assert surveyed.occurred_at == surveyed.timestamp


def test_a_backdated_entry_keeps_its_business_time_apart_from_its_recorded_time(fixed_clock: FixedClock) -> None:
    held = datetime(2018, 2, 20, 15, 0, tzinfo=UTC)
    ctx = CommandContext(actor_id="u-1", actor_role="legal_affairs", correlation_id="c").backdated(held)
    with command_context(ctx):
        parcel = Parcel(area_mu=1.0)
    (created,) = recorded(parcel)
    assert created.occurred_at == held
    assert created.timestamp == fixed_clock.now()


def test_without_a_command_context_the_actor_is_the_system() -> None:
    parcel = Parcel(area_mu=1.0)
    (created,) = recorded(parcel)
    assert (created.actor_id, created.actor_role) == ("system", "system")
    assert created.correlation_id  # a fresh one, never empty


def test_the_context_is_restored_after_the_command() -> None:
    with command_context(CommandContext(actor_id="a", actor_role="r", correlation_id="c")):
        assert current_context().actor_id == "a"
    assert current_context().actor_id == "system"
