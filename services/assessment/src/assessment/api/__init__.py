"""HTTP API of assessment."""
