"""The late-payment surcharge (加处罚款) as a pure rule: 3% of the fine a day after the due day, up
to the fine itself, until the fine is paid in full."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from cases.domain.late_payment import Payment, late_payment_surcharge

DUE = date(2018, 4, 11)


def surcharge(as_of: date, *payments: Payment, fine: int = 4_000) -> tuple[int, Decimal, bool]:
    result = late_payment_surcharge(fine_yuan=fine, due_on=DUE, payments=payments, as_of=as_of)
    return result.days_late, result.surcharge_yuan, result.capped


def test_nothing_accrues_up_to_and_on_the_due_day() -> None:
    assert surcharge(DUE - timedelta(days=3)) == (0, Decimal("0.00"), False)
    assert surcharge(DUE) == (0, Decimal("0.00"), False)


def test_each_day_late_adds_three_percent_of_the_fine() -> None:
    assert surcharge(DUE + timedelta(days=1)) == (1, Decimal("120.00"), False)
    assert surcharge(DUE + timedelta(days=10)) == (10, Decimal("1200.00"), False)
    assert surcharge(DUE + timedelta(days=1), fine=333) == (1, Decimal("9.99"), False)


def test_the_surcharge_stops_at_the_fine_s_amount() -> None:
    assert surcharge(DUE + timedelta(days=33)) == (33, Decimal("3960.00"), False)
    assert surcharge(DUE + timedelta(days=34)) == (34, Decimal("4000.00"), True)
    assert surcharge(DUE + timedelta(days=400)) == (400, Decimal("4000.00"), True)


def test_a_partial_payment_does_not_lower_the_rate_and_full_payment_stops_it() -> None:
    partial = Payment(DUE + timedelta(days=2), 3_000)
    rest = Payment(DUE + timedelta(days=5), 1_000)
    assert surcharge(DUE + timedelta(days=4), partial) == (4, Decimal("480.00"), False)
    later = late_payment_surcharge(
        fine_yuan=4_000, due_on=DUE, payments=[rest, partial], as_of=DUE + timedelta(days=60)
    )
    assert (later.days_late, later.surcharge_yuan, later.paid_yuan) == (5, Decimal("600.00"), 4_000)
    assert later.paid_in_full_on == DUE + timedelta(days=5)


def test_payments_after_the_day_asked_about_do_not_count_yet() -> None:
    result = late_payment_surcharge(
        fine_yuan=4_000, due_on=DUE, payments=[Payment(DUE + timedelta(days=5), 4_000)], as_of=DUE + timedelta(days=3)
    )
    assert (result.paid_yuan, result.paid_in_full_on, result.days_late) == (0, None, 3)


def test_a_fine_paid_on_time_owes_nothing_later() -> None:
    assert surcharge(DUE + timedelta(days=90), Payment(DUE, 4_000)) == (0, Decimal("0.00"), False)


def test_there_is_no_surcharge_without_a_fine() -> None:
    with pytest.raises(ValueError, match="needs a fine"):
        late_payment_surcharge(fine_yuan=0, due_on=DUE, payments=[], as_of=DUE)
