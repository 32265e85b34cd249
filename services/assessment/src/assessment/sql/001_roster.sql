-- Projection "assessment-roster": officers, their certificates, and each officer's history.
CREATE TABLE IF NOT EXISTS roster_officers (
    officer_id uuid PRIMARY KEY,
    name text NOT NULL,
    unit_id text NOT NULL,
    staff_kind text NOT NULL,
    enrolled_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS roster_certificates (
    certificate_no text PRIMARY KEY,
    certificate_id uuid NOT NULL,
    officer_id uuid NOT NULL,
    kind text NOT NULL,
    scope_field text NOT NULL,
    scope_area text NOT NULL,
    issued_on date NOT NULL,
    expires_on date NOT NULL,
    status text NOT NULL
);
CREATE INDEX IF NOT EXISTS roster_certificates_officer ON roster_certificates (officer_id);

CREATE TABLE IF NOT EXISTS officer_history (
    officer_id uuid NOT NULL,
    producer text NOT NULL,
    position bigint NOT NULL,
    event_id uuid NOT NULL,
    event_type text NOT NULL,
    aggregate_id uuid NOT NULL,
    aggregate_version integer NOT NULL,
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL,
    actor_id text NOT NULL,
    actor_role text NOT NULL,
    correlation_id text NOT NULL,
    causation_id text NOT NULL,
    payload jsonb NOT NULL,
    PRIMARY KEY (officer_id, producer, position)
);
