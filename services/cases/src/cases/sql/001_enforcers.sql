-- Projection "cases-enforcers": the certificates personnel has issued, as cases needs them to decide
-- who may take part in an enforcement step at a given instant.
CREATE TABLE IF NOT EXISTS enforcer_certificates (
    certificate_no text PRIMARY KEY,
    officer_id uuid NOT NULL,
    kind text NOT NULL,
    scope_field text NOT NULL,
    scope_area text NOT NULL,
    issued_on date NOT NULL,
    expires_on date NOT NULL,
    issued_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS enforcer_certificates_officer ON enforcer_certificates (officer_id);
