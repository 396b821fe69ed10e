"""Working-day calendar from the State Council's holiday notices (holidays and make-up workdays, 调休)."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

from platform_core.periods import SHANGHAI


class WorkCalendar:
    """Which local days are working days: weekdays, minus public holidays, plus make-up weekend workdays."""

    def __init__(self, off_days: set[date], make_up_days: set[date], years: set[int]) -> None:
        """Use the given holiday and make-up sets."""
        self.off_days = off_days
        self.make_up_days = make_up_days
        self.years = years

    def is_workday(self, day: date) -> bool:
        """Whether a local day is a working day."""
        if day in self.make_up_days:
            return True
        if day in self.off_days:
            return False
        return day.weekday() < 5

    def add_workdays(self, start: datetime, days: int) -> datetime:
        """The same local time `days` working days later (a start on a day off counts from the next workday)."""
        local = start.astimezone(SHANGHAI)
        day = local.date()
        remaining = days
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                remaining -= 1
        return datetime.combine(day, local.timetz()).astimezone(start.tzinfo)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """The part of [start, end) that falls on local working days (a clock paused over a weekend loses none)."""
        if end <= start:
            return timedelta(0)
        lo, hi = start.astimezone(SHANGHAI), end.astimezone(SHANGHAI)
        total = timedelta(0)
        day = lo.date()
        while day <= hi.date():
            if self.is_workday(day):
                day_start = datetime.combine(day, time(0), SHANGHAI)
                part = min(day_start + timedelta(days=1), hi) - max(day_start, lo)
                total += max(part, timedelta(0))
            day += timedelta(days=1)
        return total

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """The instant `amount` of working time after `start`, counting only the hours of local working days."""
        cursor = start.astimezone(SHANGHAI)
        remaining = amount
        while remaining > timedelta(0):
            day_end = datetime.combine(cursor.date() + timedelta(days=1), time(0), SHANGHAI)
            if self.is_workday(cursor.date()):
                available = day_end - cursor
                if remaining <= available:
                    return (cursor + remaining).astimezone(start.tzinfo)
                remaining -= available
            cursor = day_end
        return cursor.astimezone(start.tzinfo)


def read_calendar(folder: Path) -> WorkCalendar:
    """Load every `YYYY.json` of the holiday data set in a folder."""
    off: set[date] = set()
    make_up: set[date] = set()
    years: set[int] = set()
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        years.add(int(data["year"]))
        for entry in data.get("days", []):
            day = date.fromisoformat(entry["date"])
            (off if entry["isOffDay"] else make_up).add(day)
    return WorkCalendar(off, make_up, years)


@lru_cache(maxsize=4)
def load_calendar(reference_dir: Path) -> WorkCalendar:
    """The calendar of the reference data folder (`holidays-cn/`), cached."""
    return read_calendar(reference_dir / "holidays-cn")
