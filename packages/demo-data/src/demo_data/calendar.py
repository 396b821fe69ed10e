"""The demo's recent calendar: last year and this year up to today (Asia/Shanghai), so the first screens of
any day show this year's figures against last year's. Years up to 2021 are left to the report's own data."""

from __future__ import annotations

import random
from datetime import date, timedelta

from platform_core.periods import today

#: The report year of the demo: its records are fixed, recent records never fall in it or before.
REPORT_YEAR = 2021


def recent_years(on: date | None = None) -> list[int]:
    """Last year and this year, leaving out the report year and earlier."""
    day = on or today()
    return [y for y in (day.year - 1, day.year) if y > REPORT_YEAR]


def recent_months(on: date | None = None) -> list[date]:
    """The first day of every month of the recent years up to this month."""
    day = on or today()
    return [date(y, m, 1) for y in recent_years(day) for m in range(1, 13) if date(y, m, 1) <= day]


def day_in(rng: random.Random, month: date, on: date | None = None, first: int = 1, last: int = 28) -> date:
    """A day of a month between two days of it, never after today."""
    day = on or today()
    latest = min(month.replace(day=last), day)
    earliest = min(month.replace(day=first), latest)
    return earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))


def months_between(start: date, end: date) -> list[date]:
    """The first days of the months from the month of `start` to that of `end`."""
    out: list[date] = []
    month = start.replace(day=1)
    while month <= end:
        out.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return out
