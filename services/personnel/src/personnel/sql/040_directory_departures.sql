-- Projection "personnel-directory" (continued): an officer who left the bureau stays listed under
-- the last unit, marked with when and why. Rows projected before these columns existed read as in
-- service, which they were: no departure could be recorded then.
ALTER TABLE directory_officers ADD COLUMN IF NOT EXISTS departed_at timestamptz;
ALTER TABLE directory_officers ADD COLUMN IF NOT EXISTS departure_reason text;
