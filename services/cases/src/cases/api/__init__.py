"""HTTP API of cases."""
