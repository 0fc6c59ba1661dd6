"""Deadlines of administrative procedure (KPA) and of the Act.

- A deadline in months ends on the day of the last month that corresponds to
  the starting day, or on the month's last day when there is none
  (KPA art. 57 § 3).
- A deadline ending on a public holiday or a Sunday, and since 1 June 2017 on
  a Saturday, ends on the next working day (KPA art. 57 § 4); the Saturday
  rule is the dated rule `saturday_is_holiday`.
Public holidays come from the maintained `holidays` package.
"""

from __future__ import annotations

import calendar
import datetime
from functools import lru_cache

import holidays

from units.constants import RuleCode

SUNDAY = 6
SATURDAY = 5


@lru_cache(maxsize=64)
def _polish_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.Poland(years=year))


def is_public_holiday(day: datetime.date) -> bool:
    return day in _polish_holidays(day.year)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def months_period_end(start: datetime.date, months: int) -> datetime.date:
    """The last day of a period of `months` months that begins on `start`
    (counted with it): the day before the same date `months` later, or, when
    that month has no such date, its last day (KC art. 112). A month from
    10 March ends on 9 April; from 31 January on the last day of February."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if start.day > last:
        return datetime.date(year, month, last)
    return datetime.date(year, month, start.day) - datetime.timedelta(days=1)


def next_working_day(day: datetime.date) -> datetime.date:
    """`day`, or the first day after it that is not a day off (KPA art. 57 § 4)."""
    from units.models import LegalRule  # noqa: PLC0415 - models import this module

    while True:
        saturday_off = LegalRule.objects.value(RuleCode.SATURDAY_IS_HOLIDAY, on=day)
        off = (
            day.weekday() == SUNDAY
            or (saturday_off and day.weekday() == SATURDAY)
            or is_public_holiday(day)
        )
        if not off:
            return day
        day += datetime.timedelta(days=1)


def months_deadline(start: datetime.date, months: int) -> datetime.date:
    return next_working_day(add_months(start, months))


def days_deadline(start: datetime.date, days: int) -> datetime.date:
    return next_working_day(start + datetime.timedelta(days=days))
