"""Event backbone: envelope, streams, relay (outbox -> JetStream), consumer loop (JetStream -> projections)."""

from shared.messaging.envelope import Actor, Envelope, event_id_for
from shared.messaging.projection import Projection

__all__ = ["Actor", "Envelope", "Projection", "event_id_for"]
