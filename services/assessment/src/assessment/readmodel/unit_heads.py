"""The write side's `UnitHeads` port over the roster projection: who headed a unit on a day, from
personnel's appointments and postings (psycopg, synchronous, a pool opened on first use)."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from typing import Any

from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from assessment.domain.unit_heads import Appointment, Posting, appointed_head, still_heads
from shared.contracts.personnel import day_start


def end_of_day(day: date) -> datetime:
    return day_start(day + timedelta(days=1)) - timedelta(microseconds=1)


class PostgresUnitHeads:
    def __init__(self, database_url: str, schema: str, *, max_size: int = 2) -> None:
        self._pool = ConnectionPool(
            database_url,
            min_size=1,
            max_size=max_size,
            open=False,
            kwargs={"options": f"-c search_path={schema}", "row_factory": dict_row, "autocommit": True},
        )
        self._lock = threading.Lock()
        self._opened = False

    def __call__(self, unit_id: str, on: date) -> str | None:
        """The head of `unit_id` at the close of `on`, or None when none was appointed (or the one
        appointed had left the unit by then)."""
        at = end_of_day(on)
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT officer_id, appointed_at, position FROM roster_unit_heads WHERE unit_id = %(unit)s",
                {"unit": unit_id},
            ).fetchall()
            head = appointed_head(
                [Appointment(str(r["officer_id"]), r["appointed_at"], r["position"]) for r in rows], at
            )
            if head is None:
                return None
            postings = conn.execute(
                "SELECT unit_id, starts_at, position FROM roster_postings WHERE officer_id = %(officer)s",
                {"officer": head},
            ).fetchall()
        return (
            head
            if still_heads(unit_id, [Posting(p["unit_id"], p["starts_at"], p["position"]) for p in postings], at)
            else None
        )

    def close(self) -> None:
        with self._lock:
            if self._opened:
                self._pool.close()
                self._opened = False

    def _connection(self) -> Any:
        with self._lock:
            if not self._opened:
                self._pool.open(wait=True, timeout=10)
                self._opened = True
        return self._pool.connection()
