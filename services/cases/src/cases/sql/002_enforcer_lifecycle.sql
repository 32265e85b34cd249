-- Projection "cases-enforcers", continued: each certificate's lifecycle in business time, so that
-- "could this officer enforce at that instant" is answered for any past instant (DOMAIN §2.2).
ALTER TABLE enforcer_certificates ADD COLUMN IF NOT EXISTS review_due_on date;

-- Periods in which a certificate may not be used: a suspension (ends at its `until` day or when
-- reinstated) or an ending (revoked, cancelled, replaced: open-ended).
CREATE TABLE IF NOT EXISTS enforcer_certificate_periods (
    certificate_no text NOT NULL,
    position bigint NOT NULL,
    status text NOT NULL,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz,
    PRIMARY KEY (certificate_no, position)
);

CREATE TABLE IF NOT EXISTS enforcer_certificate_reviews (
    certificate_no text NOT NULL,
    position bigint NOT NULL,
    reviewed_at timestamptz NOT NULL,
    result text NOT NULL,
    next_review_due_on date,
    PRIMARY KEY (certificate_no, position)
);

-- Removals from the enforcement post: the officer may not enforce while one covers the instant.
CREATE TABLE IF NOT EXISTS enforcer_post_removals (
    officer_id uuid NOT NULL,
    position bigint NOT NULL,
    reason text NOT NULL,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz,
    PRIMARY KEY (officer_id, position)
);
