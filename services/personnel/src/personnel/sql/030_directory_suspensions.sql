-- Projection "personnel-directory" (continued): each suspension of a certificate, so that when
-- suspensions overlap (a card not shown, and a sanction) and one is reinstated, the directory still
-- knows the other and its end day. `directory_certificates.suspended_until` is derived from the rows
-- not reinstated: open-ended if one is, else the latest end day.
CREATE TABLE IF NOT EXISTS directory_suspensions (
    certificate_no text NOT NULL,
    position bigint NOT NULL,
    reason text NOT NULL,
    accountability_id uuid,
    starts_at timestamptz NOT NULL,
    until date,
    reinstated boolean NOT NULL DEFAULT false,
    PRIMARY KEY (certificate_no, position)
);
