"""What several personnel aggregates share: staff kinds, the bureau's calendar day of an instant, and
the checks every record of a past fact makes on its business time."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime, time
from enum import StrEnum

from shared.domain import DomainError, InvalidInputError, get_clock
from shared.domain.calendar import BUREAU_TIMEZONE, EARLIEST_BUSINESS_TIME, LATEST_BUSINESS_TIME


class StaffKind(StrEnum):
    PERMANENT = "permanent"  # 在编在岗
    CONTRACT = "contract"  # 合同工
    TEMPORARY = "temporary"  # 临时工
    SERVICE = "service"  # 工勤人员


# No certificates for general service staff, contract workers or temporary staff
# (河南省行政执法证件管理办法, 省政府令第180号).
CERTIFIABLE_STAFF = frozenset({StaffKind.PERMANENT})


class RecordOutOfOrderError(DomainError):
    """A change dated before the latest recorded change of the same history: the timeline would fork."""

    code = "record_out_of_order"


class TimeInFutureError(InvalidInputError):
    code = "time_in_future"


class TimeOutOfRangeError(InvalidInputError):
    code = "time_out_of_range"


def bureau_day(at: datetime) -> date:
    """The calendar day of an instant in the bureau's time zone (validity is counted in these days)."""
    return at.astimezone(BUREAU_TIMEZONE).date()


def day_start(day: date) -> datetime:
    """The first instant of a bureau calendar day: a certificate expiring on `day` is invalid from here."""
    return datetime.combine(day, time.min, tzinfo=BUREAU_TIMEZONE)


def checked_instant(at: datetime, field: str) -> datetime:
    """An instant given by a caller (a command's business time, a query's `at`): aware, and within
    the range the bureau's calendar covers — refused as invalid input (422), never left to overflow."""
    if at.tzinfo is None:
        raise InvalidInputError("times must carry a time zone", field=field)
    if not EARLIEST_BUSINESS_TIME <= at < LATEST_BUSINESS_TIME:
        raise TimeOutOfRangeError(
            "a time must lie between 1900 and 9000",
            field=field,
            at=at.isoformat(),
            earliest=EARLIEST_BUSINESS_TIME.isoformat(),
            latest=LATEST_BUSINESS_TIME.isoformat(),
        )
    return at


def business_time(at: datetime | None, field: str) -> datetime:
    """The business time of a record: now when not given; a recorded fact cannot lie in the future."""
    now = get_clock().now()
    if at is None:
        return now
    checked_instant(at, field)
    if at > now:
        raise TimeInFutureError("a record cannot be dated in the future", field=field, at=at.isoformat())
    return at


def not_before(at: datetime, latest: datetime | None, what: str) -> None:
    if latest is not None and at < latest:
        raise RecordOutOfOrderError(
            f"this {what} is dated before the latest recorded change; record changes in the order they happened",
            at=at.isoformat(),
            latest_change_at=latest.isoformat(),
        )


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the month's last day (29 Feb plus 12 months is 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def clean_text(value: str, field: str) -> str:
    value = value.strip()
    if not value:
        raise InvalidInputError(f"{field} must not be blank", field=field)
    return value
