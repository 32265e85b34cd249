-- Projection "cases-procedure-index": cases' own public events, as the lists of leads and penalty
-- cases a unit works through (the aggregates, read by id, stay the source of truth).
CREATE TABLE IF NOT EXISTS procedure_leads (
    lead_id uuid PRIMARY KEY,
    register_no text NOT NULL,
    unit_id text NOT NULL,
    source text NOT NULL,
    received_at timestamptz NOT NULL,
    outcome text,
    settlement text,
    case_id uuid,
    breaches text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS procedure_leads_unit ON procedure_leads (unit_id, received_at, lead_id);

CREATE TABLE IF NOT EXISTS procedure_cases (
    case_id uuid PRIMARY KEY,
    case_no text NOT NULL,
    lead_id uuid NOT NULL,
    unit_id text NOT NULL,
    violation_type text NOT NULL,
    party_type text NOT NULL,
    template_version text NOT NULL,
    filed_at timestamptz NOT NULL,
    stage text NOT NULL,
    last_step text,
    outcome text,
    decided_at timestamptz,
    closed_at timestamptz,
    archived_at timestamptz,
    breaches text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS procedure_cases_unit ON procedure_cases (unit_id, filed_at, case_id);
