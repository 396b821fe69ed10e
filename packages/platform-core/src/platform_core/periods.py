"""Reporting periods in Asia/Shanghai: month, quarter, year, year-to-date, custom; last year's same period
(同比) and the previous period (环比)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from platform_core.problems import field_error

SHANGHAI = ZoneInfo("Asia/Shanghai")

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YTD = re.compile(r"^(\d{4})-(\d{2})-YTD$")
_CUSTOM = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True, slots=True)
class Period:
    """A half-open span of local days [first_day, end_day) with its kind and label."""

    kind: str  # year | quarter | month | ytd | custom
    first_day: date
    end_day: date  # exclusive
    label: str

    @property
    def start(self) -> datetime:
        """The first instant, Asia/Shanghai midnight."""
        return datetime.combine(self.first_day, datetime.min.time(), SHANGHAI)

    @property
    def end(self) -> datetime:
        """The instant after the period (exclusive)."""
        return datetime.combine(self.end_day, datetime.min.time(), SHANGHAI)

    @property
    def last_day(self) -> date:
        """The period's last day (inclusive)."""
        return self.end_day - timedelta(days=1)

    def contains(self, moment: datetime | date) -> bool:
        """Whether an instant or a local day falls in the period."""
        if isinstance(moment, datetime):
            return self.start <= moment < self.end
        return self.first_day <= moment < self.end_day

    def same_period_last_year(self) -> Period:
        """The same span one year earlier (同比); 29 February maps to 28 February."""
        return Period(self.kind, _minus_year(self.first_day), _minus_year(self.end_day), f"{self.label}(上年同期)")

    def previous(self) -> Period:
        """The span just before, of the same kind and length (环比)."""
        if self.kind == "month":
            first = _add_months(self.first_day, -1)
            return month(first.year, first.month)
        if self.kind == "quarter":
            first = _add_months(self.first_day, -3)
            return quarter(first.year, (first.month - 1) // 3 + 1)
        if self.kind in ("year", "ytd"):
            return self.same_period_last_year()
        length = self.end_day - self.first_day
        return Period("custom", self.first_day - length, self.first_day, f"{self.first_day - length}..")


def _minus_year(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:
        return d.replace(year=d.year - 1, day=28)


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def year(y: int) -> Period:
    """A calendar year."""
    return Period("year", date(y, 1, 1), date(y + 1, 1, 1), f"{y}年")


def quarter(y: int, q: int) -> Period:
    """A calendar quarter."""
    first = date(y, 3 * (q - 1) + 1, 1)
    return Period("quarter", first, _add_months(first, 3), f"{y}年第{q}季度")


def month(y: int, m: int) -> Period:
    """A calendar month."""
    first = date(y, m, 1)
    return Period("month", first, _add_months(first, 1), f"{y}年{m}月")


def year_to_date(y: int, through_month: int) -> Period:
    """January to the end of a month (累计)."""
    return Period("ytd", date(y, 1, 1), _add_months(date(y, through_month, 1), 1), f"{y}年1-{through_month}月")


def parse_period(text: str, field: str = "period") -> Period:
    """Read `2021`, `2021-Q3`, `2021-07`, `2021-07-YTD` or `2021-03-01..2021-06-30` (422 naming the field)."""
    value = text.strip().upper()
    try:
        if m := _YEAR.match(value):
            return year(int(m[1]))
        if m := _QUARTER.match(value):
            return quarter(int(m[1]), int(m[2]))
        if m := _MONTH.match(value):
            return month(int(m[1]), int(m[2]))
        if m := _YTD.match(value):
            return year_to_date(int(m[1]), int(m[2]))
        if m := _CUSTOM.match(value):
            first, last = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            if last < first:
                raise ValueError("end before start")
            return Period("custom", first, last + timedelta(days=1), f"{first}至{last}")
    except ValueError as exc:
        raise field_error(field, "统计期间不正确") from exc
    raise field_error(field, "统计期间格式应为 2021、2021-Q3、2021-07、2021-07-YTD 或 2021-03-01..2021-06-30")


def yoy_percent(current: float | int, previous: float | int) -> float | None:
    """Growth against last year in percent, one decimal; None when last year was zero."""
    if not previous:
        return None
    return round((float(current) - float(previous)) / float(previous) * 100, 1)


def today() -> date:
    """Today in Asia/Shanghai (the day the bureau's officials live in)."""
    return datetime.now(SHANGHAI).date()


def parse_month(text: str, field: str = "month") -> date:
    """`2021-06` → 2021-06-01 (422 naming the field otherwise)."""
    m = _MONTH.match(text.strip())
    if not m or not 1 <= int(m[2]) <= 12:
        raise field_error(field, "月份格式应为 YYYY-MM，如 2021-06")
    return date(int(m[1]), int(m[2]), 1)


def month_text(d: date) -> str:
    """2021-06-01 → `2021-06`."""
    return f"{d.year:04d}-{d.month:02d}"


def period_or_ytd(period: str | None) -> Period:
    """The asked period, or this year to date (Asia/Shanghai)."""
    if period:
        return parse_period(period)
    now = today()
    return year_to_date(now.year, now.month)
