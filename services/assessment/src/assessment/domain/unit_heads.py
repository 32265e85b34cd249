"""Who headed a unit at an instant: the officer last appointed its head by then, unless that officer
had since left the unit (a transfer or a new unit ends the headship even before a successor is
appointed). Read from personnel's appointments and postings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Appointment:
    officer_id: str
    appointed_at: datetime
    position: int


@dataclass(frozen=True)
class Posting:
    unit_id: str
    starts_at: datetime
    position: int


def appointed_head(appointments: Iterable[Appointment], at: datetime) -> str | None:
    """The officer last appointed by `at` (among one unit's appointments)."""
    made = [a for a in appointments if a.appointed_at <= at]
    return max(made, key=lambda a: (a.appointed_at, a.position)).officer_id if made else None


def unit_at(postings: Iterable[Posting], at: datetime) -> str | None:
    """The unit of one officer's latest posting by `at` (None if none is known)."""
    known = [p for p in postings if p.starts_at <= at]
    return max(known, key=lambda p: (p.starts_at, p.position)).unit_id if known else None


def still_heads(unit_id: str, head_postings: Iterable[Posting], at: datetime) -> bool:
    """The appointed head still belonged to the unit at `at`."""
    return unit_at(head_postings, at) in (None, unit_id)
