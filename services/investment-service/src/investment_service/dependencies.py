"""Query parameters every investment domain declares the same way."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

PeriodQuery = Annotated[
    str | None,
    Query(
        max_length=32,
        description="统计期间：2021、2021-Q3、2021-07、2021-07-YTD 或 2021-03-01..2021-06-30；默认本年累计",
        examples=["2021"],
    ),
]
RegionQuery = Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）", examples=["411500"])]
