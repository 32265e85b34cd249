"""Aggregates of the cases service, one module per area (pure: no web, database or messaging)."""
