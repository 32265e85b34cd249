"""Deadline breaches: a limit whose last day passed before it was met (or is still unmet).

Each aggregate lists its watched deadlines as `Watched` values; a breach is recorded once per kind,
whether the deadline is still open or was met late, so the count does not depend on when the
scheduler happened to run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Watched:
    kind: str
    due_on: date | None  # None: the clock is stopped (a suspension) or the limit does not yet run
    met_on: date | None = None
    applies: bool = True  # False when the path taken no longer needs it (no obligations left)

    def breached_by(self, today: date) -> bool:
        if not self.applies or self.due_on is None:
            return False
        if self.met_on is not None:
            return self.met_on > self.due_on
        return today > self.due_on

    @property
    def open(self) -> bool:
        """Still able to be breached later."""
        return self.applies and self.met_on is None


def due_breaches(watched: Iterable[Watched], already: Iterable[str], today: date) -> list[Watched]:
    recorded = set(already)
    return [w for w in watched if w.kind not in recorded and w.breached_by(today)]
