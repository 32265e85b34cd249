"""The seed's only source of chance: a generator per (seed, purpose), so the same options always
give the same demo, and one phase's draws never shift another's."""

from __future__ import annotations

import random


def seeded(seed: int, purpose: str) -> random.Random:
    # Reproducible demo data, not secrets: the standard generator is the right tool here.
    return random.Random(f"{seed}/{purpose}")  # noqa: S311
