-- Projection "cases-body-cameras": the body cameras (执法记录仪) of personnel's asset register, and
-- whom each is assigned to, so a clip is accepted only from a camera the bureau has registered.
CREATE TABLE IF NOT EXISTS body_cameras (
    asset_no text PRIMARY KEY,
    asset_id uuid NOT NULL,
    description text NOT NULL,
    unit_id text,
    officer_id uuid,
    assigned_at timestamptz,
    assigned_position bigint
);
