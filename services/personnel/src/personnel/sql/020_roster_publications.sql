-- Projection "personnel-directory" (continued): each published roster, for the public's "latest"
-- and list routes. The lines as published (with names) stay in the event store.
CREATE TABLE IF NOT EXISTS directory_roster_publications (
    roster_id uuid PRIMARY KEY,
    as_of date NOT NULL,
    channel text NOT NULL,
    published_at timestamptz NOT NULL,
    officers integer NOT NULL
);
CREATE INDEX IF NOT EXISTS directory_roster_publications_published ON directory_roster_publications (published_at);
