"""Dependencies of rate endpoints outside the 13710 block (repeat rate, routing rates): the period and the cases'
region, read and checked once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query
from sqlalchemy import ColumnElement

from case_service.case.models import Case
from platform_core.periods import Period, parse_period
from platform_core.regions import RegionsDep
from platform_core.scope import region_filter

PERIOD_HELP = "统计期间：2021、2021-Q3、2021-07、2021-07-YTD 或 2021-03-01..2021-06-30(北京时间)"


@dataclass(frozen=True, slots=True)
class RateQuery:
    """The period of a rate and the condition on the cases' region (empty for the caller's whole scope)."""

    period: Period
    where: list[ColumnElement[bool]]


async def rate_query(
    regions: RegionsDep,
    period: Annotated[str, Query(max_length=32, description=PERIOD_HELP)],
    region_code: Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划（含下级）")] = None,
) -> RateQuery:
    """The period (422 naming `period`) and the region's cases (422 naming `region_code` when unknown)."""
    return RateQuery(parse_period(period), region_filter(Case.region_path, regions, region_code))


RateQueryDep = Annotated[RateQuery, Depends(rate_query)]
