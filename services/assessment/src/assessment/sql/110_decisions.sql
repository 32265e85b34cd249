-- Projection "assessment-decisions": assessment's own public events, as lists for the read routes.
-- The event store stays the source of truth of each ranking, decision and matter.
CREATE TABLE IF NOT EXISTS ranking_lines (
    period_id uuid NOT NULL,
    subject_type text NOT NULL,
    period text NOT NULL,
    kind text NOT NULL,
    subject_id text NOT NULL,
    unit_id text NOT NULL,
    score numeric NOT NULL,
    rank integer NOT NULL,
    grade text NOT NULL,
    bottom boolean NOT NULL,
    scheme_version integer NOT NULL,
    published_at timestamptz NOT NULL,
    published_by text NOT NULL,
    event_id uuid NOT NULL,
    PRIMARY KEY (period_id, subject_id)
);
CREATE INDEX IF NOT EXISTS ranking_lines_subject ON ranking_lines (subject_type, subject_id, period);

CREATE TABLE IF NOT EXISTS decisions (
    decision_id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('admonishment_talk', 'post_transfer')),
    period_id uuid NOT NULL,
    period text NOT NULL,
    subject_type text NOT NULL,
    subject_id text NOT NULL,
    unit_id text NOT NULL,
    officer_id text,
    status text NOT NULL,                    -- required | held | proposed | transferred | not_transferred
    due_on date,
    late boolean,
    scheme_version integer NOT NULL,
    detail jsonb NOT NULL,
    made_at timestamptz NOT NULL,
    made_event_id uuid NOT NULL,
    resolved_at timestamptz,                 -- business time of the talk held / transfer decided
    resolved_recorded_at timestamptz,
    resolved_by text,
    resolved_event_id uuid
);
CREATE INDEX IF NOT EXISTS decisions_period ON decisions (period, kind);
CREATE INDEX IF NOT EXISTS decisions_unit ON decisions (unit_id, status);

CREATE TABLE IF NOT EXISTS matters (
    matter_id uuid PRIMARY KEY,
    category text NOT NULL,
    trigger text NOT NULL,
    unit_id text NOT NULL,
    suspected_officer_ids text[] NOT NULL,
    trigger_event_ids text[] NOT NULL,
    raised_on date NOT NULL,
    raised_by text NOT NULL,
    status text NOT NULL,                    -- raised | decided | closed
    closed_at timestamptz,
    raised_event_id uuid NOT NULL
);
CREATE INDEX IF NOT EXISTS matters_unit ON matters (unit_id, status);

CREATE TABLE IF NOT EXISTS matter_sanctions (
    sanction_id uuid PRIMARY KEY,
    matter_id uuid NOT NULL,
    officer_id uuid,
    unit_id text,
    sanction_type text NOT NULL,
    tier text NOT NULL,
    effective_at timestamptz NOT NULL,
    ends_at timestamptz,
    decided_by text NOT NULL,
    revoked boolean NOT NULL DEFAULT false,
    event_id uuid NOT NULL
);
CREATE INDEX IF NOT EXISTS matter_sanctions_matter ON matter_sanctions (matter_id);
