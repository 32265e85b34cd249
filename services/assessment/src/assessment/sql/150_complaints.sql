-- Projection "assessment-decisions" (continued): complaints as a list for the read routes. The event
-- store keeps each complaint's summary, evidence and history; the list holds what a filter needs.
CREATE TABLE IF NOT EXISTS complaints (
    complaint_id uuid PRIMARY KEY,
    channel text NOT NULL,
    subject_type text NOT NULL,
    subject_id text NOT NULL,
    unit_id text NOT NULL,
    status text NOT NULL,                    -- received | upheld | not_upheld
    received_at timestamptz NOT NULL,
    received_by text NOT NULL,
    decided_at timestamptz,
    decided_by text,
    officer_ids text[] NOT NULL DEFAULT '{}',
    matter_id uuid
);
CREATE INDEX IF NOT EXISTS complaints_unit ON complaints (unit_id, status);
