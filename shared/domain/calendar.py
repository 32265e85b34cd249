"""The bureau's calendar: its time zone, and working days (工作日) with holidays and make-up days (调休).

Many statutory limits count working days. The calendar is data: the State Council publishes each
year's holidays and the weekend days that become working days; services keep them as configuration.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

BUREAU_TIMEZONE = ZoneInfo("Asia/Shanghai")

# The times a record or a question may carry. Outside them an aware instant may have no bureau
# calendar day at all (year 1 at +14:00 is still year 0 in UTC), and no record of this bureau lies
# there anyway: a caller who sends one made a mistake and hears so (422), never an overflow (500).
EARLIEST_BUSINESS_TIME = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_BUSINESS_TIME = datetime(9000, 1, 1, tzinfo=UTC)
EARLIEST_BUSINESS_DAY = EARLIEST_BUSINESS_TIME.date()
LATEST_BUSINESS_DAY = LATEST_BUSINESS_TIME.date()


@dataclass(frozen=True)
class WorkingDayCalendar:
    holidays: frozenset[date] = frozenset()  # days off, weekdays or not
    makeup_workdays: frozenset[date] = frozenset()  # weekend days worked instead (调休)

    @classmethod
    def of(cls, holidays: Iterable[date] = (), makeup_workdays: Iterable[date] = ()) -> WorkingDayCalendar:
        return cls(frozenset(holidays), frozenset(makeup_workdays))

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> date:
        """The day on which a limit of `days` working days counted from `start` ends (start excluded)."""
        if days < 0:
            raise ValueError("days must not be negative")
        current, remaining = start, days
        while remaining:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_day_on_or_after(self, day: date) -> date:
        """`day`, or the first working day after it when it is a day off: a period that ends on a day
        off ends on the next working day (民事诉讼法 art. 85, which courts apply to the periods of
        administrative litigation and of applying for enforcement)."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if `end` is not after `start`)."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# State Council holiday schedules (国务院办公厅关于部分节假日安排的通知) for the article's years, as
# the default configuration [DK]. Later years are added as configuration, not code.
CHINA_2017_2018 = WorkingDayCalendar.of(
    holidays=[
        *_days(date(2016, 12, 31), date(2017, 1, 2)),
        *_days(date(2017, 1, 27), date(2017, 2, 2)),
        *_days(date(2017, 4, 2), date(2017, 4, 4)),
        *_days(date(2017, 4, 29), date(2017, 5, 1)),
        *_days(date(2017, 5, 28), date(2017, 5, 30)),
        *_days(date(2017, 10, 1), date(2017, 10, 8)),
        *_days(date(2017, 12, 30), date(2018, 1, 1)),
        *_days(date(2018, 2, 15), date(2018, 2, 21)),
        *_days(date(2018, 4, 5), date(2018, 4, 7)),
        *_days(date(2018, 4, 29), date(2018, 5, 1)),
        *_days(date(2018, 6, 16), date(2018, 6, 18)),
        *_days(date(2018, 9, 22), date(2018, 9, 24)),
        *_days(date(2018, 10, 1), date(2018, 10, 7)),
        *_days(date(2018, 12, 30), date(2019, 1, 1)),  # New Year 2019 (the 2019 notice), as 2018 ends
    ],
    makeup_workdays=[
        date(2017, 1, 22),
        date(2017, 2, 4),
        date(2017, 4, 1),
        date(2017, 5, 27),
        date(2017, 9, 30),
        date(2018, 2, 11),
        date(2018, 2, 24),
        date(2018, 4, 8),
        date(2018, 4, 28),
        date(2018, 9, 29),
        date(2018, 9, 30),
        date(2018, 12, 29),
    ],
)
