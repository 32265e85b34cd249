-- Projection-style policy "assessment-triggers": every trigger event of cases it has acted upon, and
-- the matter it raised (none when the policy holds nobody to account, e.g. a minor defect). The
-- matters themselves are events of assessment's event store; this table is rebuilt like any other.
CREATE TABLE IF NOT EXISTS accountability_triggers (
    trigger_event_id uuid PRIMARY KEY,
    event_type text NOT NULL,
    kind text NOT NULL,
    unit_id text NOT NULL,
    officer_ids text[] NOT NULL,
    matter_id uuid,
    producer text NOT NULL,
    position bigint NOT NULL,
    occurred_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS accountability_triggers_matter ON accountability_triggers (matter_id);
