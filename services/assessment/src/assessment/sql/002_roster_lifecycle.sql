-- Projection "assessment-roster", continued: each certificate's lifecycle and each officer's removals
-- from the enforcement post, in business time, so the roster on any date reflects suspensions,
-- revocations, cancellations, replacements, reviews and removals (the reading personnel defines in
-- shared.contracts.personnel).
ALTER TABLE roster_certificates ADD COLUMN IF NOT EXISTS review_due_on date;

CREATE TABLE IF NOT EXISTS roster_certificate_periods (
    certificate_no text NOT NULL,
    position bigint NOT NULL,
    status text NOT NULL,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz,
    PRIMARY KEY (certificate_no, position)
);

CREATE TABLE IF NOT EXISTS roster_certificate_reviews (
    certificate_no text NOT NULL,
    position bigint NOT NULL,
    reviewed_at timestamptz NOT NULL,
    result text NOT NULL,
    next_review_due_on date,
    PRIMARY KEY (certificate_no, position)
);

CREATE TABLE IF NOT EXISTS roster_post_removals (
    officer_id uuid NOT NULL,
    position bigint NOT NULL,
    reason text NOT NULL,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz,
    PRIMARY KEY (officer_id, position)
);
