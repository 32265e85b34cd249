-- Where this service's notary has got to: the tree it has published to the AUDIT stream.
-- Written only after JetStream acknowledged the leaves (and checkpoint) it describes. It is never
-- trusted on its own: on start the notary takes the frontier recorded at the last checkpoint only if
-- its root is that signed checkpoint's, and continues from the leaves the stream holds after it.
CREATE TABLE IF NOT EXISTS audit_notary_state (
    log text PRIMARY KEY,
    tree_size bigint NOT NULL,              -- leaves published
    last_notification_id bigint NOT NULL,   -- the event of the last leaf
    last_leaf_seq bigint NOT NULL,          -- stream sequence of the last leaf message
    frontier bytea NOT NULL,                -- Merkle frontier of the published tree (shared.audit.frontier)
    checkpoint_size bigint NOT NULL,        -- tree size of the last signed checkpoint
    checkpoint_at timestamptz,              -- when it was issued
    checkpoint_frontier bytea NOT NULL,     -- the frontier at that size (its root is the signed root)
    checkpoint_leaf_seq bigint NOT NULL     -- stream sequence of the checkpoint's last leaf
);
