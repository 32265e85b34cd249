"""PostgreSQL helpers: connection settings for both drivers, pools, schema migrations."""
