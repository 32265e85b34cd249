"""HTTP API of the gateway."""
