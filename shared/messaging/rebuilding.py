"""`python -m <service> rebuild NAME…`: an operator empties projections for their projector to
replay from the start of each stream, while the system runs.

Deleting a durable consumer is beyond what a service's own NATS user may do in a cluster, so the
command runs with an operator's NATS credentials (`NATS_USER=admin`) and the service's database URL.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

import nats.errors
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from shared.db.pool import create_pool
from shared.messaging.connection import connect_nats
from shared.messaging.consumer import rebuild
from shared.messaging.projection import Projection
from shared.messaging.streams import stream_for
from shared.settings import ServiceSettings

PROBE_CONSUMER = "zeren-rebuild-permission-probe"
PROBE_TIMEOUT_SECONDS = 5.0


class UnknownProjectionError(LookupError):
    """Names that are not projections of this service; the message lists the ones it has."""


def chosen(projections: Sequence[Projection], names: Sequence[str]) -> list[Projection]:
    """The projections named, in the order named; every name must be one of this service's."""
    available = {projection.name: projection for projection in projections}
    unknown = [name for name in names if name not in available]
    if not names or unknown:
        problem = f"unknown projection(s): {', '.join(unknown)}. " if unknown else ""
        raise UnknownProjectionError(f"{problem}Name one or more of: {', '.join(available)}")
    return [available[name] for name in dict.fromkeys(names)]


async def may_delete_consumers(js: JetStreamContext, stream: str) -> bool:
    """Whether this connection's NATS user may delete consumers of `stream`: asked by deleting one
    that does not exist. Without the permission the server drops the request, and it times out."""
    try:
        await js.delete_consumer(stream, PROBE_CONSUMER)
    except NotFoundError:
        return True
    except (nats.errors.TimeoutError, TimeoutError):
        return False
    return True


async def rebuild_projections(config: ServiceSettings, projections: Sequence[Projection], names: Sequence[str]) -> int:
    try:
        selected = chosen(projections, names)
    except UnknownProjectionError as exc:
        print(f"rebuild: {exc}", file=sys.stderr)
        return 2
    # The connection's state changes are for long-running workers, not for a one-shot command.
    logging.getLogger("shared.messaging.connection").setLevel(logging.ERROR)
    nc = await connect_nats(config, f"{config.service}-rebuild")
    try:
        js = nc.jetstream(timeout=PROBE_TIMEOUT_SECONDS)
        # Checked before anything is emptied: a projection emptied while its consumer keeps its place
        # in the stream would wait for events the stream will not deliver again.
        streams = sorted({stream_for(producer).name for p in selected for producer in p.producers})
        refused = [stream for stream in streams if not await may_delete_consumers(js, stream)]
        if refused:
            print(
                f"rebuild: this NATS user may not delete consumers of {', '.join(refused)};"
                " run it with an operator's credentials (NATS_USER, NATS_PASSWORD). Nothing was changed.",
                file=sys.stderr,
            )
            return 2
        pool = await create_pool(config.database_url.get_secret_value(), config.schema_name, min_size=1, max_size=1)
        try:
            for projection in selected:
                await rebuild(js, pool, projection)
                replayed = ", ".join(projection.producers)
                # A policy keeps its table as a ledger of outcomes: its replay finds them and issues nothing.
                done = "emptied" if projection.tables else "kept (a policy's ledger of outcomes)"
                print(f"{projection.name}: {done}; its projector replays {replayed} from the first event")
        finally:
            await pool.close()
    finally:
        await nc.close()
    return 0
