-- Consumer "personnel-assessment-decisions": each decision of assessment personnel acted upon (a
-- sanction imposed or revoked, a transfer decided) and the state it left: in_effect, lifted,
-- revocation_stands, transferred, or refused:<code> when personnel's rules refused it.
CREATE TABLE IF NOT EXISTS personnel_assessment_decisions (
    event_id uuid PRIMARY KEY,
    event_type text NOT NULL,
    decision_id uuid NOT NULL,
    officer_id uuid NOT NULL,
    outcome text NOT NULL,
    position bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS personnel_assessment_decisions_officer ON personnel_assessment_decisions (officer_id);
