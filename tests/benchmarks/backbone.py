"""Throughput of the backbone: relay and consumer, each beside a baseline measured in the same run.

    python3 zeren bench [--events N]

Baselines: for the relay, raw JetStream publishing of the same envelopes (no event-store reads, no
position bookkeeping); for the consumer, fetching and acknowledging the same messages without
applying them. The ratio shows what the backbone's guarantees cost on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StorageType, StreamConfig

from assessment.projections import RosterProjection
from shared.messaging.streams import ensure_stream, stream_for
from tests.support.backbone import Backbone
from tests.support.infra import NatsServer, PostgresServer


async def measure(database_url: str, nats_url: str, officers: int) -> list[tuple[str, int, float]]:
    backbone = await Backbone(database_url, nats_url).open()
    results: list[tuple[str, int, float]] = []
    events = officers * 2
    try:
        started = time.perf_counter()
        await backbone.enroll_and_certify(officers)
        results.append(("commands stored (event store, sequential)", events, time.perf_counter() - started))

        relay = backbone.relay()
        await ensure_stream(backbone.nc.jetstream(), stream_for("personnel"))
        started = time.perf_counter()
        async with backbone.personnel_pool.acquire() as conn:
            while relay.position.notification_id < events:
                await relay.pump(conn)
        results.append(("relay: event store -> JetStream", events, time.perf_counter() - started))

        js = backbone.nc.jetstream()
        subscription = await js.subscribe("personnel.>", ordered_consumer=True)
        payloads = [(m.subject, m.data) for m in [await subscription.next_msg(timeout=5) for _ in range(events)]]
        await subscription.unsubscribe()
        await js.add_stream(StreamConfig(name="BASELINE", subjects=["baseline.>"], storage=StorageType.FILE))
        started = time.perf_counter()
        futures = [await js.publish_async(f"baseline.{i}", data) for i, (_, data) in enumerate(payloads)]
        await asyncio.gather(*futures)
        results.append(("baseline: raw JetStream publish", events, time.perf_counter() - started))

        runner = backbone.runner(RosterProjection(), backbone.assessment_pool, batch_size=256)
        subscription = await runner._subscribe()
        started = time.perf_counter()
        applied = 0
        while applied < events:
            messages = await subscription.fetch(256, timeout=2)
            await runner.process(messages)
            applied = int(await backbone.assessment_pool.fetchval("SELECT count(*) FROM consumer_applied"))
        results.append(("consumer: JetStream -> projection (1 tx/batch)", events, time.perf_counter() - started))

        raw = await js.pull_subscribe(
            "baseline.>",
            durable="baseline",
            stream="BASELINE",
            config=ConsumerConfig(ack_policy=AckPolicy.EXPLICIT, deliver_policy=DeliverPolicy.ALL),
        )
        started = time.perf_counter()
        seen = 0
        while seen < events:
            batch = await raw.fetch(256, timeout=2)
            for message in batch:
                await message.ack()
            seen += len(batch)
        results.append(("baseline: fetch + ack only", events, time.perf_counter() - started))
    finally:
        await backbone.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="zeren bench")
    parser.add_argument("--officers", type=int, default=2500, help="each officer adds 2 events (default 2500)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zeren-bench-") as folder:
        home = Path(folder)
        postgres = PostgresServer.start(home / "postgres")
        nats_server = NatsServer.start(home / "nats")
        try:
            url = postgres.create_database()
            results = asyncio.run(measure(url, nats_server.url, args.officers))
        finally:
            nats_server.stop()
            postgres.stop()
    print(f"{'stage':<50} {'events':>8} {'seconds':>9} {'events/s':>10}")
    for name, count, seconds in results:
        print(f"{name:<50} {count:>8} {seconds:>9.2f} {count / seconds:>10.0f}")


if __name__ == "__main__":
    main()
