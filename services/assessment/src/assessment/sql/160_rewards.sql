-- Projection "assessment-decisions" (continued): the rewards granted on published rankings, for the
-- list route. The event store stays the source of truth of each reward.
CREATE TABLE IF NOT EXISTS rewards (
    reward_id uuid PRIMARY KEY,
    period_id uuid NOT NULL,
    period text NOT NULL,
    subject_type text NOT NULL,
    subject_id text NOT NULL,
    unit_id text NOT NULL,
    kind text NOT NULL,
    score numeric NOT NULL,
    rank integer NOT NULL,
    grade text NOT NULL,
    granted_by text NOT NULL,
    note text NOT NULL,
    granted_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL,
    event_id uuid NOT NULL
);
CREATE INDEX IF NOT EXISTS rewards_period ON rewards (period, subject_type);
CREATE INDEX IF NOT EXISTS rewards_unit ON rewards (unit_id);
