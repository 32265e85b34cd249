"""Ids a caller may send (request, correlation and causation ids): echoed into logs, headers and
every recorded event, so only short, plain tokens are taken; anything else is dropped."""

from __future__ import annotations

_SAFE_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:")
MAX_ID_LENGTH = 128


def clean_id(value: str | None) -> str | None:
    """`value` if it is a short, plain token; None otherwise (the caller then makes its own)."""
    if value and len(value) <= MAX_ID_LENGTH and set(value) <= _SAFE_ID_CHARS:
        return value
    return None
