"""Prometheus metrics shared by every process (each process exposes its own `/metrics`)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

HTTP_REQUESTS = Counter("zeren_http_requests_total", "HTTP requests handled", ["service", "method", "route", "status"])
HTTP_LATENCY = Histogram(
    "zeren_http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
IDENTITY_REFUSED = Counter("zeren_identity_refused_total", "Requests refused for their gateway identity", ["reason"])
RELAY_PUBLISHED = Counter("zeren_relay_published_total", "Events published by the relay", ["producer"])
RELAY_DUPLICATES = Counter("zeren_relay_duplicates_total", "Publications JetStream dropped as duplicates", ["producer"])
RELAY_LAG = Gauge("zeren_relay_lag_events", "Notifications stored but not yet published", ["producer"])
CONSUMER_APPLIED = Counter("zeren_consumer_applied_total", "Events applied to a projection", ["projection", "producer"])
CONSUMER_DEAD_LETTERS = Counter(
    "zeren_consumer_dead_letters_total", "Messages dead-lettered", ["projection", "producer", "reason"]
)
# Freshness of a read model: from the event's commit in its producer's store to the commit of the
# projection that applied it (both clocks are the servers'; a rebuild replays old events, whose ages
# land in the last bucket).
CONSUMER_EVENT_AGE = Histogram(
    "zeren_consumer_event_age_seconds",
    "Time from an event's recording by its producer to its projection",
    ["projection", "producer"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0),
)
CONSUMER_LAG = Gauge(
    "zeren_consumer_lag_messages", "Messages in the stream not yet applied", ["projection", "producer"]
)
# 0 while a projection cannot subscribe to its stream (the stream is missing, its durable consumer
# cannot be created, or NATS is away): its lag is then unknown, not zero.
CONSUMER_SUBSCRIBED = Gauge(
    "zeren_consumer_subscribed", "1 when the projection's durable consumer is bound", ["projection", "producer"]
)
