"""HTTP API of personnel."""
