-- Projection "assessment-facts", continued. Some events name an officer or a case and nothing else:
-- the projection remembers, from the same producer's earlier events (one ordered stream, so a
-- rebuild remembers the same), each officer's unit (personnel) and each case's unit, handling
-- officers and closing day (cases). Emptied and refilled with the facts by a rebuild.
CREATE TABLE IF NOT EXISTS fact_officer_units (
    officer_id uuid PRIMARY KEY,
    unit_id text NOT NULL
);
CREATE INDEX IF NOT EXISTS fact_officer_units_unit ON fact_officer_units (unit_id);

CREATE TABLE IF NOT EXISTS fact_cases (
    case_id uuid PRIMARY KEY,
    unit_id text NOT NULL,
    handling_officer_ids uuid[] NOT NULL,
    closed_on date
);

-- Facts a later event retracts as a group (`detail.group`): a recomputed ratio, "not stopped yet".
CREATE INDEX IF NOT EXISTS assessment_facts_group ON assessment_facts ((detail ->> 'group'))
    WHERE (detail ->> 'group') IS NOT NULL;
