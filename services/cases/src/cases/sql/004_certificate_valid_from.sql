-- Projection "cases-enforcers": the first instant a certificate may be used. A replacement card is
-- valid from the instant it replaced the old one, not from the start of its issue day, so a block on
-- the old card earlier that day still answers for that morning (CertificateIssuedV1.valid_from).
-- Rows projected before this column existed are NULL and read as the start of the issue day, as
-- before; `zeren rebuild cases cases-enforcers` fills them from the events.
ALTER TABLE enforcer_certificates ADD COLUMN IF NOT EXISTS valid_from timestamptz;
