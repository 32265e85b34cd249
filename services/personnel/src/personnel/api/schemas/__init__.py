"""Request and response bodies of the personnel API (strict: unknown fields are rejected)."""
