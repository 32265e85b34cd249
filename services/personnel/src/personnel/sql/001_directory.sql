-- Projection "personnel-directory": personnel's own list views, fed by its public events. Current
-- state only (the full timelines live in the aggregates): units, officers and their posts,
-- certificates with their present status, the power list, assets.
CREATE TABLE IF NOT EXISTS directory_units (
    unit_id text PRIMARY KEY,
    name text NOT NULL,
    kind text NOT NULL,
    head_officer_id uuid
);

CREATE TABLE IF NOT EXISTS directory_officers (
    officer_id uuid PRIMARY KEY,
    name text NOT NULL,
    unit_id text NOT NULL,
    staff_kind text NOT NULL,
    post_title text,
    post_rank text,
    enforcement_post boolean NOT NULL DEFAULT false,
    removed_from_enforcement_post boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS directory_officers_unit ON directory_officers (unit_id, officer_id);

CREATE TABLE IF NOT EXISTS directory_certificates (
    certificate_no text PRIMARY KEY,
    certificate_id uuid NOT NULL,
    officer_id uuid NOT NULL,
    kind text NOT NULL,
    scope_field text NOT NULL,
    scope_area text NOT NULL,
    issued_on date NOT NULL,
    expires_on date NOT NULL,
    -- active | suspended | revoked | cancelled | replaced | expired (as recorded; a lapsed
    -- suspension and an unrecorded expiry are resolved by date in the queries)
    status text NOT NULL,
    suspended_until date,
    review_due_on date,
    last_review_result text
);
CREATE INDEX IF NOT EXISTS directory_certificates_officer ON directory_certificates (officer_id);

CREATE TABLE IF NOT EXISTS directory_powers (
    power_id uuid PRIMARY KEY,
    code text NOT NULL UNIQUE,
    subject_code text NOT NULL,
    category text NOT NULL,
    name text NOT NULL,
    legal_basis jsonb NOT NULL,
    responsible_unit_id text NOT NULL,
    procedure_template_id text NOT NULL,
    published_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS directory_assets (
    asset_id uuid PRIMARY KEY,
    asset_no text NOT NULL UNIQUE,
    kind text NOT NULL,
    description text NOT NULL,
    unit_id text,
    officer_id uuid
);
