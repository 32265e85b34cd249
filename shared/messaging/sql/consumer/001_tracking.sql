-- Tracking of every projection of this service, written in the same transaction as its effects.
CREATE TABLE IF NOT EXISTS consumer_cursor (
    projection text NOT NULL,
    producer text NOT NULL,
    position bigint NOT NULL DEFAULT 0,    -- last producer position applied (or skipped in order)
    stream_seq bigint NOT NULL DEFAULT 0,  -- its JetStream sequence
    PRIMARY KEY (projection, producer)
);

-- One row per event applied: the unique key rejects a second application.
CREATE TABLE IF NOT EXISTS consumer_applied (
    projection text NOT NULL,
    producer text NOT NULL,
    position bigint NOT NULL,
    event_id uuid NOT NULL,
    PRIMARY KEY (projection, producer, position)
);

CREATE TABLE IF NOT EXISTS consumer_dead_letter (
    id bigserial PRIMARY KEY,
    projection text NOT NULL,
    producer text NOT NULL,
    stream_seq bigint NOT NULL,
    subject text NOT NULL,
    event_id uuid,
    position bigint,
    reason text NOT NULL,
    detail text NOT NULL,
    raw bytea NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (projection, producer, stream_seq)
);
