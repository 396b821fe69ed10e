"""What every domain of investment-service shares: its permissions, and month and period parameters
(regions and their checks come from the platform: `platform_core.regions`, `platform_core.scope`)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from fastapi import Query

from platform_core.periods import SHANGHAI, Period, parse_period, year_to_date
from platform_core.problems import field_error

PROJECT_LIST = "investment:project:list"
PROJECT_MANAGE = "investment:project:manage"
ROUND_MANAGE = "investment:round:manage"
FUNDS_MANAGE = "investment:funds:manage"
FOREIGN_LIST = "investment:foreign:list"
FOREIGN_MANAGE = "investment:foreign:manage"
BULLETIN_IMPORT = "investment:bulletin:import"
STATS_READ = "investment:stats:read"
DICTIONARY_MANAGE = "investment:dictionary:manage"
OPEN_READ = "open:investment:read"


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


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


PeriodQuery = Annotated[
    str | None,
    Query(
        max_length=32,
        description="统计期间：2021、2021-Q3、2021-07、2021-07-YTD 或 2021-03-01..2021-06-30；默认本年累计",
        examples=["2021"],
    ),
]
RegionQuery = Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）", examples=["411500"])]


def child_code(row_path: str, root_path: str) -> str:
    """The code of the root's child a row's region lies under, or the root's own code for rows placed on it.

    `/410000/411500/411522/` under `/410000/411500/` → `411522`.
    """
    rest = row_path[len(root_path) :].strip("/")
    return rest.split("/")[0] if rest else root_path.strip("/").split("/")[-1]


def cents(value: Decimal | None) -> Decimal | None:
    """An amount with exactly two decimals, as the database stores and returns it (so responses agree)."""
    return None if value is None else value.quantize(Decimal("0.01"))
