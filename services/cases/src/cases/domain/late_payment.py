"""The late-payment surcharge on a fine (加处罚款): a party who does not pay the fine by its due day
is charged, for each day after it, 3% of the fine's amount (行政处罚法 1996 art. 51, 2021 art. 72),
and the surcharge never exceeds the fine itself (行政强制法 art. 45).

The statute rates the surcharge on the fine's amount (罚款数额), not on what is left of it, so a
partial payment does not lower the daily rate; the surcharge stops on the day the fine is paid in
full, that day counted. Money confiscated (没收违法所得) is not a fine and carries no surcharge; the
caller counts payments against the fine first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

DAILY_RATE = Decimal("0.03")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Payment:
    on: date  # the bureau day the payment was made
    yuan: int


@dataclass(frozen=True)
class LatePaymentSurcharge:
    fine_yuan: int
    due_on: date
    as_of: date
    paid_yuan: int  # paid by `as_of`
    paid_in_full_on: date | None
    days_late: int
    surcharge_yuan: Decimal
    capped: bool  # the surcharge reached the fine's amount and stopped growing


def late_payment_surcharge(
    *, fine_yuan: int, due_on: date, payments: Iterable[Payment], as_of: date
) -> LatePaymentSurcharge:
    """The surcharge accrued by the end of `as_of` on a fine of `fine_yuan` due on `due_on`."""
    if fine_yuan <= 0:
        raise ValueError("a surcharge needs a fine to rate it on")
    paid, paid_in_full_on = 0, None
    for payment in sorted(payments, key=lambda p: p.on):
        if payment.on > as_of:
            break
        paid += payment.yuan
        if paid >= fine_yuan:
            paid_in_full_on = payment.on
            break
    last_day = paid_in_full_on or as_of
    days_late = max(0, (last_day - due_on).days)
    cap = Decimal(fine_yuan)
    accrued = (Decimal(fine_yuan) * DAILY_RATE * days_late).quantize(CENT)
    return LatePaymentSurcharge(
        fine_yuan=fine_yuan,
        due_on=due_on,
        as_of=as_of,
        paid_yuan=paid,
        paid_in_full_on=paid_in_full_on,
        days_late=days_late,
        surcharge_yuan=min(accrued, cap).quantize(CENT),
        capped=accrued >= cap,
    )
