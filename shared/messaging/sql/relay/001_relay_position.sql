-- Where the relay of this service has got to in its notification log.
CREATE TABLE IF NOT EXISTS relay_position (
    producer text PRIMARY KEY,
    notification_id bigint NOT NULL,      -- last notification read (public or not)
    published_position bigint NOT NULL    -- last notification published (the next envelope's previous_position)
);
