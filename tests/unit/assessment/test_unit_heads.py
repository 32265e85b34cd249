"""Who headed a unit at an instant, from personnel's appointments and postings."""

from __future__ import annotations

from datetime import UTC, datetime

from assessment.domain.unit_heads import Appointment, Posting, appointed_head, still_heads, unit_at


def at(month: int, day: int = 1) -> datetime:
    return datetime(2018, month, day, tzinfo=UTC)


def test_the_head_is_the_last_appointed_by_then() -> None:
    appointments = [Appointment("wang", at(1), 10), Appointment("li", at(3), 20)]
    assert appointed_head(appointments, at(1)) == "wang"
    assert appointed_head(appointments, at(2, 28)) == "wang"
    assert appointed_head(appointments, at(3, 31)) == "li"
    assert appointed_head(appointments, datetime(2017, 12, 31, tzinfo=UTC)) is None


def test_a_head_who_left_the_unit_heads_it_no_more() -> None:
    postings = [Posting("STN03", at(1), 1), Posting("STN05", at(4, 15), 30)]
    assert unit_at(postings, at(3, 31)) == "STN03"
    assert still_heads("STN03", postings, at(3, 31))
    assert not still_heads("STN03", postings, at(4, 30))
    assert still_heads("STN03", [], at(4, 30))  # no posting known: the appointment stands
