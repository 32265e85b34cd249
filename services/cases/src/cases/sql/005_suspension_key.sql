-- Projection "cases-enforcers": suspensions may overlap (a card not shown, and a sanction), so a
-- reinstatement ends the one it names by reason and accountability reference. Rows projected before
-- these columns existed have no reason and end on any reinstatement covering them, as before;
-- `zeren rebuild cases cases-enforcers` fills them from the events.
ALTER TABLE enforcer_certificate_periods ADD COLUMN IF NOT EXISTS reason text;
ALTER TABLE enforcer_certificate_periods ADD COLUMN IF NOT EXISTS accountability_id uuid;
