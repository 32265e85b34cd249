-- Projection "assessment-roster", continued: where each officer stood over time (unit, and whether
-- the post held is an enforcement post), and who was appointed to head each unit, in business time.
-- They answer "who headed STN03 at the end of March" (a unit's transfer proposal names its head) and
-- "who held an enforcement post at the end of the period" (the certified-ratio KPI).
CREATE TABLE IF NOT EXISTS roster_postings (
    officer_id uuid NOT NULL,
    position bigint NOT NULL,
    unit_id text NOT NULL,
    enforcement_post boolean NOT NULL,
    starts_at timestamptz NOT NULL,
    PRIMARY KEY (officer_id, position)
);
CREATE INDEX IF NOT EXISTS roster_postings_at ON roster_postings (starts_at);

CREATE TABLE IF NOT EXISTS roster_unit_heads (
    unit_id text NOT NULL,
    position bigint NOT NULL,
    officer_id uuid NOT NULL,
    appointed_at timestamptz NOT NULL,
    PRIMARY KEY (unit_id, position)
);
