"""The envelope: deterministic ids, both times, the actor, and the previous position."""

from __future__ import annotations

from uuid import uuid4

from eventsourcing.persistence import Notification

from personnel.application import Personnel
from personnel.domain import StaffKind, UnitKind
from personnel.integration import to_integration_event
from shared.domain import CommandContext, command_context
from shared.messaging.envelope import Envelope, event_id_for
from shared.messaging.relay import build_envelope
from tests.support.personnel import register_units, seed_certificate


def test_event_ids_are_deterministic_per_producer_aggregate_and_version() -> None:
    aggregate = uuid4()
    assert event_id_for("personnel", aggregate, 3) == event_id_for("personnel", aggregate, 3)
    assert event_id_for("personnel", aggregate, 3) != event_id_for("personnel", aggregate, 4)
    assert event_id_for("personnel", aggregate, 3) != event_id_for("cases", aggregate, 3)


def test_an_envelope_carries_metadata_and_round_trips_as_json() -> None:
    personnel = Personnel()
    register_units(personnel, {"STN03": UnitKind.STATION})  # position 1, before the two under test
    with command_context(CommandContext(actor_id="u-2", actor_role="director", correlation_id="corr")):
        officer = personnel.enroll_officer(name="王", unit_id="STN03", staff_kind=StaffKind.PERMANENT)
        seed_certificate(personnel, officer.id, "HN-9")
    notifications = personnel.recorder.select_notifications(2, 10)
    envelopes = []
    previous = 1
    for notification in notifications:
        domain_event = personnel.mapper.to_domain_event(notification)
        public = to_integration_event(domain_event)
        assert public is not None
        envelopes.append(build_envelope("personnel", notification, previous, domain_event, public))
        previous = notification.id
    enrolled, issued = envelopes
    assert enrolled.event_type == "personnel.officer.enrolled.v1"
    assert issued.previous_position == enrolled.position == 2
    assert issued.actor.id == "u-2"
    assert issued.correlation_id == "corr"
    assert issued.payload["certificate_no"] == "HN-9"
    assert Envelope.from_bytes(issued.to_bytes()) == issued
    assert isinstance(notifications[0], Notification)
