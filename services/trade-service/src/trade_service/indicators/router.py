"""`GET /api/v1/trade/indicators`: the report's trade figures for a period and region."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from platform_core.auth import Principal, require_perms
from platform_core.db import SessionDep
from platform_core.pagination import forbid_unknown_query
from platform_core.periods import parse_period, today
from platform_core.regions import RegionsDep
from trade_service.indicators import figures
from trade_service.indicators.schemas import IndicatorReport, MonthlyReport

router = APIRouter(prefix="/api/v1/trade", tags=["对外经贸指标"], dependencies=[Depends(forbid_unknown_query)])


@router.get("/indicators", summary="对外经贸指标（报告第25-47项）", response_model=IndicatorReport)
async def indicators(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms("trade:indicator:read"))],
    period: Annotated[
        str, Query(max_length=32, description="统计期间：2021、2021-Q3、2021-07、2021-07-YTD 或 2021-03-01..2021-06-30")
    ],
    region_code: Annotated[
        str | None, Query(pattern=r"^\d{6}$", description="区域（含下级）；默认为本人所属区域")
    ] = None,
) -> IndicatorReport:
    """Every figure of rows 25-47 with 同比, 环比 for promotion events, ranks from bulletins, rates' parts."""
    return await figures.report(
        session, principal=principal, regions=regions, period=parse_period(period), region_code=region_code
    )


@router.get("/indicators/monthly", summary="对外经贸指标（逐月同比）", response_model=MonthlyReport)
async def indicators_monthly(
    session: SessionDep,
    regions: RegionsDep,
    principal: Annotated[Principal, Depends(require_perms("trade:indicator:read"))],
    year: Annotated[int | None, Query(ge=2000, le=2100, description="年度，默认本年(北京时间)")] = None,
    region_code: Annotated[
        str | None, Query(pattern=r"^\d{6}$", description="区域（含下级）；默认为本人所属区域")
    ] = None,
) -> MonthlyReport:
    """Exports, imports and workers dispatched month by month (not cumulative) in a year and the year before."""
    return await figures.monthly(
        session, principal=principal, regions=regions, year=year or today().year, region_code=region_code
    )
