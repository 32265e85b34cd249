"""(b) A message delivered twice changes the projection once."""

from __future__ import annotations

import json

from nats.js.errors import NotFoundError

from assessment.projections import RosterProjection
from cases.projections import EnforcersProjection
from tests.support.backbone import Backbone, count, table_dump
from tests.support.consumers import consumer_state
from tests.support.wait import eventually


async def test_a_message_delivered_twice_changes_the_projection_once(backbone: Backbone) -> None:
    await backbone.enroll_and_certify(10)
    relay = backbone.start(backbone.relay())
    js = backbone.nc.jetstream()
    await eventually(lambda: _published(backbone, 20))
    await relay.halt()

    # Publish every message a second time under a new Nats-Msg-Id, so JetStream cannot drop them:
    # the consumer alone must recognise them.
    subscription = await js.subscribe("personnel.>", ordered_consumer=True)
    originals = [await subscription.next_msg(timeout=5) for _ in range(20)]
    await subscription.unsubscribe()
    for message in originals:
        ack = await js.publish(message.subject, message.data, headers={"Nats-Msg-Id": f"copy-{message.reply}"})
        assert not ack.duplicate
    assert (await js.stream_info("PERSONNEL")).state.messages == 40

    roster = backbone.start(backbone.runner(RosterProjection(), backbone.assessment_pool))
    enforcers = backbone.start(backbone.runner(EnforcersProjection(), backbone.cases_pool))
    await eventually(lambda: _cursor_at_end(backbone, "assessment-roster", 40))
    await eventually(lambda: _cursor_at_end(backbone, "cases-enforcers", 40, pool="cases"))
    await roster.halt()
    await enforcers.halt()

    assert await count(backbone.assessment_pool, "SELECT count(*) FROM roster_officers") == 10
    assert await count(backbone.assessment_pool, "SELECT count(*) FROM roster_certificates") == 10
    assert await count(backbone.assessment_pool, "SELECT count(*) FROM officer_history") == 20
    assert await count(backbone.assessment_pool, "SELECT count(*) FROM consumer_applied") == 20
    assert await count(backbone.cases_pool, "SELECT count(*) FROM enforcer_certificates") == 10
    history = await table_dump(backbone.assessment_pool, "officer_history")
    assert len(history) == len(set(history))
    first = json.loads(originals[0].data)
    assert first["position"] == 1


async def _published(backbone: Backbone, expected: int) -> bool:
    try:
        info = await backbone.nc.jetstream().stream_info("PERSONNEL")
    except NotFoundError:
        return False  # the relay has not declared the stream yet
    return bool(info.state.messages == expected)


async def _cursor_at_end(backbone: Backbone, projection: str, stream_seq: int, pool: str = "assessment") -> bool:
    chosen = backbone.assessment_pool if pool == "assessment" else backbone.cases_pool
    seq = await chosen.fetchval("SELECT stream_seq FROM consumer_cursor WHERE projection = $1", projection)
    # Duplicates do not move the cursor; the last original does, so wait for all acks instead.
    info = await consumer_state(backbone.nc.jetstream(), "PERSONNEL", f"{projection}--personnel")
    if not seq or info is None or info.delivered is None:
        return False
    return bool(info.num_pending == 0 and info.num_ack_pending == 0 and info.delivered.stream_seq == stream_seq)
