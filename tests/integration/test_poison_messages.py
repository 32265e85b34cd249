"""(c) A poison message is dead-lettered with its reason, and the following events still project:
undecodable bytes, an invalid payload, an unknown major version, a 5 MB body, a truncated event."""

from __future__ import annotations

import json
from typing import Any

from assessment.projections import RosterProjection
from personnel.integration import to_integration_event
from shared.contracts import IntegrationEvent
from shared.messaging.envelope import Envelope
from shared.messaging.streams import ensure_stream, stream_for
from tests.support.backbone import Backbone, count
from tests.support.relayed import relayed
from tests.support.wait import eventually


def envelopes_as_the_relay_builds_them(backbone: Backbone) -> list[Envelope]:
    return [envelope for _, envelope in relayed(backbone.personnel, "personnel", to_integration_event)]


async def test_poison_is_dead_lettered_and_later_events_keep_flowing(backbone: Backbone) -> None:
    await backbone.enroll_and_certify(4)  # positions 1..8: enrolled, issued, enrolled, issued, ...
    envelopes = envelopes_as_the_relay_builds_them(backbone)
    js = backbone.nc.jetstream()
    await ensure_stream(js, stream_for("personnel"))

    async def publish(subject: str, data: bytes) -> None:
        await js.publish(subject, data, headers={"Nats-Msg-Id": f"{subject}:{hash(data)}"})

    e = envelopes
    await publish(e[0].event_type, e[0].to_bytes())
    await publish("personnel.officer.enrolled.v1", b"\xff\xfe not an envelope")  # undecodable
    await publish(e[1].event_type, e[1].to_bytes())
    corrupt = json.loads(e[2].to_bytes())
    corrupt["payload"]["officer_id"] = "not-a-uuid"
    await publish(e[2].event_type, json.dumps(corrupt).encode())  # invalid payload, in the chain
    await publish(e[3].event_type, e[3].to_bytes())
    future = json.loads(e[4].to_bytes())
    future["event_type"] = "personnel.officer.enrolled.v9"
    await publish("personnel.officer.enrolled.v9", json.dumps(future).encode())  # unknown major version
    await publish(e[5].event_type, e[5].to_bytes())
    # A 5 MB body (or as large as the server takes): no envelope, dead-lettered like any other.
    huge = min(5 * 1024 * 1024, backbone.nc.max_payload - 1024)
    await publish("personnel.officer.enrolled.v1", json.dumps({"junk": "x" * huge}).encode())
    await publish(e[6].event_type, b"{ truncated")  # a lost event: its successor must not wait forever
    await publish(e[7].event_type, e[7].to_bytes())

    runner = backbone.start(backbone.runner(RosterProjection(), backbone.assessment_pool, retry_delay=0.1))
    await eventually(
        lambda: backbone.assessment_pool.fetchval(
            "SELECT position = 8 FROM consumer_cursor WHERE projection = 'assessment-roster'"
        )
    )
    await runner.halt()

    reasons = [
        row["reason"]
        for row in await backbone.assessment_pool.fetch("SELECT reason FROM consumer_dead_letter ORDER BY stream_seq")
    ]
    assert reasons == [
        "undecodable_envelope",
        "invalid_payload",
        "unsupported_major_version",
        "undecodable_envelope",
        "undecodable_envelope",
    ]
    kept = await backbone.assessment_pool.fetchval(
        "SELECT max(length(raw)) FROM consumer_dead_letter WHERE projection = 'assessment-roster'"
    )
    assert kept > huge  # kept whole, for whoever investigates
    # Even positions are enrolments: only officer 0's arrived clean (the others were corrupt, of an
    # unknown version, or lost). Odd positions are certificates: all four arrived clean.
    officers = await backbone.assessment_pool.fetch("SELECT name FROM roster_officers")
    assert [row["name"] for row in officers] == ["officer HN-0"]
    assert await count(backbone.assessment_pool, "SELECT count(*) FROM roster_certificates") == 4
    info = await js.consumer_info("PERSONNEL", "assessment-roster--personnel")
    assert info.num_ack_pending == 0


class FailingTwiceAt:
    """The roster projection, whose handler fails for one event on its first delivery (the fast pass
    and the careful pass): the event is nak'd for a retry."""

    def __init__(self, position: int) -> None:
        self.inner = RosterProjection()
        self.name, self.producers, self.tables = self.inner.name, self.inner.producers, self.inner.tables
        self.position, self.failures = position, 2

    async def apply(self, conn: Any, event: IntegrationEvent, envelope: Envelope) -> None:
        if envelope.position == self.position and self.failures:
            self.failures -= 1
            raise RuntimeError("fails on its first delivery")
        await self.inner.apply(conn, event, envelope)


async def test_an_event_waiting_for_a_retry_is_not_passed_over_after_an_earlier_dead_letter(
    backbone: Backbone,
) -> None:
    # Stream: event 1, undecodable bytes, event 2 (its handler fails once: nak'd, redelivered after
    # the retry delay), events 3 and 4. Fetched one at a time, event 3 arrives while event 2 waits.
    # The dead letter explains no gap before event 3 (event 2 is still to come), so event 3 waits
    # too; were it applied, the retried event 2 would be taken for a duplicate and lost.
    await backbone.enroll_and_certify(2)
    e = envelopes_as_the_relay_builds_them(backbone)
    js = backbone.nc.jetstream()
    await ensure_stream(js, stream_for("personnel"))
    await js.publish(e[0].event_type, e[0].to_bytes())
    await js.publish("personnel.officer.enrolled.v1", b"\xff not an envelope")
    for envelope in e[1:4]:
        await js.publish(envelope.event_type, envelope.to_bytes())

    projection = FailingTwiceAt(e[1].position)
    runner = backbone.start(backbone.runner(projection, backbone.assessment_pool, batch_size=1, retry_delay=1.0))
    await eventually(
        lambda: backbone.assessment_pool.fetchval(
            "SELECT position = $1 FROM consumer_cursor WHERE projection = 'assessment-roster'", e[3].position
        )
    )
    await runner.halt()
    assert projection.failures == 0  # event 2 did fail, and was retried
    applied = await backbone.assessment_pool.fetch(
        "SELECT position FROM consumer_applied WHERE projection = 'assessment-roster' ORDER BY position"
    )
    assert [row["position"] for row in applied] == [envelope.position for envelope in e[:4]]
    assert await count(backbone.assessment_pool, "SELECT count(*) FROM roster_certificates") == 2
