-- Projection "assessment-facts": one row per fact, each naming the event it came from. Scores and
-- KPIs are computed from these rows only. Rows are never updated: a later event retracts a fact
-- with a row of category 'retraction' whose `retracts` names it.
CREATE TABLE IF NOT EXISTS assessment_facts (
    fact_id uuid PRIMARY KEY,                -- derived from a key the mapper chooses: stable across rebuilds
    subject_type text NOT NULL CHECK (subject_type IN ('unit', 'officer')),
    subject_id text NOT NULL,                -- a unit code, or an officer id
    unit_id text NOT NULL,                   -- the subject's unit when the fact happened
    category text NOT NULL CHECK (category IN ('measure', 'deduction', 'bonus', 'retraction')),
    code text NOT NULL,                      -- `<item>.<metric>`, a deduction or bonus code, or a KPI code
    value numeric NOT NULL,                  -- a score, a 1/0 outcome, a count, points
    counts_for date NOT NULL,                -- the bureau-local day the fact counts for
    retracts uuid,                           -- for a retraction: the fact it cancels
    source_producer text NOT NULL,
    source_position bigint NOT NULL,
    source_event_id uuid NOT NULL,
    source_event_type text NOT NULL,
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL,
    detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX IF NOT EXISTS assessment_facts_period ON assessment_facts (subject_type, counts_for);
CREATE INDEX IF NOT EXISTS assessment_facts_unit ON assessment_facts (unit_id, counts_for);
CREATE INDEX IF NOT EXISTS assessment_facts_retracts ON assessment_facts (retracts) WHERE retracts IS NOT NULL;
CREATE INDEX IF NOT EXISTS assessment_facts_source ON assessment_facts (source_event_id);
